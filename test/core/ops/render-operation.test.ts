import { describe, expect, it } from 'vitest';
import type { Op } from '../../../src/core/ops/op.js';
import { createOpRecorder } from '../../../src/core/ops/op-recorder.js';
import { sql } from '../../../src/core/ops/sql-expression.js';
import { renderOperation } from '../../../src/core/sql/render-operation.js';
import type { Statement } from '../../../src/core/sql/statement.js';

/** The statements one batch of op calls records. */
function record(calls: (op: Op) => void): Statement[] {
  const recorder = createOpRecorder({ file: 'migrations/0001_test.ts' });
  calls(recorder.op);
  return recorder.take();
}

/** The SQL texts one batch of op calls records. */
function sqlOf(calls: (op: Op) => void): string[] {
  return record(calls).map((statement) => statement.sql);
}

describe('createTable', () => {
  it('renders columns, defaults, keys, references, checks and comments', () => {
    expect(
      sqlOf((op) =>
        op.createTable(
          'users',
          {
            id: { type: 'bigint', identity: 'always', primaryKey: true },
            email: { type: 'text', nullable: false, unique: true, comment: 'lower-cased' },
            plan: { type: { name: 'plan', schema: 'billing' }, nullable: false, default: 'free' },
            created_at: { type: 'timestamptz', nullable: false, default: sql`now()` },
            org_id: {
              type: 'bigint',
              references: {
                table: 'orgs',
                column: 'id',
                onDelete: 'cascade',
                onUpdate: 'no action',
              },
            },
            price: { type: 'numeric(10,2)', default: 0, check: 'price >= 0' },
            settings: { type: 'jsonb', default: { theme: 'dark' } },
            tags: { type: 'text[]', default: sql`'{}'` },
            name: { type: 'text', collate: 'C' },
          },
          {
            comment: "people's accounts",
            checks: [{ name: 'ck_email', expression: "email <> ''" }],
          },
        ),
      ),
    ).toEqual([
      `CREATE TABLE "users" (
  "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "email" text NOT NULL UNIQUE,
  "plan" "billing"."plan" DEFAULT 'free' NOT NULL,
  "created_at" timestamptz DEFAULT now() NOT NULL,
  "org_id" bigint REFERENCES "orgs" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
  "price" numeric(10,2) DEFAULT 0 CHECK (price >= 0),
  "settings" jsonb DEFAULT '{"theme":"dark"}'::jsonb,
  "tags" text[] DEFAULT '{}',
  "name" text COLLATE "C",
  CONSTRAINT "ck_email" CHECK (email <> '')
)`,
      `COMMENT ON TABLE "users" IS 'people''s accounts'`,
      `COMMENT ON COLUMN "users"."email" IS 'lower-cased'`,
    ]);
  });

  it('renders a composite primary key, table-level unique and foreign keys, in a schema', () => {
    expect(
      sqlOf((op) =>
        op.createTable(
          'memberships',
          { org_id: { type: 'bigint' }, user_id: { type: 'bigint' }, slot: { type: 'integer' } },
          {
            schema: 'app',
            ifNotExists: true,
            primaryKey: ['org_id', 'user_id'],
            unique: [['org_id', 'slot'], { name: 'uq_user_slot', columns: ['user_id', 'slot'] }],
            foreignKeys: [
              {
                name: 'fk_org',
                columns: ['org_id'],
                references: { table: 'orgs', schema: 'app', columns: ['id'] },
                onDelete: 'set null',
              },
            ],
            checks: ['slot > 0'],
          },
        ),
      ),
    ).toEqual([
      `CREATE TABLE IF NOT EXISTS "app"."memberships" (
  "org_id" bigint,
  "user_id" bigint,
  "slot" integer,
  PRIMARY KEY ("org_id", "user_id"),
  UNIQUE ("org_id", "slot"),
  CONSTRAINT "uq_user_slot" UNIQUE ("user_id", "slot"),
  CONSTRAINT "fk_org" FOREIGN KEY ("org_id") REFERENCES "app"."orgs" ("id") ON DELETE SET NULL,
  CHECK (slot > 0)
)`,
    ]);
  });

  it('quotes hostile names: quotes inside, reserved words, mixed case', () => {
    expect(
      sqlOf((op) =>
        op.createTable(
          'we"ird',
          { select: { type: 'integer' }, MixedCase: { type: 'text', default: "it's" } },
          { schema: 'Order' },
        ),
      ),
    ).toEqual([
      `CREATE TABLE "Order"."we""ird" (
  "select" integer,
  "MixedCase" text DEFAULT 'it''s'
)`,
    ]);
  });
});

describe('table and column ops', () => {
  it('renders drop, rename, add, drop column', () => {
    expect(
      sqlOf((op) => {
        op.dropTable('sessions', { ifExists: true, cascade: true });
        op.renameTable('user', 'users', { schema: 'auth' });
        op.setTableSchema('events', 'audit');
        op.renameConstraint('users', 'people_pkey', 'users_pkey', { schema: 'auth' });
        op.addColumn('users', 'bio', { type: 'text', comment: 'about me' }, { ifNotExists: true });
        op.addColumn('grants', 'user_id', {
          type: 'integer',
          references: { table: 'users', name: 'fk_grants_user', onDelete: 'cascade' },
        });
        op.dropColumn('users', 'bio', { ifExists: true, cascade: true });
      }),
    ).toEqual([
      'DROP TABLE IF EXISTS "sessions" CASCADE',
      'ALTER TABLE "auth"."user" RENAME TO "users"',
      'ALTER TABLE "events" SET SCHEMA "audit"',
      'ALTER TABLE "auth"."users" RENAME CONSTRAINT "people_pkey" TO "users_pkey"',
      'ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "bio" text',
      `COMMENT ON COLUMN "users"."bio" IS 'about me'`,
      'ALTER TABLE "grants" ADD COLUMN "user_id" integer CONSTRAINT "fk_grants_user" REFERENCES "users" ON DELETE CASCADE',
      'ALTER TABLE "users" DROP COLUMN IF EXISTS "bio" CASCADE',
    ]);
  });

  it('renders alterColumn: type with using, nullability, defaults, rename last', () => {
    expect(
      sqlOf((op) => {
        op.alterColumn('orders', 'amount', {
          type: 'numeric(12,2)',
          using: 'amount::numeric(12,2)',
          nullable: false,
          default: 0,
        });
        op.alterColumn('users', 'created', {
          dropDefault: true,
          nullable: true,
          newName: 'created_at',
        });
        op.alterColumn('users', 'status', { default: sql`'new'::text` });
        op.alterColumn('users', 'name', { newName: 'full name' });
      }),
    ).toEqual([
      'ALTER TABLE "orders" ALTER COLUMN "amount" DROP DEFAULT, ALTER COLUMN "amount" TYPE numeric(12,2) USING amount::numeric(12,2), ALTER COLUMN "amount" SET DEFAULT 0, ALTER COLUMN "amount" SET NOT NULL',
      'ALTER TABLE "users" ALTER COLUMN "created" DROP DEFAULT, ALTER COLUMN "created" DROP NOT NULL',
      'ALTER TABLE "users" RENAME COLUMN "created" TO "created_at"',
      `ALTER TABLE "users" ALTER COLUMN "status" SET DEFAULT 'new'::text`,
      'ALTER TABLE "users" RENAME COLUMN "name" TO "full name"',
    ]);
  });
});

describe('indexes', () => {
  it('renders unique, partial, expression, method, include, concurrently', () => {
    const statements = record((op) => {
      op.createIndex('ix_users_email', 'users', ['email'], {
        unique: true,
        where: 'deleted_at IS NULL',
        include: ['id'],
      });
      op.createIndex('ix_docs_body', 'docs', [sql`to_tsvector('english', body)`], {
        method: 'gin',
        concurrently: true,
        ifNotExists: true,
        schema: 'app',
      });
      op.createIndex('ix_events', 'events', [
        { column: 'at', order: 'desc', nulls: 'last' },
        { expression: 'lower(name)', opclass: 'text_pattern_ops' },
        { column: 'code', collate: 'C' },
      ]);
      op.createIndex('ix_nd', 't', ['a'], { unique: true, nullsNotDistinct: true });
      op.dropIndex('ix_users_email', { concurrently: true, ifExists: true, schema: 'app' });
      op.dropIndex('ix_docs_body', { cascade: true });
    });
    expect(statements.map((s) => [s.sql, s.transactional])).toEqual([
      [
        'CREATE UNIQUE INDEX "ix_users_email" ON "users" ("email") INCLUDE ("id") WHERE deleted_at IS NULL',
        true,
      ],
      [
        `CREATE INDEX CONCURRENTLY IF NOT EXISTS "ix_docs_body" ON "app"."docs" USING "gin" ((to_tsvector('english', body)))`,
        false,
      ],
      [
        'CREATE INDEX "ix_events" ON "events" ("at" DESC NULLS LAST, (lower(name)) "text_pattern_ops", "code" COLLATE "C")',
        true,
      ],
      ['CREATE UNIQUE INDEX "ix_nd" ON "t" ("a") NULLS NOT DISTINCT', true],
      ['DROP INDEX CONCURRENTLY IF EXISTS "app"."ix_users_email"', false],
      ['DROP INDEX "ix_docs_body" CASCADE', true],
    ]);
  });
});

describe('constraints', () => {
  it('renders foreign key, unique, primary key, check, validate, drop', () => {
    expect(
      sqlOf((op) => {
        op.createForeignKey('fk_grants_user', 'grants', {
          columns: ['user_id'],
          references: { table: 'users', columns: ['id'] },
          onDelete: 'cascade',
          notValid: true,
        });
        op.createForeignKey('fk_x', 'a', {
          schema: 's',
          columns: ['x', 'y'],
          references: { table: 'b', schema: 't', columns: ['x', 'y'] },
          deferrable: true,
          initiallyDeferred: true,
        });
        op.createUniqueConstraint('uq_users_email', 'users', ['email']);
        op.createUniqueConstraint('uq_users_email', 'users', { usingIndex: 'ix_users_email' });
        op.createUniqueConstraint('uq_nd', 't', ['a', 'b'], {
          nullsNotDistinct: true,
          deferrable: true,
        });
        op.createPrimaryKey('pk_tags', 'tags', ['id']);
        op.createPrimaryKey('pk_tags', 'tags', { usingIndex: 'ix_tags_id' });
        op.createCheckConstraint('ck_price', 'items', 'price >= 0', { notValid: true });
        op.createCheckConstraint('ck_q', 'items', sql`qty > ${0}`, { noInherit: true });
        op.validateConstraint('ck_price', 'items');
        op.dropConstraint('ck_price', 'items', { ifExists: true, cascade: true });
      }),
    ).toEqual([
      'ALTER TABLE "grants" ADD CONSTRAINT "fk_grants_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE NOT VALID',
      'ALTER TABLE "s"."a" ADD CONSTRAINT "fk_x" FOREIGN KEY ("x", "y") REFERENCES "t"."b" ("x", "y") DEFERRABLE INITIALLY DEFERRED',
      'ALTER TABLE "users" ADD CONSTRAINT "uq_users_email" UNIQUE ("email")',
      'ALTER TABLE "users" ADD CONSTRAINT "uq_users_email" UNIQUE USING INDEX "ix_users_email"',
      'ALTER TABLE "t" ADD CONSTRAINT "uq_nd" UNIQUE NULLS NOT DISTINCT ("a", "b") DEFERRABLE',
      'ALTER TABLE "tags" ADD CONSTRAINT "pk_tags" PRIMARY KEY ("id")',
      'ALTER TABLE "tags" ADD CONSTRAINT "pk_tags" PRIMARY KEY USING INDEX "ix_tags_id"',
      'ALTER TABLE "items" ADD CONSTRAINT "ck_price" CHECK (price >= 0) NOT VALID',
      'ALTER TABLE "items" ADD CONSTRAINT "ck_q" CHECK (qty > 0) NO INHERIT',
      'ALTER TABLE "items" VALIDATE CONSTRAINT "ck_price"',
      'ALTER TABLE "items" DROP CONSTRAINT IF EXISTS "ck_price" CASCADE',
    ]);
  });
});

describe('types, schemas, extensions, sequences, comments', () => {
  it('renders enum ops and marks the added value', () => {
    const statements = record((op) => {
      op.createEnum('plan', ['free', "pro's"], { schema: 'billing' });
      op.addEnumValue('plan', 'team', { after: 'free', ifNotExists: true, schema: 'billing' });
      op.addEnumValue('plan', 'trial', { before: 'free' });
      op.renameEnumValue('plan', 'team', 'teams');
      op.dropEnum('plan', { ifExists: true, cascade: true });
    });
    expect(statements.map((s) => s.sql)).toEqual([
      `CREATE TYPE "billing"."plan" AS ENUM ('free', 'pro''s')`,
      `ALTER TYPE "billing"."plan" ADD VALUE IF NOT EXISTS 'team' AFTER 'free'`,
      `ALTER TYPE "plan" ADD VALUE 'trial' BEFORE 'free'`,
      `ALTER TYPE "plan" RENAME VALUE 'team' TO 'teams'`,
      'DROP TYPE IF EXISTS "plan" CASCADE',
    ]);
    expect(statements[1]?.addsEnumValue).toEqual({
      type: 'plan',
      schema: 'billing',
      value: 'team',
    });
    expect(statements[2]?.addsEnumValue).toEqual({ type: 'plan', value: 'trial' });
    expect(statements[3]?.addsEnumValue).toBeUndefined();
  });

  it('renders schemas, extensions, sequences and comments', () => {
    expect(
      sqlOf((op) => {
        op.createSchema('billing', { ifNotExists: true, authorization: 'Owner' });
        op.dropSchema('billing', { ifExists: true, cascade: true });
        op.createExtension('pg_trgm', {
          ifNotExists: true,
          schema: 'ext',
          version: '1.6',
          cascade: true,
        });
        op.dropExtension('pg_trgm', { ifExists: true });
        op.createSequence('invoice_no', {
          schema: 'billing',
          as: 'bigint',
          increment: 2,
          minValue: 1,
          maxValue: 10n ** 12n,
          start: 1000,
          cache: 5,
          cycle: false,
          ownedBy: { table: 'invoices', column: 'no' },
        });
        op.dropSequence('invoice_no', { ifExists: true });
        op.setTableComment('users', 'people');
        op.setColumnComment('users', 'email', null, { schema: 'auth' });
      }),
    ).toEqual([
      'CREATE SCHEMA IF NOT EXISTS "billing" AUTHORIZATION "Owner"',
      'DROP SCHEMA IF EXISTS "billing" CASCADE',
      `CREATE EXTENSION IF NOT EXISTS "pg_trgm" SCHEMA "ext" VERSION '1.6' CASCADE`,
      'DROP EXTENSION IF EXISTS "pg_trgm"',
      'CREATE SEQUENCE "billing"."invoice_no" AS bigint INCREMENT BY 2 MINVALUE 1 MAXVALUE 1000000000000 START WITH 1000 CACHE 5 NO CYCLE OWNED BY "billing"."invoices"."no"',
      'DROP SEQUENCE IF EXISTS "invoice_no"',
      `COMMENT ON TABLE "users" IS 'people'`,
      'COMMENT ON COLUMN "auth"."users"."email" IS NULL',
    ]);
  });
});

describe('execute and bulkInsert', () => {
  it('execute keeps the text, trims the semicolon, honours transactional', () => {
    const statements = record((op) => {
      op.execute("UPDATE users SET plan = 'free' WHERE plan IS NULL;\n");
      op.execute(sql`VACUUM users`, { transactional: false });
      op.execute('  -- nothing\n');
    });
    expect(statements.map((s) => [s.sql, s.transactional])).toEqual([
      ["UPDATE users SET plan = 'free' WHERE plan IS NULL", true],
      ['VACUUM users', false],
      ['-- nothing', true],
    ]);
  });

  it('bulkInsert quotes every value, jsonb for objects, DEFAULT for missing keys, raw sql', () => {
    expect(
      sqlOf((op) =>
        op.bulkInsert('plans', [
          { code: "o'neil", limits: { seats: 1, tags: ['a'] }, price: 9.5 },
          { code: 'back\\slash', active: false, created: new Date('2024-01-02T03:04:05.000Z') },
          { code: 'x', price: null, created: sql`now()`, big: 12345678901234567890n },
        ]),
      ),
    ).toEqual([
      `INSERT INTO "plans" ("code", "limits", "price", "active", "created", "big") VALUES
  ('o''neil', '{"seats":1,"tags":["a"]}'::jsonb, 9.5, DEFAULT, DEFAULT, DEFAULT),
  (E'back\\\\slash', DEFAULT, DEFAULT, FALSE, '2024-01-02T03:04:05.000Z', DEFAULT),
  ('x', DEFAULT, NULL, DEFAULT, now(), 12345678901234567890)`,
    ]);
  });

  it('bulkInsert chunks rows and renders nothing for no rows', () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
    expect(sqlOf((op) => op.bulkInsert('t', rows, { chunkSize: 2, schema: 's' }))).toEqual([
      'INSERT INTO "s"."t" ("id") VALUES\n  (1),\n  (2)',
      'INSERT INTO "s"."t" ("id") VALUES\n  (3)',
    ]);
    expect(sqlOf((op) => op.bulkInsert('t', []))).toEqual([]);
    // Keys are own properties only: a column named like an Object.prototype member is not inherited.
    expect(sqlOf((op) => op.bulkInsert('t', [{ valueOf: 1 }, {}]))).toEqual([
      'INSERT INTO "t" ("valueOf") VALUES\n  (1),\n  (DEFAULT)',
    ]);
  });
});

describe('statement metadata', () => {
  it('carries the op name, the file and lintIgnore on every statement', () => {
    const statements = record((op) =>
      op.createTable(
        't',
        { a: { type: 'integer', comment: 'c' } },
        { lintIgnore: [{ rule: 'prefer-bigint-over-int', reason: 'small lookup table' }] },
      ),
    );
    expect(statements).toHaveLength(2);
    for (const statement of statements) {
      expect(statement.source).toEqual({ file: 'migrations/0001_test.ts', op: 'createTable' });
      expect(statement.lintIgnore).toEqual([
        { rule: 'prefer-bigint-over-int', reason: 'small lookup table' },
      ]);
    }
  });

  it('renderOperation works on plain operation data', () => {
    expect(
      renderOperation({
        kind: 'CreateIndex',
        name: 'ix',
        table: 't',
        keys: ['a'],
        concurrently: true,
      }),
    ).toEqual([
      {
        sql: 'CREATE INDEX CONCURRENTLY "ix" ON "t" ("a")',
        transactional: false,
        source: { op: 'createIndex' },
      },
    ]);
  });
});

describe('bad arguments are clear errors', () => {
  it.each([
    [
      'a type with a semicolon',
      (op: Op) => op.addColumn('t', 'a', { type: 'int; DROP TABLE x' }),
      /not a PostgreSQL type name/,
    ],
    [
      'a type with a quote',
      (op: Op) => op.addColumn('t', 'a', { type: "text'" }),
      /not a PostgreSQL type name/,
    ],
    ['an empty table name', (op: Op) => op.dropTable(''), /`name` is empty/],
    ['an index without keys', (op: Op) => op.createIndex('ix', 't', []), /at least one key/],
    ['alterColumn without changes', (op: Op) => op.alterColumn('t', 'a', {}), /nothing to change/],
    [
      'using without type',
      (op: Op) => op.alterColumn('t', 'a', { using: 'a::int' }),
      /needs a new `type`/,
    ],
    [
      'default and dropDefault',
      (op: Op) => op.alterColumn('t', 'a', { default: 1, dropDefault: true }),
      /not both/,
    ],
    [
      'before and after',
      (op: Op) => op.addEnumValue('e', 'x', { before: 'a', after: 'b' }),
      /not both/,
    ],
    [
      'an unknown referential action',
      (op: Op) =>
        op.addColumn('t', 'a', {
          type: 'int',
          references: { table: 'u', onDelete: 'explode' as never },
        }),
      /ON DELETE "explode"/,
    ],
    [
      'CONCURRENTLY with CASCADE',
      (op: Op) => op.dropIndex('ix', { concurrently: true, cascade: true }),
      /CASCADE/,
    ],
    ['a fractional sequence start', (op: Op) => op.createSequence('s', { start: 1.5 }), /integer/],
    [
      'a row key outside columns',
      (op: Op) => op.bulkInsert('t', [{ a: 1, b: 2 }], { columns: ['a'] }),
      /"b"/,
    ],
  ])('%s', (_name, call, message) => {
    let caught: unknown;
    try {
      record(call);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'INVALID_OPERATION', exitCode: 4 });
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toContain('migrations/0001_test.ts');
  });
});
