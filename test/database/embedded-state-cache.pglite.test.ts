import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirFingerprint } from '../../src/database/embedded-state-cache.js';
import { createPglite } from '../../src/database/pglite-client.js';
import { runCli, seedPglite, tempProject } from '../support/cli.js';

const SCHEMA = `import { defineSchema, integer, table, text } from 'retort-pg';

export const users = table('users', {
  id: integer().primaryKey(),
  email: text().notNull(),
});
export default defineSchema({ tables: [users] });
`;

describe('dataDirFingerprint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'retort-fingerprint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('changes when a file is written, added or removed, and not otherwise', async () => {
    writeFileSync(join(dir, 'a'), 'one');
    const first = dataDirFingerprint(dir);
    expect(dataDirFingerprint(dir)).toBe(first);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(join(dir, 'a'), 'one');
    const rewritten = dataDirFingerprint(dir);
    expect(rewritten).not.toBe(first);
    writeFileSync(join(dir, 'b'), '');
    const added = dataDirFingerprint(dir);
    expect(added).not.toBe(rewritten);
    rmSync(join(dir, 'b'));
    expect(dataDirFingerprint(dir)).not.toBe(added);
  });
});

describe('check on the embedded database reads it again whenever it changed', () => {
  let dir: string;
  const retort = (...args: string[]) => runCli(args, { cwd: dir });
  const cached = (): string[] =>
    readdirSync(join(dir, '.retort', 'cache')).filter((f) => f.startsWith('database-'));

  beforeAll(async () => {
    dir = tempProject();
    await seedPglite(dir);
    expect((await retort('init')).code).toBe(0);
    writeFileSync(
      join(dir, 'retort.config.ts'),
      "import { defineConfig } from 'retort-pg';\nexport default defineConfig({ schema: './schema.ts', databaseUrl: 'pglite:./.retort/db' });\n",
    );
    writeFileSync(join(dir, 'schema.ts'), SCHEMA);
    expect((await retort('revision', '--autogenerate', '-m', 'users')).code).toBe(0);
    expect((await retort('upgrade', 'head')).code).toBe(0);
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is clean twice, the second time from what the first read', async () => {
    expect((await retort('check')).code).toBe(0);
    expect(cached()).toHaveLength(1);
    const again = await retort('check');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No differences');
  }, 240_000);

  it('sees a change made to the directory by another program (no retort, no lock)', async () => {
    const db = await createPglite({ dataDir: join(dir, '.retort', 'db') });
    await db.exec('ALTER TABLE users ADD COLUMN nickname text');
    await db.close();
    const drift = await retort('check');
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('nickname');
  }, 240_000);

  it('sees a downgrade, and the pending revision it leaves', async () => {
    const db = await createPglite({ dataDir: join(dir, '.retort', 'db') });
    await db.exec('ALTER TABLE users DROP COLUMN nickname');
    await db.close();
    expect((await retort('check')).code).toBe(0);
    expect((await retort('downgrade', 'base')).code).toBe(0);
    const json = JSON.parse((await retort('check', '--json')).stdout) as {
      clean: boolean;
      pending: string[];
      differences: { kind: string }[];
    };
    expect(json.clean).toBe(false);
    expect(json.pending).toHaveLength(1);
    expect(json.differences.map((d) => d.kind)).toContain('CreateTable');
  }, 240_000);
});
