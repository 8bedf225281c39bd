import { describe, expect, it } from 'vitest';
import type { Op } from '../../../src/core/ops/op.js';
import { createOpRecorder } from '../../../src/core/ops/op-recorder.js';
import type { Operation } from '../../../src/core/ops/operations.js';
import { reverseOperation } from '../../../src/core/ops/reverse-operation.js';
import { sql } from '../../../src/core/ops/sql-expression.js';
import { renderOperation } from '../../../src/core/sql/render-operation.js';
import { describeChange } from '../../../src/core/changes/describe-change.js';
import { reverseChanges } from '../../../src/core/changes/reverse-change.js';
import { planChanges } from '../../../src/core/codegen/plan.js';
import { declarationToModel } from '../../../src/core/declaration/declaration-to-model.js';
import { diffSchemas } from '../../../src/core/diff/diff-schemas.js';
import { emptySchemaModel } from '../../../src/core/model/schema-model.js';
import { bigint, defineSchema, index, table, text } from '../../../src/index.js';

/*
 * op.setComment, and the ops of domains, composite types, collations, grants and identity
 * columns: what they render, what reverses them, and the clear errors on bad arguments. Pure.
 */

function sqlOf(calls: (op: Op) => void): string[] {
  const recorder = createOpRecorder({ file: 'migrations/0001_test.ts' });
  calls(recorder.op);
  return recorder.take().map((s) => s.sql);
}

const reverseSql = (op: Operation): string[] => {
  const back = reverseOperation(op);
  return back === null ? [] : renderOperation(back).map((s) => s.sql);
};

describe('op.setComment', () => {
  it('renders COMMENT ON every object type, quoting names and the text', () => {
    expect(
      sqlOf((op) => {
        op.setComment('schema', 'Audit', 'trail');
        op.setComment('index', 'ix', "it's fast", { schema: 'app' });
        op.setComment('constraint', 'users_email_key', 'unique', { table: 'users' });
        op.setComment('trigger', 't', null, { table: 'users', schema: 'app' });
        op.setComment('policy', 'p', 'open', { table: 'users' });
        op.setComment('function', 'f', 'adds', { args: 'integer, text' });
        op.setComment('procedure', 'p', 'runs');
        op.setComment('materialized view', 'mv', 'nightly');
        op.setComment('type', 'plan', 'plans');
        op.setComment('sequence', 's', 'numbers');
      }),
    ).toEqual([
      `COMMENT ON SCHEMA "Audit" IS 'trail'`,
      `COMMENT ON INDEX "app"."ix" IS 'it''s fast'`,
      `COMMENT ON CONSTRAINT "users_email_key" ON "users" IS 'unique'`,
      `COMMENT ON TRIGGER "t" ON "app"."users" IS NULL`,
      `COMMENT ON POLICY "p" ON "users" IS 'open'`,
      `COMMENT ON FUNCTION "f"(integer, text) IS 'adds'`,
      `COMMENT ON PROCEDURE "p" IS 'runs'`,
      `COMMENT ON MATERIALIZED VIEW "mv" IS 'nightly'`,
      `COMMENT ON TYPE "plan" IS 'plans'`,
      `COMMENT ON SEQUENCE "s" IS 'numbers'`,
    ]);
  });

  it('reverses with existingComment only', () => {
    const op: Operation = {
      kind: 'SetComment',
      objectType: 'constraint',
      name: 'c',
      table: 't',
      comment: 'new',
      existingComment: null,
    };
    expect(reverseSql(op)).toEqual([`COMMENT ON CONSTRAINT "c" ON "t" IS NULL`]);
    expect(reverseOperation({ ...op, existingComment: undefined })).toBeNull();
  });

  it.each([
    ['a constraint without its table', (op: Op) => op.setComment('constraint', 'c', 'x'), /table/],
    [
      'a schema with a schema',
      (op: Op) => op.setComment('schema', 's', 'x', { schema: 'a' }),
      /schema/,
    ],
    [
      'args that are not types',
      (op: Op) => op.setComment('function', 'f', 'x', { args: 'int); DROP TABLE t; --' }),
      /argument types/,
    ],
    [
      'an unknown object type',
      (op: Op) => op.setComment('table' as never, 't', 'x'),
      /unknown object type/,
    ],
  ])('%s is a clear error', (_what, call, message) => {
    expect(() => sqlOf(call)).toThrow(message);
  });
});

describe('domains, composite types, collations, grants, identity', () => {
  it('render', () => {
    expect(
      sqlOf((op) => {
        op.createDomain('price', 'numeric(12,2)', {
          schema: 'shop',
          collate: undefined,
          default: sql`0`,
          notNull: true,
          checks: ['VALUE >= 0', { name: 'price_cap', expression: sql`VALUE < 1000` }],
        });
        op.alterDomain('price', { dropConstraint: 'price_cap', notNull: false });
        op.alterDomain('price', { dropDefault: true });
        op.dropDomain('price', { ifExists: true, cascade: true });
        op.createType('dims', { w: 'integer', label: { type: 'text', collate: 'C' } });
        op.dropType('dims');
        op.createCollation('nocase', {
          provider: 'icu',
          locale: 'und-u-ks-level2',
          deterministic: false,
        });
        op.dropCollation('nocase', { schema: 'shop' });
        op.grant(['select', 'INSERT'], 'table', 'orders', ['app', 'PUBLIC'], {
          withGrantOption: true,
        });
        op.grant('EXECUTE', 'function', 'f', 'app', { args: 'uuid', schema: 'api' });
        op.revoke('USAGE', 'schema', 'shop', 'app', { cascade: true });
        op.alterIdentity('t', 'id', { add: 'always', sequence: { start: 100 } });
        op.alterIdentity('t', 'id', {
          set: 'by default',
          sequence: { increment: 5, cycle: false },
        });
        op.alterIdentity('t', 'id', { drop: true });
      }),
    ).toEqual([
      `CREATE DOMAIN "shop"."price" AS numeric(12,2) DEFAULT 0 NOT NULL CHECK (VALUE >= 0) CONSTRAINT "price_cap" CHECK (VALUE < 1000)`,
      `ALTER DOMAIN "price" DROP CONSTRAINT "price_cap"`,
      `ALTER DOMAIN "price" DROP NOT NULL`,
      `ALTER DOMAIN "price" DROP DEFAULT`,
      `DROP DOMAIN IF EXISTS "price" CASCADE`,
      `CREATE TYPE "dims" AS ("w" integer, "label" text COLLATE "C")`,
      `DROP TYPE "dims"`,
      `CREATE COLLATION "nocase" (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`,
      `DROP COLLATION "shop"."nocase"`,
      `GRANT SELECT, INSERT ON TABLE "orders" TO "app", PUBLIC WITH GRANT OPTION`,
      `GRANT EXECUTE ON FUNCTION "api"."f"(uuid) TO "app"`,
      `REVOKE USAGE ON SCHEMA "shop" FROM "app" CASCADE`,
      `ALTER TABLE "t" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY (START WITH 100)`,
      `ALTER TABLE "t" ALTER COLUMN "id" SET GENERATED BY DEFAULT SET INCREMENT BY 5 SET NO CYCLE`,
      `ALTER TABLE "t" ALTER COLUMN "id" DROP IDENTITY`,
    ]);
  });

  it('reverse', () => {
    expect(reverseSql({ kind: 'CreateDomain', name: 'd', type: 'integer' })).toEqual([
      'DROP DOMAIN "d"',
    ]);
    expect(
      reverseSql({
        kind: 'AlterDomain',
        name: 'd',
        addCheck: { name: 'c', expression: 'VALUE > 0' },
      }),
    ).toEqual(['ALTER DOMAIN "d" DROP CONSTRAINT "c"']);
    expect(
      reverseSql({
        kind: 'AlterDomain',
        name: 'd',
        dropConstraint: 'c',
        existingCheck: 'VALUE > 0',
      }),
    ).toEqual(['ALTER DOMAIN "d" ADD CONSTRAINT "c" CHECK (VALUE > 0)']);
    expect(reverseSql({ kind: 'AlterDomain', name: 'd', notNull: true })).toEqual([
      'ALTER DOMAIN "d" DROP NOT NULL',
    ]);
    expect(
      reverseSql({ kind: 'AlterDomain', name: 'd', default: '1', existingDefault: null }),
    ).toEqual(['ALTER DOMAIN "d" DROP DEFAULT']);
    expect(reverseOperation({ kind: 'AlterDomain', name: 'd', default: '1' })).toBeNull();
    expect(reverseSql({ kind: 'CreateType', name: 't', attributes: { a: 'integer' } })).toEqual([
      'DROP TYPE "t"',
    ]);
    expect(reverseSql({ kind: 'CreateCollation', name: 'c', schema: 's' })).toEqual([
      'DROP COLLATION "s"."c"',
    ]);
    expect(
      reverseSql({
        kind: 'Grant',
        privileges: 'SELECT',
        objectType: 'table',
        name: 't',
        grantees: 'app',
        withGrantOption: true,
      }),
    ).toEqual(['REVOKE SELECT ON TABLE "t" FROM "app"']);
    expect(
      reverseSql({
        kind: 'Revoke',
        privileges: 'SELECT',
        objectType: 'table',
        name: 't',
        grantees: 'app',
      }),
    ).toEqual(['GRANT SELECT ON TABLE "t" TO "app"']);
    expect(reverseSql({ kind: 'AlterIdentity', table: 't', column: 'id', add: 'always' })).toEqual([
      'ALTER TABLE "t" ALTER COLUMN "id" DROP IDENTITY',
    ]);
    expect(
      reverseSql({
        kind: 'AlterIdentity',
        table: 't',
        column: 'id',
        set: 'always',
        sequence: { start: 10 },
        existing: { identity: 'by default', sequence: { start: 1 } },
      }),
    ).toEqual(['ALTER TABLE "t" ALTER COLUMN "id" SET GENERATED BY DEFAULT SET START WITH 1']);
    for (const op of [
      { kind: 'DropDomain', name: 'd' },
      { kind: 'DropType', name: 't' },
      { kind: 'DropCollation', name: 'c' },
      { kind: 'AlterIdentity', table: 't', column: 'id', drop: true },
    ] as Operation[])
      expect(reverseOperation(op)).toBeNull();
  });

  it.each([
    ['alterDomain without a change', (op: Op) => op.alterDomain('d', {}), /give `default`/],
    [
      'default and dropDefault',
      (op: Op) => op.alterDomain('d', { default: '1', dropDefault: true }),
      /not both/,
    ],
    [
      'a privilege that is not one',
      (op: Op) => op.grant('SELECT; DROP', 'table', 't', 'app'),
      /not a privilege/,
    ],
    [
      'a grant on something else',
      (op: Op) => op.grant('SELECT', 'view' as never, 't', 'app'),
      /cannot grant on/,
    ],
    [
      'a provider that is not one',
      (op: Op) => op.createCollation('c', { provider: 'x' as never }),
      /provider/,
    ],
    [
      'add and drop',
      (op: Op) => op.alterIdentity('t', 'id', { add: 'always', drop: true }),
      /one of/,
    ],
    [
      'a sequence option that is no integer',
      (op: Op) => op.alterIdentity('t', 'id', { sequence: { start: '1; x' } }),
      /not an integer/,
    ],
    [
      'an attribute type with a semicolon',
      (op: Op) => op.createType('t', { a: 'int; DROP' }),
      /not a PostgreSQL type name/,
    ],
  ])('%s is a clear error', (_what, call, message) => {
    expect(() => sqlOf(call)).toThrow(message);
  });
});

describe('comments in the declaration, the diff and the plan', () => {
  const users = (comment?: string) =>
    table('users', { id: bigint().primaryKey(), email: text() }, (t) => [
      index('users_email_idx')
        .on(t.email)
        .comment(comment ?? 'by email'),
    ]);

  it('a commented constraint or index needs a name', () => {
    const unnamed = table('t', { a: text() }, (t) => [index().on(t.a).comment('x')]);
    expect(() => declarationToModel(defineSchema({ tables: [unnamed] }))).toThrow(
      /index of table t has a comment but no name/,
    );
  });

  it('a changed comment is SetComment; a created object carries its comment into the plan', () => {
    const before = declarationToModel(defineSchema({ tables: [users('old')] }));
    const after = declarationToModel(defineSchema({ tables: [users('new')] }));
    const changes = diffSchemas(before, after);
    expect(changes.map(describeChange)).toEqual(['change comment of index users_email_idx']);
    expect(reverseChanges(changes)).toEqual([{ ...changes[0], from: 'new', to: 'old' }]);
    const created = planChanges(diffSchemas(emptySchemaModel, after), { enums: [] });
    const ops = created.now.flatMap((b) => b.operations.map((o) => o.kind));
    expect(ops).toEqual(['CreateTable', 'CreateIndex', 'SetComment']);
  });
});
