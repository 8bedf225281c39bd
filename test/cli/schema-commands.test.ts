import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedPglite, tempProject } from '../support/cli.js';
import { expectText } from '../support/generated-text.js';

const SCHEMA = `import { defineSchema, enumType, index, integer, sql, table, text, timestamptz, uuid } from 'retort-pg';

export const role = enumType('role', ['viewer', 'admin']);
export const users = table('users', {
  id: uuid().primaryKey().default(sql\`gen_random_uuid()\`),
  email: text().notNull().unique(),
  role: role().notNull().default('viewer'),
  tags: text().array().notNull().default([]),
  created_at: timestamptz().notNull().default(sql\`now()\`),
}, (t) => [index('users_role_idx').on(t.role)]);
export const posts = table('posts', {
  id: uuid().primaryKey().default(sql\`gen_random_uuid()\`),
  author_id: uuid().notNull().references(() => users.columns.id, { onDelete: 'cascade' }),
  title: text().notNull(),
  score: integer().notNull().default(0).check(sql\`score >= 0\`),
});
export default defineSchema({ enums: [role], tables: [users, posts] });
`;

// The ids default to gen_random_uuid(), built in from PostgreSQL 13: the lint gate's RT401 says so.
const config = (schema: string): string =>
  `import { defineConfig } from 'retort-pg';\nexport default defineConfig({ schema: '${schema}', databaseUrl: 'pglite:./.retort/db', lint: { targetVersion: 13 } });\n`;

describe('autogenerate, check and pull through the CLI (PGlite)', () => {
  let dir: string;
  const retort = (...args: string[]) => runCli(args, { cwd: dir });
  const migrations = (): string[] => readdirSync(join(dir, 'migrations')).sort();

  beforeAll(async () => {
    dir = tempProject();
    await seedPglite(dir);
    expect((await retort('init')).code).toBe(0);
    writeFileSync(join(dir, 'retort.config.ts'), config('./schema.ts'));
    writeFileSync(join(dir, 'schema.ts'), SCHEMA);
  });

  it('writes a revision with both directions, then finds nothing more to do', async () => {
    const first = await retort('revision', '--autogenerate', '-m', 'create users and posts');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('+ add table users');
    const [file] = migrations();
    const text = readFileSync(join(dir, 'migrations', file!), 'utf8');
    expectText(text).toContain("import { defineMigration, sql } from 'retort-pg';");
    expectText(text).toContain("op.createEnum('role', ['viewer', 'admin']);");
    expectText(text).toContain("op.dropTable('posts');");
    expectText(text).toContain('// DESTRUCTIVE: drops the table and all its rows');

    // The head of the migrations (replayed in a scratch PGlite) already matches.
    const again = await retort('revision', '--autogenerate', '-m', 'nothing');
    expect(again.stdout.trim()).toBe('No changes detected');
    expect(migrations()).toHaveLength(1);
  });

  it('check: exit 0 once applied, exit 1 with a readable list on drift', async () => {
    expect((await retort('upgrade', 'head')).code).toBe(0);
    const clean = await retort('check');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('No differences');

    writeFileSync(
      join(dir, 'schema.ts'),
      SCHEMA.replace('  title: text().notNull(),', '  title: text().notNull(),\n  body: text(),'),
    );
    const drift = await retort('check');
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('- add column posts.body (text)');
    const json = JSON.parse((await retort('check', '--json')).stdout) as {
      clean: boolean;
      differences: { kind: string }[];
    };
    expect(json.clean).toBe(false);
    expect(json.differences.map((d) => d.kind)).toEqual(['AddColumn']);

    expect((await retort('revision', '--autogenerate', '-m', 'add body')).code).toBe(0);
    expect((await retort('upgrade', 'head')).code).toBe(0);
    expect((await retort('check')).code).toBe(0);
    expect((await retort('check', '--migrations')).code).toBe(0);
  });

  it('writes a .sql revision with --sql', async () => {
    writeFileSync(
      join(dir, 'schema.ts'),
      SCHEMA.replace(
        '  title: text().notNull(),',
        '  title: text().notNull(),\n  body: text(),\n  summary: text(),',
      ),
    );
    const result = await retort('revision', '--autogenerate', '--sql', '-m', 'add summary');
    expect(result.code).toBe(0);
    const file = migrations().find((f) => f.endsWith('_add_summary.sql'))!;
    const text = readFileSync(join(dir, 'migrations', file), 'utf8');
    expectText(text).toContain('ALTER TABLE "posts" ADD COLUMN "summary" text;');
    expectText(text).toContain('-- DESTRUCTIVE: drop column posts.summary');
    expect((await retort('upgrade', 'head')).code).toBe(0);
    expect((await retort('check')).code).toBe(0);
  });

  it('pull writes a declaration that check finds identical', async () => {
    const pulled = await retort('pull', '--out', 'pulled.ts');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('2 tables, 1 enum');
    expect(readFileSync(join(dir, 'pulled.ts'), 'utf8')).toContain('summary: text(),');
    writeFileSync(join(dir, 'pulled.config.ts'), config('./pulled.ts'));
    const check = await retort('--config', 'pulled.config.ts', 'check');
    expect(check.stdout).toContain('No differences');
    expect(check.code).toBe(0);
    expect((await retort('pull', '--out', 'pulled.ts')).code).toBe(2);
  });
});
