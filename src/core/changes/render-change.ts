import type {
  CheckModel,
  ColumnModel,
  ForeignKeyModel,
  IndexModel,
  PrimaryKeyModel,
  SequenceModel,
  TableModel,
  UniqueModel,
} from '../model/schema-model.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../sql/quote.js';
import type { Change, ChangeKind, ChangeOf } from './change.js';

const q = (schema: string, name: string): string =>
  quoteQualified(name, schema === 'public' ? undefined : schema);
const list = (names: readonly string[]): string => names.map(quoteIdent).join(', ');
const constraintName = (name: string | undefined): string =>
  name === undefined ? '' : `CONSTRAINT ${quoteIdent(name)} `;

/** Column definition inside CREATE TABLE or ADD COLUMN. */
export function renderColumnDefinition(column: ColumnModel): string {
  let sql = `${quoteIdent(column.name)} ${column.type}`;
  if (column.generated !== undefined) sql += ` GENERATED ALWAYS AS (${column.generated}) STORED`;
  if (column.identity !== undefined)
    sql += ` GENERATED ${column.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
  if (column.default !== undefined) sql += ` DEFAULT ${column.default}`;
  if (column.notNull && column.identity === undefined) sql += ' NOT NULL';
  return sql;
}

const renderPrimaryKey = (pk: PrimaryKeyModel): string =>
  `${constraintName(pk.name)}PRIMARY KEY (${list(pk.columns)})`;
const renderUnique = (u: UniqueModel): string =>
  `${constraintName(u.name)}UNIQUE${u.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''} (${list(u.columns)})`;
const renderCheck = (c: CheckModel): string => `${constraintName(c.name)}CHECK (${c.expression})`;

function renderForeignKey(fk: ForeignKeyModel): string {
  let sql = `${constraintName(fk.name)}FOREIGN KEY (${list(fk.columns)}) REFERENCES ${q(fk.refSchema, fk.refTable)} (${list(fk.refColumns)})`;
  if (fk.onUpdate !== 'no action') sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  if (fk.onDelete !== 'no action') sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
  if (fk.deferrable)
    sql += ` DEFERRABLE INITIALLY ${fk.initiallyDeferred ? 'DEFERRED' : 'IMMEDIATE'}`;
  return sql;
}

/** CREATE INDEX text from the parts (used when no normalised definition exists). */
export function renderCreateIndex(schema: string, table: string, index: IndexModel): string {
  if (index.definition !== undefined) return index.definition;
  let sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${index.name === undefined ? '' : `${quoteIdent(index.name)} `}ON ${q(schema, table)}`;
  if (index.method !== 'btree') sql += ` USING ${index.method}`;
  sql += ` (${index.keys.join(', ')})`;
  if (index.include.length > 0) sql += ` INCLUDE (${list(index.include)})`;
  if (index.where !== undefined) sql += ` WHERE ${index.where}`;
  return sql;
}

function renderCreateTable(table: TableModel): string {
  const parts = table.columns.map(renderColumnDefinition);
  if (table.primaryKey) parts.push(renderPrimaryKey(table.primaryKey));
  for (const u of table.uniques) parts.push(renderUnique(u));
  for (const c of table.checks) parts.push(renderCheck(c));
  return `CREATE TABLE ${q(table.schema, table.name)} (\n  ${parts.join(',\n  ')}\n)`;
}

function sequenceOptions(s: SequenceModel): string {
  return `AS ${s.type} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} CACHE ${s.cache}${s.cycle ? ' CYCLE' : ' NO CYCLE'}`;
}

const comment = (value: string | undefined): string =>
  value === undefined ? 'NULL' : quoteLiteral(value);

type Renderers = { readonly [K in ChangeKind]: (change: ChangeOf<K>) => string[] };

const alter = (c: { schema: string; table: string }): string =>
  `ALTER TABLE ${q(c.schema, c.table)}`;
const dropConstraint = (
  c: { schema: string; table: string },
  name: string | undefined,
): string[] => {
  if (name === undefined) throw new TypeError('Cannot drop a constraint without a name');
  return [`${alter(c)} DROP CONSTRAINT ${quoteIdent(name)}`];
};

/** One entry per kind (a missing kind fails to compile), each giving the statements in order. */
const renderers: Renderers = {
  CreateSchema: (c) => [`CREATE SCHEMA ${quoteIdent(c.schema)}`],
  DropSchema: (c) => [`DROP SCHEMA ${quoteIdent(c.schema)}`],
  CreateExtension: (c) => [
    `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(c.extension.name)}${c.extension.schema ? ` SCHEMA ${quoteIdent(c.extension.schema)}` : ''}`,
  ],
  DropExtension: (c) => [`DROP EXTENSION IF EXISTS ${quoteIdent(c.extension.name)}`],
  CreateEnum: (c) => [
    `CREATE TYPE ${q(c.enum.schema, c.enum.name)} AS ENUM (${c.enum.values.map((v) => quoteLiteral(v)).join(', ')})`,
  ],
  DropEnum: (c) => [`DROP TYPE ${q(c.enum.schema, c.enum.name)}`],
  AddEnumValues: (c) => {
    const name = q(c.to.schema, c.to.name);
    const out: string[] = [];
    c.to.values.forEach((value, i) => {
      if (c.from.values.includes(value)) return;
      const next = c.to.values.slice(i + 1).find((v) => c.from.values.includes(v));
      out.push(
        `ALTER TYPE ${name} ADD VALUE ${quoteLiteral(value)}${next === undefined ? '' : ` BEFORE ${quoteLiteral(next)}`}`,
      );
    });
    return out;
  },
  ReplaceEnum: (c) => {
    const name = q(c.to.schema, c.to.name);
    const old = `${c.to.name}__old`;
    const out = [
      `ALTER TYPE ${name} RENAME TO ${quoteIdent(old)}`,
      `CREATE TYPE ${name} AS ENUM (${c.to.values.map((v) => quoteLiteral(v)).join(', ')})`,
    ];
    for (const col of c.columns) {
      const t = `${alter(col)} ALTER COLUMN ${quoteIdent(col.column)}`;
      if (col.default !== undefined) out.push(`${t} DROP DEFAULT`);
      out.push(`${t} TYPE ${name} USING ${quoteIdent(col.column)}::text::${name}`);
      if (col.default !== undefined)
        out.push(`${t} SET DEFAULT ${col.default.replace(/::[^:]+$/, `::${name}`)}`);
    }
    out.push(`DROP TYPE ${q(c.to.schema, old)}`);
    return out;
  },
  CreateSequence: (c) => [
    `CREATE SEQUENCE ${q(c.sequence.schema, c.sequence.name)} ${sequenceOptions(c.sequence)}`,
  ],
  DropSequence: (c) => [`DROP SEQUENCE ${q(c.sequence.schema, c.sequence.name)}`],
  AlterSequence: (c) => [`ALTER SEQUENCE ${q(c.to.schema, c.to.name)} ${sequenceOptions(c.to)}`],
  CreateTable: (c) => {
    const out = [renderCreateTable(c.table)];
    if (c.table.comment !== undefined)
      out.push(
        `COMMENT ON TABLE ${q(c.table.schema, c.table.name)} IS ${comment(c.table.comment)}`,
      );
    for (const col of c.table.columns) {
      if (col.comment !== undefined)
        out.push(
          `COMMENT ON COLUMN ${q(c.table.schema, c.table.name)}.${quoteIdent(col.name)} IS ${comment(col.comment)}`,
        );
    }
    return out;
  },
  DropTable: (c) => [`DROP TABLE ${q(c.table.schema, c.table.name)}`],
  RenameTable: (c) => [`ALTER TABLE ${q(c.schema, c.from)} RENAME TO ${quoteIdent(c.to)}`],
  AddColumn: (c) => {
    const out = [`${alter(c)} ADD COLUMN ${renderColumnDefinition(c.column)}`];
    if (c.column.comment !== undefined)
      out.push(
        `COMMENT ON COLUMN ${q(c.schema, c.table)}.${quoteIdent(c.column.name)} IS ${comment(c.column.comment)}`,
      );
    return out;
  },
  DropColumn: (c) => [`${alter(c)} DROP COLUMN ${quoteIdent(c.column.name)}`],
  RenameColumn: (c) => [`${alter(c)} RENAME COLUMN ${quoteIdent(c.from)} TO ${quoteIdent(c.to)}`],
  AlterColumnType: (c) => [
    `${alter(c)} ALTER COLUMN ${quoteIdent(c.column)} TYPE ${c.to} USING ${quoteIdent(c.column)}::${c.to}`,
  ],
  AlterColumnNullability: (c) => [
    `${alter(c)} ALTER COLUMN ${quoteIdent(c.column)} ${c.notNull ? 'SET' : 'DROP'} NOT NULL`,
  ],
  AlterColumnDefault: (c) => [
    `${alter(c)} ALTER COLUMN ${quoteIdent(c.column)} ${c.to === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${c.to}`}`,
  ],
  AlterColumnIdentity: (c) => {
    const col = `${alter(c)} ALTER COLUMN ${quoteIdent(c.column)}`;
    if (c.to === undefined) return [`${col} DROP IDENTITY`];
    const kind = c.to === 'always' ? 'ALWAYS' : 'BY DEFAULT';
    return c.from === undefined
      ? [`${col} ADD GENERATED ${kind} AS IDENTITY`]
      : [`${col} SET GENERATED ${kind}`];
  },
  AddPrimaryKey: (c) => [`${alter(c)} ADD ${renderPrimaryKey(c.primaryKey)}`],
  DropPrimaryKey: (c) => dropConstraint(c, c.primaryKey.name),
  AddUnique: (c) => [`${alter(c)} ADD ${renderUnique(c.unique)}`],
  DropUnique: (c) => dropConstraint(c, c.unique.name),
  AddCheck: (c) => [`${alter(c)} ADD ${renderCheck(c.check)}`],
  DropCheck: (c) => dropConstraint(c, c.check.name),
  AddForeignKey: (c) => [`${alter(c)} ADD ${renderForeignKey(c.foreignKey)}`],
  DropForeignKey: (c) => dropConstraint(c, c.foreignKey.name),
  CreateIndex: (c) => [renderCreateIndex(c.schema, c.table, c.index)],
  DropIndex: (c) => {
    if (c.index.name === undefined) throw new TypeError('Cannot drop an index without a name');
    return [`DROP INDEX ${q(c.schema, c.index.name)}`];
  },
  SetTableComment: (c) => [`COMMENT ON TABLE ${q(c.schema, c.table)} IS ${comment(c.to)}`],
  SetColumnComment: (c) => [
    `COMMENT ON COLUMN ${q(c.schema, c.table)}.${quoteIdent(c.column)} IS ${comment(c.to)}`,
  ],
};

/**
 * The SQL statements (no trailing semicolons) that apply one change.
 *
 * @example
 * renderChange({ kind: 'CreateSchema', schema: 'audit' }); // ['CREATE SCHEMA "audit"']
 */
export function renderChange(change: Change): string[] {
  return (renderers[change.kind] as (c: Change) => string[])(change);
}

/** Every statement of a list of changes, in order. */
export function renderChanges(changes: readonly Change[]): string[] {
  return changes.flatMap(renderChange);
}
