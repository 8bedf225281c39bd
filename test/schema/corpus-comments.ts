import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJiti } from 'jiti';
import { expect } from 'vitest';
import type { Change } from '../../src/core/changes/change.js';
import { reverseChanges } from '../../src/core/changes/reverse-change.js';
import { changesToOps } from '../../src/core/codegen/changes-to-ops.js';
import { modelToDeclaration } from '../../src/core/codegen/model-to-declaration.js';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import type { SchemaDeclaration } from '../../src/core/declaration/schema-builder.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import { emptySchemaModel, type SchemaModel } from '../../src/core/model/schema-model.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { introspectDatabase } from '../../src/database/introspect.js';
import { normaliseModel } from '../../src/database/normalise-declaration.js';
import {
  bigint,
  check,
  columnOfType,
  defineSchema,
  exclude,
  foreignKey,
  index,
  materializedView,
  pgFunction,
  pgProcedure,
  pgSchema,
  policy,
  primaryKey,
  sequence,
  sql,
  table,
  text,
  trigger,
  unique,
  view,
} from '../../src/index.js';
import { runGenerated } from './run-generated.js';

/*
 * Comments on every kind of object (schemas, enums, sequences, primary keys, unique, check,
 * foreign-key and exclusion constraints, indexes, views, materialized views, functions,
 * procedures, triggers, policies) through the whole pipeline, run on PGlite and on PostgreSQL
 * by comments.*.test.ts: declare → autogenerate → apply → read back equal; every comment
 * changed, removed or added (and a view recreated around a column type change keeps its
 * comment) with the downgrade back to the same catalog; pull → normalise → same model; drop all.
 */

const billing = pgSchema('billing');
const plan = billing.enumType('plan', ['free', 'pro'], { comment: 'what a customer pays for' });
const tickets = sequence('ticket_seq', { comment: 'ticket numbers' });
const owners = table('owners', { id: bigint().primaryKey() });
const accounts = table(
  'accounts',
  {
    id: bigint().notNull(),
    email: text().notNull(),
    plan: plan(),
    parent_id: bigint(),
    active_during: columnOfType('tstzrange'),
    nickname: text(),
  },
  (t) => [
    primaryKey({ name: 'accounts_pkey', columns: [t.id], comment: 'the account number' }),
    unique('accounts_email_key', { comment: 'one account per address' }).on(t.email),
    check('accounts_email_check', sql`email <> ''`, { comment: 'never empty' }),
    foreignKey({
      columns: [t.parent_id],
      references: () => [owners.columns.id],
      name: 'accounts_parent_fkey',
      comment: 'the owner',
    }),
    exclude('accounts_no_overlap', { comment: 'one active period at a time' }).on([
      t.active_during,
      '&&',
    ]),
    index('accounts_plan_idx').on(t.plan).comment('accounts by plan'),
  ],
);
const touch = pgFunction('touch', {
  returns: 'trigger',
  language: 'plpgsql',
  body: 'BEGIN RETURN NEW; END',
  comment: 'does nothing',
});
const accountCount = pgFunction('account_count', {
  args: 'min_id bigint',
  returns: 'bigint',
  body: 'SELECT count(*) FROM accounts WHERE id >= min_id',
  comment: 'how many accounts',
});
const cleanup = pgProcedure('cleanup', { language: 'plpgsql', body: 'BEGIN END', comment: 'tidy' });

export const commentsDeclaration: SchemaDeclaration = defineSchema({
  schemas: [{ name: 'billing', comment: 'money matters' }],
  enums: [plan],
  sequences: [tickets],
  tables: [owners, accounts],
  functions: [touch, accountCount, cleanup],
  triggers: [
    trigger('accounts_touch', {
      table: accounts,
      timing: 'before',
      events: ['update'],
      function: touch,
      comment: 'keeps rows fresh',
    }),
  ],
  views: [
    view('account_names', sql`SELECT id, nickname FROM accounts`, { comment: 'who to greet' }),
    materializedView('account_totals', sql`SELECT 1 AS n`, {
      comment: 'counted nightly',
      indexes: [{ name: 'account_totals_n_idx', columns: ['n'], comment: 'by count' }],
    }),
  ],
  policies: [policy('accounts_all', { table: accounts, using: sql`true`, comment: 'open' })],
});

/** Every comment of a model, as `kind name: text` lines (what the cycle checks). */
export function commentsOf(m: SchemaModel): string[] {
  const out: string[] = [];
  const add = (what: string, c: string | undefined): void => {
    if (c !== undefined) out.push(`${what}: ${c}`);
  };
  for (const [s, c] of Object.entries(m.schemaComments ?? {})) add(`schema ${s}`, c);
  for (const e of m.enums) add(`type ${e.name}`, e.comment);
  for (const s of m.sequences) add(`sequence ${s.name}`, s.comment);
  for (const t of m.tables) {
    add(`constraint ${t.primaryKey?.name}`, t.primaryKey?.comment);
    for (const k of [...t.uniques, ...t.checks, ...t.foreignKeys, ...(t.exclusions ?? [])])
      add(`constraint ${k.name}`, k.comment);
    for (const i of t.indexes) add(`index ${i.name}`, i.comment);
  }
  for (const v of m.views) {
    add(`view ${v.name}`, v.comment);
    for (const i of v.indexes) add(`index ${i.name}`, i.comment);
  }
  for (const r of m.routines) add(`${r.kind} ${r.name}`, r.comment);
  for (const t of m.triggers) add(`trigger ${t.name}`, t.comment);
  for (const p of m.policies) add(`policy ${p.name}`, p.comment);
  return out.sort();
}

/** v1 with comments changed, removed and added, and the column the view reads retyped. */
function version2(v1: SchemaModel): SchemaModel {
  const re = <T extends { readonly comment?: string | undefined }>(o: T, c?: string): T => {
    const { comment: _old, ...rest } = o;
    return (c === undefined ? rest : { ...rest, comment: c }) as T;
  };
  const t = v1.tables.find((x) => x.name === 'accounts');
  const others = v1.tables.filter((x) => x !== t);
  return {
    ...v1,
    schemaComments: {},
    enums: v1.enums.map((e) => re(e, 'plans v2')),
    sequences: v1.sequences.map((s) => re(s)),
    tables: [
      ...others,
      {
        ...t!,
        columns: t!.columns.map((c) =>
          c.name === 'nickname' ? { ...c, type: 'character varying(200)' } : c,
        ),
        primaryKey: re(t!.primaryKey!, 'pk v2'),
        uniques: t!.uniques.map((u) => re(u)),
        checks: t!.checks.map((k) => re(k, 'check v2')),
        foreignKeys: t!.foreignKeys.map((k) => re(k)),
        exclusions: t!.exclusions!.map((x) => re(x, 'exclusion v2')),
        indexes: t!.indexes.map((i) => re(i)),
      },
    ],
    views: v1.views.map((v) => ({
      ...re(v, `${v.name} v2`),
      indexes: v.indexes.map((i) => re(i, 'index v2')),
    })),
    routines: v1.routines.map((r) => re(r, r.kind === 'procedure' ? undefined : `${r.name} v2`)),
    triggers: v1.triggers.map((x) => re(x)),
    policies: v1.policies.map((x) => re(x, 'policy v2')),
  };
}

/** The whole cycle against one database (empty at the start, empty at the end). */
export async function runCommentsCycle(db: DatabaseClient): Promise<void> {
  const v1 = await normaliseModel(declarationToModel(commentsDeclaration));
  expect(commentsOf(v1)).toEqual([
    'constraint accounts_email_check: never empty',
    'constraint accounts_email_key: one account per address',
    'constraint accounts_no_overlap: one active period at a time',
    'constraint accounts_parent_fkey: the owner',
    'constraint accounts_pkey: the account number',
    'function account_count: how many accounts',
    'function touch: does nothing',
    'index account_totals_n_idx: by count',
    'index accounts_plan_idx: accounts by plan',
    'policy accounts_all: open',
    'procedure cleanup: tidy',
    'schema billing: money matters',
    'sequence ticket_seq: ticket numbers',
    'trigger accounts_touch: keeps rows fresh',
    'type plan: what a customer pays for',
    'view account_names: who to greet',
    'view account_totals: counted nightly',
  ]);
  const read = (): Promise<SchemaModel> => introspectDatabase(db);
  const run = (changes: readonly Change[], to: SchemaModel): Promise<void> =>
    runGenerated(db, changesToOps(changes, to));

  const create = diffSchemas(emptySchemaModel, v1);
  await run(create, v1);
  const live1 = await read();
  expect(diffSchemas(live1, v1)).toEqual([]);
  expect(diffSchemas(v1, live1)).toEqual([]);

  const v2 = version2(live1);
  const up = diffSchemas(live1, v2);
  // Comments of objects that stay change in place (the materialized view and its index too);
  // the view recreated around the column type change takes its new one along.
  expect(up.filter((c) => c.kind === 'SetComment').length).toBe(16);
  expect(up.map((c) => c.kind)).toContain('DropView');
  const code = changesToOps(up, v2);
  expect(code).toContain(
    "op.setComment('constraint', 'accounts_email_key', null, { table: 'accounts' });",
  );
  expect(code).toContain("op.setComment('schema', 'billing', null);");
  await run(up, v2);
  const live2 = await read();
  expect(commentsOf(live2)).toEqual(commentsOf(v2));
  expect(diffSchemas(live2, v2)).toEqual([]);
  await run(reverseChanges(up), live1);
  expect(await read()).toEqual(live1);

  // pull → the pulled declaration normalises to the same model.
  const dir = mkdtempSync(join(tmpdir(), 'retort-pull-comments-'));
  const source = modelToDeclaration(live1);
  expect(source).toContain(".comment('accounts by plan')");
  writeFileSync(join(dir, 'schema.ts'), source);
  const jiti = createJiti(import.meta.url, {
    alias: { 'retort-pg': join(import.meta.dirname, '../../src/index.ts') },
    moduleCache: false,
  });
  const pulled = await jiti.import<SchemaDeclaration>(join(dir, 'schema.ts'), { default: true });
  expect(diffSchemas(live1, await normaliseModel(declarationToModel(pulled)))).toEqual([]);

  await run(reverseChanges(create), v1);
  expect(await read()).toEqual(emptySchemaModel);
}
