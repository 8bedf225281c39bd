import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBinary, tempProject } from '../support/cli.js';
import { lintErrors } from '../support/lint-errors.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { expectText } from '../support/generated-text.js';

/*
 * Autogenerate on tables that already hold rows must write the forms `retort lint` accepts, so
 * that `upgrade` (lint gate on, its default) applies them: each change kind below is one
 * revision, linted, applied, then checked against the declaration.
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

const INITIAL: Declared = {
  ageIndex: true,
  emailIndex: false,
  orgFk: false,
  ageCheck: false,
  timezoneNotNull: false,
  emailUnique: false,
};

/** A project whose database holds the initial tables with 200 users; returns the seed revision. */
function createProject(
  databaseUrl: string,
  declaration: string,
): { dir: string; seedRevision: string } {
  const dir = tempProject();
  const retort = (...args: string[]) => runBinary(args, { cwd: dir });
  expect(retort('init').code).toBe(0);
  // The declaration's ids default to gen_random_uuid(), built in from PostgreSQL 13 (RT401).
  writeFileSync(
    join(dir, 'retort.config.ts'),
    `import { defineConfig } from 'retort-pg';\nexport default defineConfig({ schema: './schema.ts', databaseUrl: ${JSON.stringify(databaseUrl)}, lint: { targetVersion: 13 } });\n`,
  );
  writeFileSync(join(dir, 'schema.ts'), declaration);
  expect(retort('revision', '--autogenerate', '-m', 'tables').code).toBe(0);
  const seed = retort('revision', '--sql', '-m', 'seed', '--json');
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
  const up = retort('upgrade', 'head');
  expect(up.code, up.stderr + up.stdout).toBe(0);
  return { dir, seedRevision: written.revision.id };
}

function safeFormSuite(databaseUrl: () => Promise<string>): void {
  let dir: string;
  let declared: Declared = INITIAL;
  let seedRevision = '';
  const retort = (...args: string[]) => runBinary(args, { cwd: dir });
  const migrations = (): string[] => readdirSync(join(dir, 'migrations')).sort();

  beforeAll(async () => {
    ({ dir, seedRevision } = createProject(await databaseUrl(), schema(declared)));
  });

  for (const step of STEPS) {
    it(`${step.kind} on a populated table: safe form, lint clean, applied through the gate, check clean`, () => {
      declared = { ...declared, ...step.change };
      writeFileSync(join(dir, 'schema.ts'), schema(declared));
      const before = migrations();
      const generated = retort('revision', '--autogenerate', '-m', step.kind);
      expect(generated.code, generated.stderr + generated.stdout).toBe(0);
      const file = migrations().find((f) => !before.includes(f))!;
      // The op calls without their indentation, so multi-line expectations read plainly.
      const text = readFileSync(join(dir, 'migrations', file), 'utf8').replace(/^ +/gm, '');
      for (const expected of step.expected) expectText(text).toContain(expected);

      expect(lintErrors(dir)).toEqual([]);
      const up = retort('upgrade', 'head');
      expect(up.code, up.stderr + up.stdout).toBe(0);
      const check = retort('check');
      expect(check.stdout).toContain('No differences');
      expect(check.code).toBe(0);
    });
  }

  it('downgrades every step (reverse order) and upgrades again to a clean check', () => {
    const down = retort('downgrade', seedRevision);
    expect(down.code, down.stderr + down.stdout).toBe(0);
    expect(retort('check').code).toBe(1);
    expect(retort('upgrade', 'head').code).toBe(0);
    expect(retort('check').code).toBe(0);
  });
}

describe('autogenerate --sql writes the same safe forms in a .sql revision (PGlite)', () => {
  it('every change kind at once: lint clean, applied through the gate, check clean, reversible', () => {
    const { dir, seedRevision } = createProject('pglite:./.retort/db', schema(INITIAL));
    const retort = (...args: string[]) => runBinary(args, { cwd: dir });
    const all: Declared = {
      ageIndex: false,
      emailIndex: true,
      orgFk: true,
      ageCheck: true,
      timezoneNotNull: true,
      emailUnique: true,
    };
    writeFileSync(join(dir, 'schema.ts'), schema(all));
    const generated = retort('revision', '--autogenerate', '--sql', '-m', 'everything');
    expect(generated.code, generated.stderr + generated.stdout).toBe(0);
    const file = readdirSync(join(dir, 'migrations')).find((f) => f.endsWith('_everything.sql'))!;
    const text = readFileSync(join(dir, 'migrations', file), 'utf8');
    for (const expected of [
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_email_idx" ON "users" ("email");',
      'DROP INDEX CONCURRENTLY IF EXISTS "users_age_idx";',
      'ALTER TABLE "users" ADD CONSTRAINT "users_timezone_not_null" CHECK ("timezone" IS NOT NULL) NOT VALID;',
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "users_email_key" ON "users" ("email");\nALTER TABLE "users" ADD CONSTRAINT "users_email_key" UNIQUE USING INDEX "users_email_key";',
      '-- retort-commit\n',
      'ALTER TABLE "users" VALIDATE CONSTRAINT "users_timezone_not_null";\nALTER TABLE "users" ALTER COLUMN "timezone" SET NOT NULL;\nALTER TABLE "users" DROP CONSTRAINT "users_timezone_not_null";',
    ])
      expectText(text).toContain(expected);
    expect(lintErrors(dir)).toEqual([]);
    const up = retort('upgrade', 'head');
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(retort('check').code).toBe(0);
    const down = retort('downgrade', seedRevision);
    expect(down.code, down.stderr + down.stdout).toBe(0);
    expect(retort('upgrade', 'head').code).toBe(0);
    expect(retort('check').code).toBe(0);
    // Eleven CLI processes in one test: minutes on a loaded machine.
  }, 900_000);
});

describe('autogenerate writes lint-clean safe forms for existing tables (PGlite)', () => {
  safeFormSuite(async () => 'pglite:./.retort/db');
});

describePostgres(
  'autogenerate writes lint-clean safe forms for existing tables (PostgreSQL)',
  (adminUrl) => {
    let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
    afterAll(async () => {
      await database?.drop();
    });
    safeFormSuite(async () => {
      database = await createTestDatabase(adminUrl());
      return database.url;
    });
  },
);
