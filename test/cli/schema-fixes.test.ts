import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli, tempProject } from '../support/cli.js';
import { lintErrorsInProcess } from '../support/lint-errors.js';
import { describePostgres, freshDatabases } from '../support/postgres.js';
import { expectText } from '../support/generated-text.js';

/*
 * Issue 14 through the CLI on PostgreSQL (the embedded database loads no extensions): an extension removed from the declaration replays; type
 * changes and a primary key on an existing table are generated lint-clean (the default gate
 * applies them); autogenerate --from-db refuses a database behind head; check names the
 * revisions not applied yet.
 */

const schema = (
  v: 1 | 2 | 3,
): string => `import { defineSchema, integer, table, text, varchar, bigint } from 'retort-pg';

export const notes = table('notes', {
  id: integer().primaryKey(),
  title: varchar(${v === 1 ? 50 : 100}),
  amount: ${v === 1 ? 'integer()' : 'bigint()'},${v === 3 ? '\n  body: text(),' : ''}
});
export const tags = table('tags', {
  id: integer()${v === 1 ? '.notNull()' : '.primaryKey()'},
  name: text(),
});
export default defineSchema({ ${v === 1 ? "extensions: ['pg_trgm'], " : ''}tables: [notes, tags] });
`;

describePostgres('autogenerate and check on an evolving project (PostgreSQL)', (adminUrl) => {
  const database = freshDatabases(adminUrl);
  it('removes an extension, changes types, adds a key: lint clean, applied, checked', async () => {
    const url = await database();
    const dir = tempProject();
    const retort = (...args: string[]) => runCli(args, { cwd: dir });
    expect((await retort('init')).code).toBe(0);
    writeFileSync(
      join(dir, 'retort.config.ts'),
      `import { defineConfig } from 'retort-pg';\nexport default defineConfig({ schema: './schema.ts', databaseUrl: ${JSON.stringify(url)} });\n`,
    );
    writeFileSync(join(dir, 'schema.ts'), schema(1));
    const first = await retort('revision', '--autogenerate', '-m', 'first');
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const applied = await retort('upgrade', 'head');
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);

    writeFileSync(join(dir, 'schema.ts'), schema(2));
    const second = await retort('revision', '--autogenerate', '-m', 'second');
    expect(second.code, second.stderr + second.stdout).toBe(0);
    const file = readdirSync(join(dir, 'migrations')).find((f) => f.endsWith('_second.ts'))!;
    const text = readFileSync(join(dir, 'migrations', file), 'utf8');
    expectText(text).toContain('// LINT IGNORED:');
    expectText(text).toContain('character varying(50) → character varying(100) is metadata-only');
    expectText(text).toContain(
      "op.createPrimaryKey('tags_pkey', 'tags', { usingIndex: 'tags_pkey' });",
    );
    expectText(text).toContain("op.dropExtension('pg_trgm', { ifExists: true });");
    expect(await lintErrorsInProcess(dir)).toEqual([]);
    const up = await retort('upgrade', 'head');
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const clean = await retort('check');
    expect(clean.stdout).toContain('No differences');
    expect(clean.code).toBe(0);
    // The replay of the migrations creates and drops pg_trgm: it must load.
    const replay = await retort('check', '--migrations');
    expect(replay.code, replay.stderr + replay.stdout).toBe(0);

    writeFileSync(join(dir, 'schema.ts'), schema(3));
    const third = await retort('revision', '--autogenerate', '-m', 'third', '--json');
    expect(third.code, third.stderr + third.stdout).toBe(0);
    const id = (JSON.parse(third.stdout) as { revision: { revision: { id: string } } }).revision
      .revision.id;
    const behind = await retort('check');
    expect(behind.code).toBe(1);
    expect(behind.stdout).toContain(`1 revision(s) not applied to the database yet (${id})`);
    const refused = await retort('revision', '--autogenerate', '--from-db', '-m', 'fourth');
    expect(refused.code).toBe(8);
    expect(refused.stderr).toContain('Target database is not up to date');
    expect(refused.stderr).toContain('retort upgrade head');
  }, 900_000);
});
