import { cpSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extensionsIn } from '../../src/database/pglite-extensions.js';
import { runBinary, runCli, tempProject } from '../support/cli.js';

const EXAMPLE = resolve(import.meta.dirname, '../../examples/trigram-search');

describe('contrib extensions on the embedded database', () => {
  it('finds the extensions a text creates', () => {
    expect(
      extensionsIn(`CREATE EXTENSION IF NOT EXISTS "uuid-ossp"; create extension pg_trgm;
        op.createExtension('citext'); defineSchema({ extensions: ['pgcrypto', "hstore"] })`),
    ).toEqual(['uuid-ossp', 'pg_trgm', 'citext', 'pgcrypto', 'hstore']);
  });

  it('the trigram-search example upgrades with pg_trgm and citext, and a later process still has them', async () => {
    const dir = tempProject('retort-ext-');
    cpSync(EXAMPLE, dir, { recursive: true });
    // In process: each command opens the directory afresh, loading the extensions it records.
    const retort = (...args: string[]) => runCli(args, { cwd: dir });
    const up = await retort('upgrade', 'head');
    expect(up.stderr).not.toContain('error');
    expect(up.code).toBe(0);
    expect(
      (
        await retort(
          'sql',
          "INSERT INTO organisations (email, name) VALUES ('Ops@Example.org', 'Threat Intel Ltd')",
        )
      ).code,
    ).toBe(0);
    // A process of its own: nothing of the first process's extension loading carries over.
    const found = runBinary(
      [
        'sql',
        '--json',
        "SELECT name, similarity(name, 'thret intel') > 0.3 AS close FROM organisations WHERE email = 'ops@example.org'",
      ],
      { cwd: dir },
    );
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({
      rows: [{ name: 'Threat Intel Ltd', close: true }],
    });
    // Down and up again: the extensions are dropped and created again.
    expect((await retort('downgrade', 'base')).code).toBe(0);
    expect((await retort('upgrade', 'head')).code).toBe(0);
  }, 600_000);

  it('an extension PGlite does not ship fails upgrade naming the alternative', async () => {
    const dir = tempProject('retort-ext-');
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(
      join(dir, 'migrations', '8b2f1d0e5c3a_postgis.sql'),
      '-- revision: 8b2f1d0e5c3a\n-- revises: 7a1e0c9d4b2f\n-- message: postgis\n\n-- retort:upgrade\nCREATE EXTENSION postgis;\n\n-- retort:downgrade\nDROP EXTENSION postgis;\n',
    );
    const up = await runCli(['upgrade', 'head'], { cwd: dir });
    expect(up.code).toBe(3);
    expect(up.stderr).toContain('error[EXTENSION_UNAVAILABLE]: Extension postgis is not available');
    expect(up.stderr).toContain('pg_trgm');
    expect(up.stderr).toContain('DATABASE_URL=postgres://');
  }, 300_000);
});
