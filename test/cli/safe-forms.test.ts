import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../support/cli.js';
import { lintErrorsInProcess as lintErrors } from '../support/lint-errors.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { expectText } from '../support/generated-text.js';

/*
 * Autogenerate on tables that already hold rows must write the forms `retort lint` accepts, so
 * that `upgrade` (lint gate on, its default) applies them: each change kind below is one
 * revision, linted, applied, then checked against the declaration (on PostgreSQL, diffed against
 * the server's catalog with --from-db); and all of them at once, as op calls and as SQL, diffed
 * against the migrations replayed (the default), on PGlite. The CLI runs in this process.
 */

interface Declared {
  readonly ageIndex: boolean;
  readonly emailIndex: boolean;
  readonly orgFk: boolean;
  readonly ageCheck: boolean;
  readonly timezoneNotNull: boolean;
  readonly emailUnique: boolean;
}

function schema(d: Declared): string {
  const indexes = [
    d.ageIndex ? "index('users_age_idx').on(t.age)" : undefined,
    d.emailIndex ? "index('users_email_idx').on(t.email)" : undefined,
  ].filter((i) => i !== undefined);
  return `import { check, defineSchema, index, integer, sql, table, text, unique, uuid } from 'retort-pg';

export const orgs = table('orgs', {
  id: uuid().primaryKey().default(sql\`gen_random_uuid()\`),
});
export const users = table('users', {
  id: uuid().primaryKey().default(sql\`gen_random_uuid()\`),
  org_id: uuid()${d.orgFk ? '.references(() => orgs.columns.id)' : ''},
  email: text(),
  timezone: text()${d.timezoneNotNull ? '.notNull()' : ''},
  age: integer(),
}, (t) => [${[
    ...indexes,
    d.ageCheck ? "check('users_age_positive', sql`${t.age} >= 0`)" : undefined,
    d.emailUnique ? "unique('users_email_key').on(t.email)" : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(', ')}]);
export default defineSchema({ tables: [orgs, users] });
`;
}

const SEED = `INSERT INTO orgs (id) VALUES ('00000000-0000-0000-0000-000000000001');
INSERT INTO users (org_id, email, timezone, age)
SELECT '00000000-0000-0000-0000-000000000001', 'user' || n || '@example.com', 'UTC', n
FROM generate_series(1, 200) AS n;
`;

/** Each step changes one thing on the populated users table, and what its revision must hold. */
const STEPS: readonly {
  readonly kind: string;
  readonly change: Partial<Declared>;
  readonly expected: readonly string[];
}[] = [
  {
    kind: 'add index',
    change: { emailIndex: true },
    expected: [
      "op.createIndex('users_email_idx', 'users', ['email'], { concurrently: true, ifNotExists: true });",
      "op.dropIndex('users_email_idx', { concurrently: true, ifExists: true });",
    ],
  },
  {
    kind: 'drop index',
    change: { ageIndex: false },
    expected: [
      "op.dropIndex('users_age_idx', { concurrently: true, ifExists: true });",
      "op.createIndex('users_age_idx', 'users', ['age'], { concurrently: true, ifNotExists: true });",
    ],
  },
  {
    kind: 'add foreign key',
    change: { orgFk: true },
    expected: [
      "references: { table: 'orgs', columns: ['id'] }, notValid: true });\n",
      "op.commit();\nop.validateConstraint('users_org_id_fkey', 'users');",
    ],
  },
  {
    kind: 'add check',
    change: { ageCheck: true },
    expected: [
      "op.createCheckConstraint('users_age_positive', 'users', sql`age >= 0`, { notValid: true });",
      "op.commit();\nop.validateConstraint('users_age_positive', 'users');",
    ],
  },
  {
    kind: 'set not null',
    change: { timezoneNotNull: true },
    expected: [
      `op.createCheckConstraint('users_timezone_not_null', 'users', '"timezone" IS NOT NULL', { notValid: true });
`,
      `op.commit();
op.validateConstraint('users_timezone_not_null', 'users');
op.alterColumn('users', 'timezone', { nullable: false });
op.dropConstraint('users_timezone_not_null', 'users');`,
      "op.alterColumn('users', 'timezone', { nullable: true });",
    ],
  },
  {
    kind: 'add unique constraint',
    change: { emailUnique: true },
    expected: [
      `op.createIndex('users_email_key', 'users', ['email'], { unique: true, concurrently: true, ifNotExists: true });
op.createUniqueConstraint('users_email_key', 'users', { usingIndex: 'users_email_key' });`,
    ],
  },
];

/** What the revision holding every kind at once must hold (the validations: checked apart). */
const ALL_AS_OPS: readonly string[] = [
  "op.createIndex('users_email_idx', 'users', ['email'], { concurrently: true, ifNotExists: true });",
  "op.dropIndex('users_age_idx', { concurrently: true, ifExists: true });",
  "references: { table: 'orgs', columns: ['id'] }, notValid: true });\n",
  "op.createCheckConstraint('users_age_positive', 'users', sql`age >= 0`, { notValid: true });",
  `op.createCheckConstraint('users_timezone_not_null', 'users', '"timezone" IS NOT NULL', { notValid: true });
`,
  `op.validateConstraint('users_timezone_not_null', 'users');
op.alterColumn('users', 'timezone', { nullable: false });
op.dropConstraint('users_timezone_not_null', 'users');`,
  `op.createIndex('users_email_key', 'users', ['email'], { unique: true, concurrently: true, ifNotExists: true });
op.createUniqueConstraint('users_email_key', 'users', { usingIndex: 'users_email_key' });`,
  // The downgrade.
  "op.dropIndex('users_email_idx', { concurrently: true, ifExists: true });",
  "op.createIndex('users_age_idx', 'users', ['age'], { concurrently: true, ifNotExists: true });",
  "op.alterColumn('users', 'timezone', { nullable: true });",
  "op.dropConstraint('users_org_id_fkey', 'users');",
];

const INITIAL: Declared = {
  ageIndex: true,
  emailIndex: false,
  orgFk: false,
  ageCheck: false,
  timezoneNotNull: false,
  emailUnique: false,
};

/** A project whose database holds the initial tables with 200 users; returns the seed revision. */
async function createProject(
  databaseUrl: string,
  declaration: string,
  autogenerate: readonly string[] = [],
): Promise<{ dir: string; seedRevision: string }> {
  const dir = tempProject();
  const retort = (...args: string[]) => runCli(args, { cwd: dir });
  expect((await retort('init')).code).toBe(0);
  // The declaration's ids default to gen_random_uuid(), built in from PostgreSQL 13 (RT401).
  writeFileSync(
    join(dir, 'retort.config.ts'),
    `import { defineConfig } from 'retort-pg';\nexport default defineConfig({ schema: './schema.ts', databaseUrl: ${JSON.stringify(databaseUrl)}, lint: { targetVersion: 13 } });\n`,
  );
  writeFileSync(join(dir, 'schema.ts'), declaration);
  expect((await retort('revision', '--autogenerate', ...autogenerate, '-m', 'tables')).code).toBe(
    0,
  );
  const seed = await retort('revision', '--sql', '-m', 'seed', '--json');
  expect(seed.code).toBe(0);
  const written = JSON.parse(seed.stdout) as { revision: { id: string }; path: string };
  const text = readFileSync(written.path, 'utf8');
  writeFileSync(
    written.path,
    text
      .replace('-- retort:upgrade\n', `-- retort:upgrade\n${SEED}`)
      .replace(
        '-- retort:downgrade\n',
        '-- retort:downgrade\nDELETE FROM users;\nDELETE FROM orgs;\n',
      ),
  );
  const up = await retort('upgrade', 'head');
  expect(up.code, up.stderr + up.stdout).toBe(0);
  return { dir, seedRevision: written.revision.id };
}

/** Lint clean, applied through the gate, a clean check; then down to the seed and up again. */
async function appliesAndReverses(dir: string, seedRevision: string): Promise<void> {
  const retort = (...args: string[]) => runCli(args, { cwd: dir });
  expect(await lintErrors(dir)).toEqual([]);
  const up = await retort('upgrade', 'head');
  expect(up.code, up.stderr + up.stdout).toBe(0);
  const check = await retort('check');
  expect(check.stdout).toContain('No differences');
  expect(check.code).toBe(0);
  const down = await retort('downgrade', seedRevision);
  expect(down.code, down.stderr + down.stdout).toBe(0);
  expect((await retort('check')).code).toBe(1);
  expect((await retort('upgrade', 'head')).code).toBe(0);
  expect((await retort('check')).code).toBe(0);
}

/** Every change kind of {@link STEPS} at once. */
const ALL: Declared = {
  ageIndex: false,
  emailIndex: true,
  orgFk: true,
  ageCheck: true,
  timezoneNotNull: true,
  emailUnique: true,
};

describe('autogenerate writes every safe form at once, diffed against the replayed migrations (PGlite)', () => {
  // One seeded project: the op-call revision is applied, reversed, then taken back to the seed and
  // deleted, and the SQL revision is generated from the same state (its replay and normalised
  // declaration come from the cache the first run filled).
  let dir = '';
  let seedRevision = '';
  beforeAll(async () => {
    ({ dir, seedRevision } = await createProject('pglite:./.retort/db', schema(INITIAL)));
    writeFileSync(join(dir, 'schema.ts'), schema(ALL));
  });
  const generate = async (...flags: string[]): Promise<string> => {
    const generated = await runCli(['revision', '--autogenerate', ...flags, '-m', 'everything'], {
      cwd: dir,
    });
    expect(generated.code, generated.stderr + generated.stdout).toBe(0);
    const file = readdirSync(join(dir, 'migrations')).find((f) => f.includes('_everything.'))!;
    return join(dir, 'migrations', file);
  };

  it('as op calls: each kind in its safe form, lint clean, applied through the gate, check clean, reversible', async () => {
    const file = await generate();
    expect(file).toMatch(/\.ts$/);
    const text = readFileSync(file, 'utf8').replace(/^ +/gm, '');
    for (const expected of ALL_AS_OPS) expectText(text).toContain(expected);
    // Every validation runs after the commit that ends the NOT VALID constraints' transaction.
    const upgrade = text.slice(0, text.indexOf('downgrade(op)'));
    for (const name of ['users_timezone_not_null', 'users_age_positive', 'users_org_id_fkey'])
      expect(upgrade.indexOf(`op.validateConstraint('${name}', 'users');`)).toBeGreaterThan(
        upgrade.indexOf('op.commit();'),
      );
    expect(upgrade.match(/op\.commit\(\);/g)).toHaveLength(1);
    await appliesAndReverses(dir, seedRevision);
    // Back to the seed, without the revision: the state the SQL form starts from.
    const down = await runCli(['downgrade', seedRevision], { cwd: dir });
    expect(down.code, down.stderr + down.stdout).toBe(0);
    rmSync(file);
  });

  it('as SQL (--sql): the same forms in a .sql revision, lint clean, applied, check clean, reversible', async () => {
    const file = await generate('--sql');
    expect(file).toMatch(/\.sql$/);
    const text = readFileSync(file, 'utf8');
    for (const expected of [
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_email_idx" ON "users" ("email");',
      'DROP INDEX CONCURRENTLY IF EXISTS "users_age_idx";',
      'ALTER TABLE "users" ADD CONSTRAINT "users_timezone_not_null" CHECK ("timezone" IS NOT NULL) NOT VALID;',
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "users_email_key" ON "users" ("email");\nALTER TABLE "users" ADD CONSTRAINT "users_email_key" UNIQUE USING INDEX "users_email_key";',
      '-- retort-commit\n',
      'ALTER TABLE "users" VALIDATE CONSTRAINT "users_timezone_not_null";\nALTER TABLE "users" ALTER COLUMN "timezone" SET NOT NULL;\nALTER TABLE "users" DROP CONSTRAINT "users_timezone_not_null";',
    ])
      expectText(text).toContain(expected);
    await appliesAndReverses(dir, seedRevision);
  });
});

describePostgres(
  'autogenerate --from-db writes lint-clean safe forms for existing tables, one kind at a time (PostgreSQL)',
  (adminUrl) => {
    let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
    let dir = '';
    let seedRevision = '';
    let declared: Declared = INITIAL;
    const retort = (...args: string[]) => runCli(args, { cwd: dir });
    const migrations = (): string[] => readdirSync(join(dir, 'migrations')).sort();
    beforeAll(async () => {
      database = await createTestDatabase(adminUrl());
      ({ dir, seedRevision } = await createProject(database.url, schema(declared), ['--from-db']));
    });
    afterAll(async () => {
      await database?.drop();
    });

    for (const step of STEPS) {
      it(`${step.kind} on a populated table: safe form, lint clean, applied through the gate, check clean`, async () => {
        declared = { ...declared, ...step.change };
        writeFileSync(join(dir, 'schema.ts'), schema(declared));
        const before = migrations();
        const generated = await retort('revision', '--autogenerate', '--from-db', '-m', step.kind);
        expect(generated.code, generated.stderr + generated.stdout).toBe(0);
        const file = migrations().find((f) => !before.includes(f))!;
        // The op calls without their indentation, so multi-line expectations read plainly.
        const text = readFileSync(join(dir, 'migrations', file), 'utf8').replace(/^ +/gm, '');
        for (const expected of step.expected) expectText(text).toContain(expected);

        expect(await lintErrors(dir)).toEqual([]);
        const up = await retort('upgrade', 'head');
        expect(up.code, up.stderr + up.stdout).toBe(0);
        const check = await retort('check');
        expect(check.stdout).toContain('No differences');
        expect(check.code).toBe(0);
      });
    }

    it('downgrades every step (reverse order) and upgrades again to a clean check', async () => {
      const down = await retort('downgrade', seedRevision);
      expect(down.code, down.stderr + down.stdout).toBe(0);
      expect((await retort('check')).code).toBe(1);
      expect((await retort('upgrade', 'head')).code).toBe(0);
      expect((await retort('check')).code).toBe(0);
    });
  },
);
