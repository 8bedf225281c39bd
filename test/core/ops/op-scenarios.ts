import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Op } from '../../../src/core/ops/op.js';
import { createOpRecorder } from '../../../src/core/ops/op-recorder.js';
import type { Operation } from '../../../src/core/ops/operations.js';
import { reverseOperation } from '../../../src/core/ops/reverse-operation.js';
import { sql } from '../../../src/core/ops/sql-expression.js';
import { renderOperation } from '../../../src/core/sql/render-operation.js';
import type { Statement } from '../../../src/core/sql/statement.js';

/**
 * The slice of a database the scenarios need; one adapter per engine (PGlite, node-postgres).
 * Shared by ops.pglite.test.ts and ops.postgres.test.ts so both engines run the same checks.
 */
export interface TestDb {
  /** Runs one statement. */
  exec(sql: string): Promise<void>;
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

/**
 * Runs statements the way the runner does: transactional ones inside BEGIN/COMMIT, the others
 * alone outside any transaction, and a commit after each added enum value.
 */
export async function runStatements(db: TestDb, statements: readonly Statement[]): Promise<void> {
  let open = false;
  for (const statement of statements) {
    if (!statement.transactional) {
      if (open) await db.exec('COMMIT');
      open = false;
      await db.exec(statement.sql);
      continue;
    }
    if (!open) await db.exec('BEGIN');
    open = true;
    try {
      await db.exec(statement.sql);
    } catch (error) {
      await db.exec('ROLLBACK');
      throw new Error(`${(error as Error).message}\nin: ${statement.sql}`);
    }
    if (statement.addsEnumValue !== undefined) {
      await db.exec('COMMIT');
      open = false;
    }
  }
  if (open) await db.exec('COMMIT');
}

function recordOps(calls: (op: Op) => void): {
  statements: Statement[];
  operations: readonly Operation[];
} {
  const recorder = createOpRecorder();
  calls(recorder.op);
  return { statements: recorder.take(), operations: recorder.operations() };
}

/** Everything a migration can change, as sorted plain data, for before/after comparisons. */
export async function snapshotSchema(db: TestDb): Promise<Record<string, unknown[]>> {
  const user = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'`;
  const queries: Record<string, string> = {
    schemas: `SELECT n.nspname, obj_description(n.oid, 'pg_namespace') AS comment FROM pg_namespace n WHERE ${user} ORDER BY 1`,
    tables: `SELECT n.nspname, c.relname, c.relkind, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${user} AND c.relkind IN ('r', 'p', 'S', 'i') ORDER BY 1, 2`,
    columns: `SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS default, col_description(c.oid, a.attnum) AS comment FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE ${user} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2, 3`,
    constraints: `SELECT n.nspname, c.conname, c.contype, c.convalidated, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE ${user} ORDER BY 1, 2`,
    indexes: `SELECT schemaname AS nspname, indexname, indexdef FROM pg_indexes n WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
    enums: `SELECT n.nspname, t.typname, array_to_string(array_agg(e.enumlabel ORDER BY e.enumsortorder), '|') AS labels FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid WHERE ${user} GROUP BY 1, 2 ORDER BY 1, 2`,
    extensions: `SELECT extname FROM pg_extension ORDER BY 1`,
  };
  const out: Record<string, unknown[]> = {};
  for (const [name, query] of Object.entries(queries)) out[name] = await db.rows(query);
  return out;
}

/** Registers the scenarios inside the caller's describe; `db()` is ready in beforeAll. */
export function defineOpScenarios(db: () => TestDb): void {
  const apply = async (calls: (op: Op) => void): Promise<void> => {
    await runStatements(db(), recordOps(calls).statements);
  };
  const scalar = async (query: string, params?: unknown[]): Promise<unknown> => {
    const rows = await db().rows(query, params);
    return Object.values(rows[0] ?? {})[0];
  };
  const S = 'shop';

  it('creates schema, extension, enum, sequence and tables with every column feature', async () => {
    await apply((op) => {
      op.createSchema(S, { ifNotExists: true });
      op.createExtension('pg_trgm', { ifNotExists: true });
      op.createEnum('plan', ['free', 'pro'], { schema: S });
      op.createSequence('invoice_no', { schema: S, start: 1000, increment: 5 });
      op.createTable(
        'orgs',
        {
          id: { type: 'bigint', identity: 'always', primaryKey: true },
          name: { type: 'text', nullable: false },
        },
        { schema: S },
      );
      op.createTable(
        'users',
        {
          id: { type: 'bigint', identity: 'by default', primaryKey: true },
          email: { type: 'text', nullable: false, unique: true, comment: 'lower-cased' },
          plan: { type: { name: 'plan', schema: S }, nullable: false, default: 'free' },
          created_at: { type: 'timestamptz', nullable: false, default: sql`now()` },
          org_id: { type: 'bigint', references: { table: 'orgs', schema: S, onDelete: 'cascade' } },
          price: { type: 'numeric(10,2)', default: 0, check: 'price >= 0' },
          settings: { type: 'jsonb', nullable: false, default: { theme: 'dark' } },
          tags: { type: 'text[]', default: sql`'{}'` },
          name: { type: 'text', collate: 'C' },
          name_len: { type: 'integer', generated: sql`length(name)` },
        },
        {
          schema: S,
          comment: "people's accounts",
          checks: [{ name: 'ck_email', expression: "email <> ''" }],
        },
      );
      op.createTable(
        'memberships',
        {
          org_id: { type: 'bigint', nullable: false },
          user_id: { type: 'bigint', nullable: false },
          role: { type: 'text', nullable: false, default: 'member' },
        },
        {
          schema: S,
          primaryKey: { name: 'pk_memberships', columns: ['org_id', 'user_id'] },
          unique: [['user_id', 'role']],
          foreignKeys: [
            {
              columns: ['org_id'],
              references: { table: 'orgs', schema: S, columns: ['id'] },
              onDelete: 'cascade',
            },
          ],
          checks: ["role IN ('member', 'admin')"],
        },
      );
    });
    const snapshot = await snapshotSchema(db());
    const users = snapshot['columns']?.filter(
      (c) => (c as { relname: string }).relname === 'users',
    );
    expect(users).toContainEqual({
      nspname: S,
      relname: 'users',
      attname: 'plan',
      type: 'shop.plan',
      attnotnull: true,
      default: "'free'::shop.plan",
      comment: null,
    });
    expect(users).toContainEqual(
      expect.objectContaining({ attname: 'email', attnotnull: true, comment: 'lower-cased' }),
    );
    expect(await scalar(`SELECT obj_description('shop.users'::regclass, 'pg_class')`)).toBe(
      "people's accounts",
    );
    expect(await scalar(`SELECT nextval('shop.invoice_no')::int`)).toBe(1000);
    expect(
      snapshot['constraints']
        ?.map((c) => (c as { def: string }).def)
        .filter((d) => d.startsWith('PRIMARY KEY (org_id')),
    ).toEqual(['PRIMARY KEY (org_id, user_id)']);
    await db().exec(`INSERT INTO shop.orgs (name) VALUES ('acme')`);
    await db().exec(`INSERT INTO shop.users (email, org_id, name) VALUES ('a@x', 1, 'ann')`);
    expect(
      await db().rows(`SELECT plan::text, settings, tags, name_len, price::text FROM shop.users`),
    ).toEqual([
      { plan: 'free', settings: { theme: 'dark' }, tags: [], name_len: 3, price: '0.00' },
    ]);
    await expect(
      db().exec(`INSERT INTO shop.users (email, price) VALUES ('b@x', -1)`),
    ).rejects.toThrow(/check/);
  });

  it('adds, alters and renames columns', async () => {
    await apply((op) => {
      op.addColumn('users', 'bio', { type: 'varchar(20)', default: '' }, { schema: S });
      op.addColumn('users', 'score', { type: 'text' }, { schema: S });
      op.alterColumn('users', 'bio', { type: 'text', nullable: false, schema: S });
      op.alterColumn('users', 'score', {
        type: 'integer',
        using: 'score::integer',
        default: 7,
        schema: S,
      });
      op.alterColumn('users', 'bio', { dropDefault: true, newName: 'about', schema: S });
      op.alterColumn('users', 'about', { nullable: true, schema: S });
      op.dropColumn('users', 'tags', { schema: S });
      // A default with no cast to the new type: replaced in the same statement.
      op.addColumn('users', 'code', { type: 'text', default: 'abc' }, { schema: S });
      op.alterColumn('users', 'code', { type: 'integer', using: '0', default: 5, schema: S });
    });
    expect(
      await scalar(
        `SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'shop.users'::regclass AND adnum = (SELECT attnum FROM pg_attribute WHERE attrelid = 'shop.users'::regclass AND attname = 'code')`,
      ),
    ).toBe('5');
    const columns = await db().rows(
      `SELECT attname, format_type(atttypid, atttypmod) AS type, attnotnull FROM pg_attribute WHERE attrelid = 'shop.users'::regclass AND attname IN ('about', 'score', 'tags', 'bio') ORDER BY 1`,
    );
    expect(columns).toEqual([
      { attname: 'about', type: 'text', attnotnull: false },
      { attname: 'score', type: 'integer', attnotnull: false },
    ]);
    // SET DEFAULT does not backfill: the existing row keeps NULL, a new row gets 7.
    await db().exec(`INSERT INTO shop.users (email) VALUES ('c@x')`);
    expect(
      (await db().rows(`SELECT score FROM shop.users ORDER BY id`)).map((r) => r['score']),
    ).toEqual([null, 7]);
  });

  it('creates indexes of every form, concurrently outside a transaction', async () => {
    const { statements } = recordOps((op) => {
      op.createIndex('ix_users_email_active', 'users', ['email'], {
        schema: S,
        unique: true,
        where: "plan <> 'free'",
        include: ['id'],
      });
      op.createIndex('ix_users_name_trgm', 'users', [{ column: 'name', opclass: 'gin_trgm_ops' }], {
        schema: S,
        method: 'gin',
        concurrently: true,
      });
      op.createIndex(
        'ix_users_lower',
        'users',
        [sql`lower(email)`, { column: 'created_at', order: 'desc', nulls: 'last' }],
        {
          schema: S,
          concurrently: true,
          ifNotExists: true,
        },
      );
      op.createIndex('ix_users_org_plan', 'users', ['org_id', 'plan'], {
        schema: S,
        nullsNotDistinct: true,
        unique: true,
      });
    });
    expect(statements.map((s) => s.transactional)).toEqual([true, false, false, true]);
    await runStatements(db(), statements);
    const defs = (
      await db().rows(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = 'shop' AND indexname LIKE 'ix_users_%' ORDER BY indexname`,
      )
    ).map((r) => r['indexdef']);
    expect(defs).toEqual([
      "CREATE UNIQUE INDEX ix_users_email_active ON shop.users USING btree (email) INCLUDE (id) WHERE (plan <> 'free'::shop.plan)",
      'CREATE INDEX ix_users_lower ON shop.users USING btree (lower(email), created_at DESC NULLS LAST)',
      'CREATE INDEX ix_users_name_trgm ON shop.users USING gin (name gin_trgm_ops)',
      'CREATE UNIQUE INDEX ix_users_org_plan ON shop.users USING btree (org_id, plan) NULLS NOT DISTINCT',
    ]);
    // A concurrent build inside a transaction block is refused: the flag matters.
    await db().exec('BEGIN');
    await expect(db().exec(statements[1]?.sql ?? '')).rejects.toThrow(/transaction block/);
    await db().exec('ROLLBACK');
  });

  it('adds constraints NOT VALID, validates them, attaches a unique index, drops them', async () => {
    await apply((op) => {
      op.addColumn('memberships', 'inviter_id', { type: 'bigint' }, { schema: S });
      op.createForeignKey('fk_memberships_user', 'memberships', {
        schema: S,
        columns: ['user_id'],
        references: { table: 'users', schema: S, columns: ['id'] },
        onDelete: 'cascade',
        onUpdate: 'restrict',
        notValid: true,
      });
      op.createCheckConstraint('ck_users_score', 'users', 'score >= 0', {
        schema: S,
        notValid: true,
      });
      op.createIndex('ix_orgs_name', 'orgs', ['name'], {
        schema: S,
        unique: true,
        concurrently: true,
      });
      op.createUniqueConstraint(
        'uq_orgs_name',
        'orgs',
        { usingIndex: 'ix_orgs_name' },
        { schema: S },
      );
      op.createUniqueConstraint('uq_users_name_plan', 'users', ['name', 'plan'], {
        schema: S,
        deferrable: true,
      });
    });
    const validated = async (): Promise<unknown[]> =>
      (
        await db().rows(
          `SELECT conname, convalidated FROM pg_constraint WHERE conname IN ('fk_memberships_user', 'ck_users_score') ORDER BY 1`,
        )
      ).map((r) => r['convalidated']);
    expect(await validated()).toEqual([false, false]);
    await apply((op) => {
      op.validateConstraint('fk_memberships_user', 'memberships', { schema: S });
      op.validateConstraint('ck_users_score', 'users', { schema: S });
    });
    expect(await validated()).toEqual([true, true]);
    expect(
      await scalar(
        `SELECT conindid::regclass::text FROM pg_constraint WHERE conname = 'uq_orgs_name'`,
      ),
    ).toBe('shop.uq_orgs_name');
    await apply((op) => {
      op.dropConstraint('uq_users_name_plan', 'users', { schema: S });
      op.dropConstraint('nope', 'users', { schema: S, ifExists: true });
    });
    expect(
      await scalar(`SELECT count(*)::int FROM pg_constraint WHERE conname = 'uq_users_name_plan'`),
    ).toBe(0);
  });

  it('adds an enum value and uses it after the commit; renames a value', async () => {
    await apply((op) => {
      op.addEnumValue('plan', 'team', { schema: S, after: 'free' });
      op.addEnumValue('plan', 'team', { schema: S, ifNotExists: true });
      op.addEnumValue('plan', 'trial', { schema: S, before: 'free' });
      op.execute(`UPDATE shop.users SET plan = 'team'`);
      op.renameEnumValue('plan', 'pro', 'professional', { schema: S });
    });
    expect(await scalar(`SELECT array_to_string(enum_range(NULL::shop.plan), ',')`)).toBe(
      'trial,free,team,professional',
    );
    expect(await scalar(`SELECT plan::text FROM shop.users`)).toBe('team');
  });

  it('inserts rows with every kind of value and reads them back unchanged', async () => {
    const hostile = "it's a \\ back'slash \u00e9 \u{1F600} -- not a comment; DROP TABLE x";
    await apply((op) => {
      op.createTable(
        'things',
        {
          id: { type: 'integer', primaryKey: true },
          label: { type: 'text' },
          data: { type: 'jsonb' },
          at: { type: 'timestamptz' },
          flag: { type: 'boolean', default: true },
          big: { type: 'bigint' },
        },
        { schema: S },
      );
      op.bulkInsert(
        'things',
        [
          {
            id: 1,
            label: hostile,
            data: { nested: { q: "o'neil", b: '\\' } },
            at: new Date('2024-05-06T07:08:09.000Z'),
            big: 9007199254740993n,
          },
          { id: 2, label: null, data: [1, 'two', null], flag: false },
          { id: 3, label: sql`upper('x')` },
        ],
        { schema: S, chunkSize: 2 },
      );
    });
    const rows = await db().rows(
      `SELECT id, label, data, at, flag, big::text FROM shop.things ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        id: 1,
        label: hostile,
        data: { nested: { q: "o'neil", b: '\\' } },
        at: new Date('2024-05-06T07:08:09.000Z'),
        flag: true,
        big: '9007199254740993',
      },
      { id: 2, label: null, data: [1, 'two', null], at: null, flag: false, big: null },
      { id: 3, label: 'X', data: null, at: null, flag: true, big: null },
    ]);
  });

  it('sets and removes comments, renames a table, drops everything', async () => {
    await apply((op) => {
      op.setTableComment('things', 'stuff', { schema: S });
      op.setColumnComment('things', 'label', "what's shown", { schema: S });
    });
    expect(await scalar(`SELECT col_description('shop.things'::regclass, 2)`)).toBe("what's shown");
    await apply((op) => {
      op.setColumnComment('things', 'label', null, { schema: S });
      op.renameTable('things', 'items', { schema: S });
    });
    expect(await scalar(`SELECT col_description('shop.items'::regclass, 2)`)).toBeNull();
    await apply((op) => {
      op.dropIndex('ix_users_lower', { schema: S, concurrently: true });
      op.dropIndex('ix_users_name_trgm', { schema: S, ifExists: true });
      op.dropTable('items', { schema: S });
      op.dropTable('memberships', { schema: S, ifExists: true });
      op.dropTable('users', { schema: S, cascade: true });
      op.dropSequence('invoice_no', { schema: S });
      op.dropEnum('plan', { schema: S });
      op.dropTable('orgs', { schema: S });
      op.dropExtension('pg_trgm');
      op.dropSchema(S);
    });
    expect(await scalar(`SELECT count(*)::int FROM pg_namespace WHERE nspname = 'shop'`)).toBe(0);
    expect(await scalar(`SELECT count(*)::int FROM pg_extension WHERE extname = 'pg_trgm'`)).toBe(
      0,
    );
  });

  it('quotes hostile names everywhere: quotes, reserved words, mixed case, spaces', async () => {
    const schema = 'We"ird Schema';
    await apply((op) => {
      op.createSchema(schema);
      op.createEnum('Sta"tus', ["o'pen", 'Closed Now'], { schema });
      op.createTable(
        'select',
        {
          from: { type: 'integer', primaryKey: true },
          MixedCase: { type: { name: 'Sta"tus', schema }, default: "o'pen" },
          'we"ird col': { type: 'text', comment: "it's" },
        },
        { schema, comment: 'table "select"' },
      );
      op.createIndex('Ix "Mixed"', 'select', ['MixedCase', 'we"ird col'], {
        schema,
        concurrently: true,
      });
      op.createCheckConstraint('Ck"1', 'select', sql`${sql.ident('from')} > ${0}`, { schema });
      op.addEnumValue('Sta"tus', 'New;Value', { schema });
      op.bulkInsert('select', [{ from: 1, MixedCase: 'New;Value', 'we"ird col': '"quoted"' }], {
        schema,
      });
      op.renameTable('select', 'Table', { schema });
      op.alterColumn('Table', 'we"ird col', { newName: 'user', schema });
    });
    expect(
      await db().rows(
        `SELECT "from", "MixedCase"::text AS m, "user" FROM "We""ird Schema"."Table"`,
      ),
    ).toEqual([{ from: 1, m: 'New;Value', user: '"quoted"' }]);
    expect(
      await scalar(
        `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname <> 'select_pkey'`,
        [schema],
      ),
    ).toBe('Ix "Mixed"');
    expect(await scalar(`SELECT conname FROM pg_constraint WHERE conname LIKE 'Ck%'`)).toBe('Ck"1');
    await apply((op) => op.dropSchema(schema, { cascade: true }));
  });

  it('round-trips arbitrary names and values through the catalog (property)', async () => {
    // PostgreSQL truncates names beyond 63 bytes and refuses NUL; anything else must survive.
    const name = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
      .filter((n) => !n.includes('\u0000') && new TextEncoder().encode(n).length <= 63);
    const value = fc
      .string({ unit: 'grapheme', maxLength: 30 })
      .filter((v) => !v.includes('\u0000'));
    await apply((op) => op.createSchema('prop'));
    await fc.assert(
      fc.asyncProperty(name, name, value, async (table, column, text) => {
        await apply((op) => {
          op.createTable(table, { [column]: { type: 'text', default: text } }, { schema: 'prop' });
          op.bulkInsert(table, [{ [column]: text }, {}], { schema: 'prop', columns: [column] });
        });
        const columns = await db().rows(
          `SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'prop'::regnamespace AND a.attnum > 0`,
        );
        expect(columns).toEqual([{ relname: table, attname: column }]);
        const rows = await db().rows(`SELECT * FROM prop.${sql.ident(table).text}`);
        expect(rows).toEqual([{ [column]: text }, { [column]: text }]);
        await apply((op) => op.dropTable(table, { schema: 'prop' }));
      }),
      { numRuns: 25 },
    );
    await apply((op) => op.dropSchema('prop'));
  });

  const roundTrips: [string, (op: Op) => void][] = [
    [
      'createTable',
      (op) =>
        op.createTable(
          'extra',
          {
            id: { type: 'integer', primaryKey: true },
            base_id: { type: 'integer', references: { table: 'base', schema: 'rt' } },
          },
          { schema: 'rt' },
        ),
    ],
    ['renameTable', (op) => op.renameTable('base', 'base2', { schema: 'rt' })],
    [
      'addColumn',
      (op) =>
        op.addColumn(
          'base',
          'extra',
          { type: 'bigint', nullable: false, default: 3, unique: true },
          { schema: 'rt' },
        ),
    ],
    [
      'dropColumn with existing',
      (op) =>
        op.dropColumn('base', 'note', {
          schema: 'rt',
          existing: { type: 'text', default: 'x', nullable: false },
        }),
    ],
    [
      'alterColumn type, nullability, default, rename',
      (op) =>
        op.alterColumn('base', 'amount', {
          schema: 'rt',
          type: 'text',
          using: "amount::text || ''",
          existingType: 'integer',
          nullable: false,
          existingNullable: true,
          default: '5',
          existingDefault: null,
          newName: 'total',
        }),
    ],
    [
      'alterColumn drop default',
      (op) =>
        op.alterColumn('base', 'note', { schema: 'rt', dropDefault: true, existingDefault: 'x' }),
    ],
    [
      'createIndex concurrently',
      (op) =>
        op.createIndex('ix_base_name', 'base', ['name'], {
          schema: 'rt',
          unique: true,
          concurrently: true,
          where: 'id > 0',
        }),
    ],
    [
      'createForeignKey',
      (op) =>
        op.createForeignKey('fk_self', 'base', {
          schema: 'rt',
          columns: ['parent_id'],
          references: { table: 'base', schema: 'rt' },
        }),
    ],
    [
      'createUniqueConstraint',
      (op) => op.createUniqueConstraint('uq_base_name', 'base', ['name'], { schema: 'rt' }),
    ],
    [
      'createCheckConstraint',
      (op) =>
        op.createCheckConstraint('ck_amount', 'base', 'amount > 0', {
          schema: 'rt',
          notValid: true,
        }),
    ],
    ['createPrimaryKey', (op) => op.createPrimaryKey('pk_nokey', 'nokey', ['k'], { schema: 'rt' })],
    ['createEnum', (op) => op.createEnum('mood', ['sad', 'ok'], { schema: 'rt' })],
    ['renameEnumValue', (op) => op.renameEnumValue('color', 'red', 'crimson', { schema: 'rt' })],
    ['createSchema', (op) => op.createSchema('rt_other')],
    ['createExtension', (op) => op.createExtension('btree_gin', { schema: 'rt' })],
    ['createSequence', (op) => op.createSequence('seq', { schema: 'rt', start: 5 })],
    [
      'setTableComment',
      (op) => op.setTableComment('base', 'now commented', { schema: 'rt', existingComment: null }),
    ],
    [
      'setColumnComment',
      (op) => op.setColumnComment('base', 'name', 'new', { schema: 'rt', existingComment: 'old' }),
    ],
  ];

  it.each(roundTrips)('reverseOperation round trip: %s', async (_name, calls) => {
    await apply((op) => {
      op.createSchema('rt');
      op.createEnum('color', ['red', 'green'], { schema: 'rt' });
      op.createTable(
        'base',
        {
          id: { type: 'integer', primaryKey: true },
          name: { type: 'text', comment: 'old' },
          amount: { type: 'integer' },
          note: { type: 'text', nullable: false, default: 'x' },
          parent_id: { type: 'integer' },
        },
        { schema: 'rt' },
      );
      op.createTable('nokey', { k: { type: 'integer', nullable: false } }, { schema: 'rt' });
    });
    const before = await snapshotSchema(db());
    const { statements, operations } = recordOps(calls);
    await runStatements(db(), statements);
    expect(await snapshotSchema(db())).not.toEqual(before);
    const reversed = [...operations].reverse().map((operation) => reverseOperation(operation));
    expect(reversed).not.toContain(null);
    await runStatements(
      db(),
      reversed.flatMap((operation) => (operation === null ? [] : renderOperation(operation))),
    );
    expect(await snapshotSchema(db())).toEqual(before);
    await apply((op) => op.dropSchema('rt', { cascade: true }));
  });
}
