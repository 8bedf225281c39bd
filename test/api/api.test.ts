import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createJiti } from 'jiti';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempProject } from '../support/cli.js';

const DOC = readFileSync(join(REPO_ROOT, 'docs/api.md'), 'utf8');

/** The modules whose exports are checked: one TypeScript program reads them all (~1.5 s each). */
const ENTRIES = ['src/index.ts', 'src/lint.ts', 'src/core/ops/op.ts'].map((f) =>
  join(REPO_ROOT, f),
);
let program: ts.Program | undefined;

/** Names a module exports, types included (the TypeScript checker's view). */
function exportsOf(file: string): string[] {
  program ??= ts.createProgram(ENTRIES, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker.getExportsOfModule(symbol).map((s) => s.name);
}

/** The backticked names of the list under `<!-- exports: NAME -->` in docs/api.md. */
function documented(name: string): string[] {
  const start = DOC.indexOf(`<!-- exports: ${name} -->`);
  expect(start).toBeGreaterThan(0);
  const rest = DOC.slice(start + 1);
  const end = rest.search(/\n<!--|\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]!);
}

describe('the public API surface is what docs/api.md lists', () => {
  const opTypes = new Set(exportsOf(join(REPO_ROOT, 'src/core/ops/op.ts')));
  it('retort', () => {
    const actual = exportsOf(join(REPO_ROOT, 'src/index.ts')).filter((n) => !opTypes.has(n));
    const listed = documented('retort').filter((n) => !opTypes.has(n));
    expect([...new Set(actual)].sort()).toEqual([...new Set(listed)].sort());
  }, 120_000);
  it('retort/lint', () => {
    const actual = exportsOf(join(REPO_ROOT, 'src/lint.ts'));
    expect([...new Set(actual)].sort()).toEqual([...new Set(documented('retort/lint'))].sort());
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    expect(Object.keys(pkg.exports)).toEqual(['.', './lint', './package.json']);
  }, 120_000);
});

/** The ```ts block under `<!-- example: NAME -->`. */
function example(name: string): string {
  const start = DOC.indexOf(`<!-- example: ${name} -->`);
  expect(start).toBeGreaterThan(0);
  const block = /```ts\n([\s\S]*?)```/.exec(DOC.slice(start))!;
  return block[1]!;
}

const USERS = `-- revision: a1a1a1a1a1a1
-- revises:
-- message: create users

-- retort:upgrade
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL
);

-- retort:downgrade
DROP TABLE users;
`;

const SCHEMA = `import { bigint, defineSchema, table, text } from 'retort-pg';
export const users = table('users', {
  id: bigint().identity().primaryKey(),
  email: text().notNull(),
});
export default defineSchema({ tables: [users] });
`;

function project(): string {
  const dir = tempProject('retort-api-');
  mkdirSync(join(dir, 'migrations'));
  // The application's own dependency, as after \`npm install @electric-sql/pglite\`.
  symlinkSync(
    join(REPO_ROOT, 'node_modules/@electric-sql'),
    join(dir, 'node_modules/@electric-sql'),
  );
  writeFileSync(join(dir, 'migrations/a1a1a1a1a1a1_create_users.sql'), USERS);
  writeFileSync(join(dir, 'schema.ts'), SCHEMA);
  writeFileSync(
    join(dir, 'retort.config.mjs'),
    "export default { migrationsDir: 'migrations', schema: './schema.ts', databaseUrl: 'pglite:./.retort/db' };\n",
  );
  return dir;
}

async function runExample<T>(dir: string, name: string): Promise<T> {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, example(name));
  const jiti = createJiti(import.meta.url, { moduleCache: false });
  const mod = await jiti.import<{ main(): Promise<T> }>(file);
  return mod.main();
}

describe('the examples in docs/api.md run', () => {
  it('migrate at application start', async () => {
    const dir = project();
    expect(await runExample<string[]>(dir, 'migrate-at-start')).toEqual(['a1a1a1a1a1a1']);
    // A second start finds nothing to do.
    expect(await runExample<string[]>(dir, 'migrate-at-start')).toEqual(['a1a1a1a1a1a1']);
  }, 180_000);

  it("a test suite's set-up on an in-memory database", async () => {
    const dir = project();
    const db = await runExample<{
      query(sql: string): Promise<{ rows: unknown[] }>;
      close(): Promise<void>;
    }>(dir, 'test-setup');
    try {
      const rows = await db.query(
        "INSERT INTO users (email) VALUES ('a@example.com') RETURNING id",
      );
      expect(rows.rows).toEqual([{ id: 1 }]);
    } finally {
      await db.close();
    }
  }, 180_000);

  it('a CI job that lints and checks', async () => {
    const dir = project();
    expect(await runExample<number>(dir, 'ci')).toBe(0);
    // A finding that would stop upgrade fails the job.
    writeFileSync(
      join(dir, 'migrations/b2b2b2b2b2b2_index.sql'),
      '-- revision: b2b2b2b2b2b2\n-- revises: a1a1a1a1a1a1\n-- message: index\n\n-- retort:upgrade\nCREATE INDEX users_email ON users (email);\n\n-- retort:downgrade\nDROP INDEX users_email;\n',
    );
    expect(await runExample<number>(dir, 'ci')).toBe(1);
  }, 300_000);
});

describe('bundled migrations (no migrations directory at run time)', () => {
  it('upgrades from imported modules and SQL texts, and reads their history', async () => {
    const { upgrade, history, defineMigration } = await import('../../src/index.js');
    const dir = tempProject('retort-bundled-');
    const migrations = [
      USERS,
      defineMigration({
        revision: 'b2b2b2b2b2b2',
        revises: 'a1a1a1a1a1a1',
        message: 'add name',
        upgrade(op) {
          op.addColumn('users', 'name', { type: 'text' });
        },
        downgrade(op) {
          op.dropColumn('users', 'name');
        },
      }),
    ];
    const config = { databaseUrl: `pglite:${join(dir, 'db')}` };
    const result = await upgrade({ config, cwd: dir, migrations });
    expect(result.steps.map((s) => s.revision)).toEqual(['a1a1a1a1a1a1', 'b2b2b2b2b2b2']);
    const again = await upgrade({ config, cwd: dir, migrations });
    expect(again.steps).toEqual([]);
    const h = await history({ config, cwd: dir, migrations });
    expect(h.entries.map((e) => e.id)).toEqual(['b2b2b2b2b2b2', 'a1a1a1a1a1a1']);
  }, 180_000);
});
