import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import ts from 'typescript';
import { createOpRecorder } from '../../src/core/ops/op-recorder.js';
import type { Op } from '../../src/core/ops/op.js';
import { reverseOperation } from '../../src/core/ops/reverse-operation.js';
import { sql } from '../../src/core/ops/sql-expression.js';
import { renderOperation } from '../../src/core/sql/render-operation.js';
import { REPO_ROOT } from '../support/cli.js';

/*
 * docs/ops.md, generated from the code: each method of the `Op` interface (src/core/ops/op.ts)
 * with its signature, its documentation and its options (read with the TypeScript compiler),
 * then one call rendered by the real renderer, the operation reverseOperation computes, and the
 * table locks PostgreSQL (PGlite) actually holds after the statements ran, read from pg_locks.
 * test/docs/ops-doc.test.ts compares the result with the committed file.
 */

/** Tables, types and constraints every example call runs against (committed before each call). */
export const FIXTURE = `
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, email text, bio text, plan text, created timestamptz);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, amount text);
CREATE TABLE sessions (id bigint);
CREATE TABLE tags (id bigint NOT NULL, name text);
CREATE TABLE items (price numeric);
CREATE TABLE legacy_user (id bigint);
CREATE TABLE plans (code text, limits jsonb);
ALTER TABLE items ADD CONSTRAINT ck_price CHECK (price >= 0) NOT VALID;
CREATE INDEX ix_orders_user ON orders (user_id);
CREATE TYPE plan AS ENUM ('free', 'pro');
CREATE TYPE mood AS ENUM ('ok', 'meh');
CREATE SCHEMA archive;
CREATE SEQUENCE old_numbers;
CREATE EXTENSION btree_gin;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION old_total(bigint) RETURNS bigint LANGUAGE sql AS 'SELECT $1';
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW old_emails AS SELECT email FROM users;
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_all ON orders USING (true);
`;

/** One call per method: what the reference renders. Fits FIXTURE; `undefined` for online-only methods. */
export const EXAMPLES: Record<keyof Op, string | undefined> = {
  createTable: `op.createTable('memberships', {
  org_id: { type: 'bigint', references: { table: 'orgs', onDelete: 'cascade' } },
  user_id: { type: 'bigint', references: { table: 'users', onDelete: 'cascade' } },
  role: { type: 'text', nullable: false, default: 'member' },
}, { primaryKey: ['org_id', 'user_id'], comment: 'who belongs where' });`,
  dropTable: `op.dropTable('sessions', { ifExists: true });`,
  renameTable: `op.renameTable('legacy_user', 'people');`,
  setTableSchema: `op.setTableSchema('orders', 'archive');`,
  renameConstraint: `op.renameConstraint('items', 'ck_price', 'ck_items_price');`,
  addColumn: `op.addColumn('users', 'nickname', { type: 'text' });`,
  dropColumn: `op.dropColumn('users', 'bio', { existing: { type: 'text' } });`,
  alterColumn: `op.alterColumn('orders', 'amount', { type: 'numeric(12,2)', using: 'amount::numeric(12,2)', existingType: 'text' });`,
  createIndex: `op.createIndex('ix_users_email', 'users', ['email'], { unique: true, where: 'email IS NOT NULL' });`,
  dropIndex: `op.dropIndex('ix_orders_user');`,
  createForeignKey: `op.createForeignKey('fk_orders_user', 'orders', {
  columns: ['user_id'], references: { table: 'users', columns: ['id'] }, onDelete: 'cascade', notValid: true,
});`,
  createUniqueConstraint: `op.createUniqueConstraint('uq_users_email', 'users', ['email']);`,
  createPrimaryKey: `op.createPrimaryKey('pk_tags', 'tags', ['id']);`,
  createCheckConstraint: `op.createCheckConstraint('ck_users_plan', 'users', "plan <> ''", { notValid: true });`,
  createExclusionConstraint: `op.createExclusionConstraint('ex_sessions_id', 'sessions', [{ key: 'id', operator: '=' }], { method: 'btree' });`,
  validateConstraint: `op.validateConstraint('ck_price', 'items');`,
  dropConstraint: `op.dropConstraint('ck_price', 'items');`,
  createEnum: `op.createEnum('status', ['draft', 'sent']);`,
  dropEnum: `op.dropEnum('mood');`,
  addEnumValue: `op.addEnumValue('plan', 'team', { after: 'pro' });`,
  renameEnumValue: `op.renameEnumValue('plan', 'pro', 'professional');`,
  createSchema: `op.createSchema('billing', { ifNotExists: true });`,
  dropSchema: `op.dropSchema('archive', { cascade: true });`,
  createExtension: `op.createExtension('pg_trgm', { ifNotExists: true });`,
  dropExtension: `op.dropExtension('btree_gin');`,
  createSequence: `op.createSequence('invoice_no', { start: 1000 });`,
  dropSequence: `op.dropSequence('old_numbers');`,
  setTableComment: `op.setTableComment('users', 'people who log in', { existingComment: null });`,
  setColumnComment: `op.setColumnComment('users', 'email', 'lower-cased');`,
  setComment: `op.setComment('constraint', 'ck_price', 'prices are never negative', { table: 'items', existingComment: null });`,
  execute: `op.execute("UPDATE users SET plan = 'free' WHERE plan IS NULL");`,
  commit: `op.commit();`,
  bulkInsert: `op.bulkInsert('plans', [{ code: 'free', limits: { seats: 1 } }, { code: 'pro', limits: { seats: 10 } }]);`,
  query: undefined,
  createFunction: `op.createFunction('current_org_id', sql\`CREATE OR REPLACE FUNCTION current_org_id() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.current_org', true), '')::uuid $$\`, { args: '' });`,
  dropFunction: `op.dropFunction('old_total', { args: 'bigint' });`,
  createTrigger: `op.createTrigger('orders_touch', 'orders', sql\`CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch()\`);`,
  dropTrigger: `op.dropTrigger('users_touch', 'users');`,
  createView: `op.createView('big_orders', sql\`SELECT id, user_id FROM orders WHERE amount IS NOT NULL\`);`,
  dropView: `op.dropView('old_emails');`,
  setRowLevelSecurity: `op.setRowLevelSecurity('users', { enabled: true, existing: { enabled: false, force: false } });`,
  createPolicy: `op.createPolicy('users_self', 'users', { command: 'select', using: sql\`email = current_user\` });`,
  dropPolicy: `op.dropPolicy('orders_all', 'orders');`,
};

interface Member {
  name: string;
  text: string;
  doc: string;
}

function jsDoc(node: ts.Node, source: ts.SourceFile): string {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  const raw = docs.map((d) => d.getText(source)).join('\n');
  return raw
    .replace(/^\/\*\*\s?/, '')
    .replace(/\s*\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

function withoutDoc(node: ts.Node, source: ts.SourceFile): string {
  return source.text.slice(node.getStart(source, false), node.end).trim();
}

/** The `Op` methods and every exported interface of op.ts, as the compiler reads them. */
function readOpSource(): {
  methods: Member[];
  interfaces: Map<string, { extends: string[]; members: Member[] }>;
} {
  const file = join(REPO_ROOT, 'src/core/ops/op.ts');
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const interfaces = new Map<string, { extends: string[]; members: Member[] }>();
  let methods: Member[] = [];
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const members = statement.members.map((m) => ({
      name: m.name?.getText(source) ?? '',
      text: withoutDoc(m, source).replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/, \)/g, ')'),
      doc: jsDoc(m, source),
    }));
    if (statement.name.text === 'Op') methods = members;
    const heritage = (statement.heritageClauses ?? []).flatMap((h) =>
      h.types.map((t) => t.expression.getText(source)),
    );
    interfaces.set(statement.name.text, { extends: heritage, members });
  }
  return { methods, interfaces };
}

function optionsOf(
  signature: string,
  interfaces: Map<string, { extends: string[]; members: Member[] }>,
): { name: string; members: Member[] } | undefined {
  const match = /(\w+Options)\b[^,]*\): /.exec(signature) ?? /(\w+Options)/.exec(signature);
  const name = match?.[1];
  if (!name || !interfaces.has(name)) return undefined;
  const members: Member[] = [];
  const seen = new Set<string>();
  const visit = (n: string): void => {
    const entry = interfaces.get(n);
    if (!entry) return;
    for (const m of entry.members) {
      if (!seen.has(m.name)) {
        seen.add(m.name);
        members.push(m);
      }
    }
    for (const parent of entry.extends) visit(parent);
  };
  visit(name);
  return { name, members };
}

/** Runs `code` against a recorder; returns the operations and the statements. */
function record(code: string) {
  const recorder = createOpRecorder();
  const run = new Function('op', 'sql', code) as (op: Op, s: typeof sql) => void;
  run(recorder.op, sql);
  return { operations: recorder.operations(), statements: recorder.take() };
}

/** pg_locks' modes, weakest first. */
const MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
];

const FIXTURE_TABLES = [...FIXTURE.matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1]!);

/**
 * The strongest lock held on each fixture table once the statements ran (in a transaction that is
 * rolled back). Tables are matched by oid, so a dropped or renamed table still counts.
 */
async function measureLocks(db: PGlite, statements: readonly { sql: string }[]): Promise<string> {
  const oids = new Map(
    (
      await db.query<{ oid: number; relname: string }>(
        `SELECT oid::int AS oid, relname FROM pg_class WHERE relname = ANY($1::text[]) AND relkind = 'r'`,
        [FIXTURE_TABLES],
      )
    ).rows.map((r) => [r.oid, r.relname]),
  );
  await db.exec('BEGIN');
  try {
    for (const s of statements) await db.exec(s.sql);
    const rows = (
      await db.query<{ oid: number; mode: string }>(
        `SELECT relation::int AS oid, mode FROM pg_locks WHERE pid = pg_backend_pid() AND granted AND relation IS NOT NULL`,
      )
    ).rows;
    const strongest = new Map<string, string>();
    for (const r of rows) {
      const table = oids.get(r.oid);
      if (table === undefined) continue;
      const before = strongest.get(table);
      if (before === undefined || MODES.indexOf(r.mode) > MODES.indexOf(before))
        strongest.set(table, r.mode);
    }
    return strongest.size === 0
      ? 'no lock on an existing table'
      : [...strongest]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([table, mode]) => `${spaced(mode)} on \`${table}\``)
          .join(', ');
  } finally {
    await db.exec('ROLLBACK');
  }
}

/** pg_locks' `AccessExclusiveLock` → `ACCESS EXCLUSIVE`. */
function spaced(mode: string): string {
  return mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

const fence = (lang: string, text: string): string => `\`\`\`${lang}\n${text}\n\`\`\``;

/** The whole of docs/ops.md. `db` is a PGlite with the pg_trgm and btree_gin extensions. */
export async function renderOpsReference(db: PGlite): Promise<string> {
  const { methods, interfaces } = readOpSource();
  await db.exec(FIXTURE);
  const out: string[] = [
    '# The `op` API: every operation',
    '',
    '<!-- Generated from src/core/ops/op.ts by test/docs/ops-reference.ts; test/docs/ops-doc.test.ts',
    '     checks it. Regenerate: UPDATE_DOCS=1 npx vitest run test/docs/ops-doc.test.ts -->',
    '',
    "A TypeScript migration's `upgrade(op)` and `downgrade(op)` receive `op`. Each call records an",
    'operation that one renderer turns into SQL: the statements below are what `upgrade` runs, what',
    '`upgrade --sql` prints and what the linter checks. Names are always quoted; values are quoted',
    'literals unless wrapped in sql`…`. Every method also takes `schema` (where it applies) and',
    '`lintIgnore` (see [lint.md](lint.md)).',
    '',
    'For each operation: the signature, the options, one call with the SQL it renders, the',
    'operation that reverses it (what `revision --autogenerate` writes into `downgrade`; "none"',
    'when the inverse is not knowable from the call alone), and the lock PostgreSQL holds on the',
    "fixture's existing tables after the statements ran (read from `pg_locks`; the lock is held",
    'until the transaction commits). CONCURRENTLY forms run outside a transaction and take',
    '`SHARE UPDATE EXCLUSIVE` only.',
    '',
    '| operation | lock on an existing table |',
    '|---|---|',
  ];
  const sections: string[] = [];
  for (const method of methods) {
    const example = EXAMPLES[method.name as keyof Op];
    const body: string[] = [`## op.${method.name}`, '', fence('ts', method.text), ''];
    const doc = method.doc.replace(/@example[\s\S]*$/, '').trim();
    if (doc) body.push(doc, '');
    const options = optionsOf(method.text, interfaces);
    if (options && options.members.length > 0) {
      body.push(`Options (\`${options.name}\`):`, '', '| option | |', '|---|---|');
      for (const m of options.members) {
        const type = m.text.replace(/^readonly /, '').replace(/;$/, '');
        const line = m.doc
          .replace(/@example[\s\S]*$/, '')
          .replace(/\s+/g, ' ')
          .trim();
        body.push(`| \`${type.replace(/\|/g, '\\|')}\` | ${line.replace(/\|/g, '\\|')} |`);
      }
      body.push('');
    }
    let lock = '—';
    if (example === undefined) {
      body.push('Online only: it runs a query and returns rows; it renders no SQL of its own.', '');
      lock = 'whatever the query takes';
    } else {
      const { operations, statements } = record(example);
      body.push(fence('ts', example), '');
      if (statements.length === 0) {
        body.push('Renders no SQL: it ends the transaction at this point of the migration.', '');
        lock = '— (a transaction boundary)';
      } else {
        body.push(fence('sql', statements.map((s) => `${s.sql};`).join('\n')), '');
        const reversed = operations.map((o) => reverseOperation(o));
        if (reversed.every((r) => r !== null)) {
          const sqlText = reversed
            .reverse()
            .flatMap((r) => renderOperation(r!))
            .map((s) => `${s.sql};`)
            .join('\n');
          body.push('Reverse:', '', fence('sql', sqlText), '');
        } else {
          body.push(
            'Reverse: none (not knowable from the call; write the downgrade yourself).',
            '',
          );
        }
        lock = await measureLocks(db, statements);
        body.push(`Lock: ${lock}.`, '');
      }
    }
    out.push(`| [\`op.${method.name}\`](#op${method.name.toLowerCase()}) | ${lock} |`);
    sections.push(body.join('\n'));
  }
  return `${out.join('\n')}\n\n${sections.join('\n')}`.trimEnd() + '\n';
}

/** Methods of the `Op` interface, for the completeness check. */
export function opMethods(): string[] {
  return readOpSource().methods.map((m) => m.name);
}
