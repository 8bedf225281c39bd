import type { ReferentialAction } from '../model/schema-model.js';
import { quoteIdent } from '../sql/quote.js';
import type { SqlExpression } from '../ops/sql-expression.js';
import { ColumnBuilder, type ReferenceOptions } from './column-builder.js';
import type { ExclusionBuilder } from './exclusion-builder.js';
import type { PartitionKeySpec } from './partition-builder.js';

/** An index key: a column, an expression such as sql`lower(${t.email})`, or {@link desc}(key). */
export type IndexKey = ColumnBuilder | SqlExpression | OrderedKey;

/** A key with its sort order, made by {@link desc} or {@link asc}. */
export interface OrderedKey {
  readonly kind: 'orderedKey';
  readonly key: ColumnBuilder | SqlExpression;
  readonly order: 'asc' | 'desc';
  readonly nulls?: 'first' | 'last' | undefined;
  readonly opclass?: string | undefined;
  /** COLLATE of the key. */
  readonly collation?: string | undefined;
}

type KeyInput = ColumnBuilder | SqlExpression | OrderedKey;
const base = (key: KeyInput): Omit<OrderedKey, 'order'> =>
  key instanceof ColumnBuilder || !('kind' in key && key.kind === 'orderedKey')
    ? { kind: 'orderedKey', key: key as ColumnBuilder | SqlExpression }
    : key;

/** A descending index key: `index('events_at_idx').on(desc(t.at))`. */
export function desc(key: KeyInput, nulls?: 'first' | 'last'): OrderedKey {
  return { ...base(key), order: 'desc', nulls };
}
/** An ascending index key with explicit NULLS placement: `asc(t.due, 'first')`. */
export function asc(key: KeyInput, nulls?: 'first' | 'last'): OrderedKey {
  return { ...base(key), order: 'asc', nulls };
}
/** A key with an operator class: `index('actors_name_trgm').on(opclass(t.name, 'gin_trgm_ops')).using('gin')`. */
export function opclass(key: KeyInput, name: string): OrderedKey {
  const b = base(key);
  return { order: 'asc', ...b, opclass: name };
}

/** A key with a collation: `index('users_name_c').on(collateKey(t.name, 'C'))`. */
export function collateKey(key: KeyInput, collation: string): OrderedKey {
  const b = base(key);
  return { order: 'asc', ...b, collation };
}

/** An index key as SQL text (a quoted column, a parenthesised expression, with its options). */
export function renderKey(key: IndexKey): string {
  if (key instanceof ColumnBuilder) return quoteIdent(key.name);
  if ('kind' in key && key.kind === 'orderedKey') {
    let out = renderKey(key.key);
    if (key.collation !== undefined) out += ` COLLATE ${quoteIdent(key.collation)}`;
    if (key.opclass !== undefined) out += ` ${quoteIdent(key.opclass)}`;
    if (key.order === 'desc') out += ' DESC';
    if (key.nulls !== undefined) out += key.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
    return out;
  }
  return `(${(key as SqlExpression).text})`;
}

/** A table-level constraint or index, made by {@link index}, {@link unique}, {@link check}… */
export type TableExtra =
  | IndexBuilder
  | UniqueSpec
  | CheckSpec
  | PrimaryKeySpec
  | ForeignKeySpec
  | ExclusionBuilder
  | PartitionKeySpec;

/**
 * An index declaration.
 *
 * @example
 * index('indicators_value_idx').on(t.value)
 * index().on(t.tags).using('gin')
 * uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`).where(sql`deleted_at IS NULL`)
 */
export class IndexBuilder {
  readonly kind = 'index' as const;
  keys: string[] = [];
  method = 'btree';
  includeColumns: string[] = [];
  predicate: string | undefined;
  nullsAreNotDistinct = false;
  storageParameters: Record<string, string> | undefined;
  commentText: string | undefined;

  constructor(
    readonly name: string | undefined,
    readonly isUnique: boolean,
  ) {}

  /** The key columns or expressions, in order. */
  on(...keys: readonly IndexKey[]): this {
    this.keys = keys.map(renderKey);
    return this;
  }
  /** The access method: `gin`, `gist`, `hash`, `brin`, `btree` (default). */
  using(method: string): this {
    this.method = method;
    return this;
  }
  /** INCLUDE (columns): covering index payload. */
  include(...columns: readonly ColumnBuilder[]): this {
    this.includeColumns = columns.map((column) => column.name);
    return this;
  }
  /** WHERE predicate: a partial index. */
  where(predicate: SqlExpression): this {
    this.predicate = predicate.text;
    return this;
  }
  /** NULLS NOT DISTINCT (unique indexes, PostgreSQL 15+): one NULL at most. */
  nullsNotDistinct(): this {
    this.nullsAreNotDistinct = true;
    return this;
  }
  /** COMMENT ON INDEX (a named index). */
  comment(text: string): this {
    this.commentText = text;
    return this;
  }
  /** Storage parameters: `.with({ fillfactor: 70 })` → `WITH (fillfactor = '70')`. */
  with(parameters: Readonly<Record<string, string | number | boolean>>): this {
    this.storageParameters = Object.fromEntries(
      Object.entries(parameters).map(([k, v]) => [k, String(v)]),
    );
    return this;
  }
}

/** A (possibly named) index; see {@link IndexBuilder}. */
export function index(name?: string): IndexBuilder {
  return new IndexBuilder(name, false);
}
/** A unique index; see {@link IndexBuilder}. */
export function uniqueIndex(name?: string): IndexBuilder {
  return new IndexBuilder(name, true);
}

/** `DEFERRABLE` and `INITIALLY DEFERRED` of a unique constraint or primary key. */
export interface DeferrableOptions {
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  /** COMMENT ON CONSTRAINT (a named constraint). */
  readonly comment?: string;
}

export interface UniqueSpec extends DeferrableOptions {
  readonly kind: 'unique';
  readonly name?: string | undefined;
  readonly columns: readonly ColumnBuilder[];
  readonly nullsNotDistinct?: boolean | undefined;
}
/**
 * A UNIQUE constraint over several columns: `unique('slug_per_org').on(t.orgId, t.slug)`;
 * `unique('one_open', { nullsNotDistinct: true, deferrable: true }).on(t.a, t.b)`.
 */
export function unique(
  name?: string,
  options: DeferrableOptions & { readonly nullsNotDistinct?: boolean } = {},
): {
  on(...columns: ColumnBuilder[]): UniqueSpec;
} {
  return { on: (...columns) => ({ kind: 'unique', name, columns, ...options }) };
}

export interface CheckSpec {
  readonly kind: 'check';
  readonly name?: string | undefined;
  readonly expression: string;
  /** Added NOT VALID: existing rows are not checked (new and updated ones are). */
  readonly notValid?: boolean | undefined;
  /** NO INHERIT: not inherited by child tables. */
  readonly noInherit?: boolean | undefined;
  /** COMMENT ON CONSTRAINT (a named check). */
  readonly comment?: string | undefined;
}
/**
 * A CHECK constraint: `check('confidence_range', sql\`${t.confidence} BETWEEN 0 AND 100\`)`;
 * `check('legacy_ok', sql\`…\`, { notValid: true, noInherit: true })`.
 */
export function check(
  name: string | undefined,
  expression: SqlExpression,
  options: {
    readonly notValid?: boolean;
    readonly noInherit?: boolean;
    readonly comment?: string;
  } = {},
): CheckSpec {
  return { kind: 'check', name, expression: expression.text, ...options };
}

export interface PrimaryKeySpec extends DeferrableOptions {
  readonly kind: 'primaryKey';
  readonly name?: string | undefined;
  readonly columns: readonly ColumnBuilder[];
}
/**
 * A composite PRIMARY KEY: `primaryKey(t.orgId, t.userId)`; with a name or deferrable:
 * `primaryKey({ name: 'members_pk', columns: [t.orgId, t.userId], deferrable: true })`.
 */
export function primaryKey(
  ...columns: ColumnBuilder[] | [DeferrableOptions & { name?: string; columns: ColumnBuilder[] }]
): PrimaryKeySpec {
  const first = columns[0];
  if (first !== undefined && !(first instanceof ColumnBuilder)) {
    return { kind: 'primaryKey', ...first };
  }
  return { kind: 'primaryKey', columns: columns as ColumnBuilder[] };
}

export interface ForeignKeySpec {
  readonly kind: 'foreignKey';
  readonly columns: readonly ColumnBuilder[];
  readonly references: () => readonly ColumnBuilder[];
  readonly options: ReferenceOptions;
}
/**
 * A (composite) FOREIGN KEY.
 *
 * @example
 * foreignKey({ columns: [t.orgId, t.projectId], references: () => [projects.columns.orgId, projects.columns.id], onDelete: 'cascade' })
 */
export function foreignKey(
  spec: {
    columns: readonly ColumnBuilder[];
    references: () => readonly ColumnBuilder[];
  } & ReferenceOptions,
): ForeignKeySpec {
  const { columns, references, ...options } = spec;
  return { kind: 'foreignKey', columns, references, options };
}

/** Options of {@link TableBuilder}: a comment and a rename hint. */
export interface TableOptions {
  readonly comment?: string;
  /** `CREATE UNLOGGED TABLE`: not written to the WAL (fast, emptied after a crash, not replicated). */
  readonly unlogged?: boolean;
  /** Storage parameters: `{ fillfactor: 70, autovacuum_vacuum_scale_factor: 0.05 }`. */
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  /**
   * The table's previous name, in the same schema; or `{ schema, name }` when it moved from
   * another schema (autogenerate writes `ALTER TABLE … SET SCHEMA`, keeping the rows).
   */
  readonly renamedFrom?: string | { readonly schema: string; readonly name: string };
  /** ENABLE ROW LEVEL SECURITY; `'force'` also FORCE (the owner is subject to it too). */
  readonly rowLevelSecurity?: boolean | 'force';
  /** Privileges on this table: `[{ to: 'app_user', privileges: ['SELECT', 'INSERT'] }]`. */
  readonly grants?: readonly TableGrant[];
}

/** Privileges granted on a table (or a sequence) to roles; the roles are not created. */
export interface TableGrant {
  /** Role name(s), or `'PUBLIC'`. */
  readonly to: string | readonly string[];
  /** `SELECT`, `INSERT`, `UPDATE`, `DELETE`, `TRUNCATE`, `REFERENCES`, `TRIGGER` (any case). */
  readonly privileges: readonly string[];
  readonly withGrantOption?: boolean;
}

/**
 * A declared table. `columns` gives typed access to its columns for references and indexes.
 */
export interface TableBuilder<
  C extends Record<string, ColumnBuilder> = Record<string, ColumnBuilder>,
> {
  readonly kind: 'table';
  readonly schema: string;
  readonly name: string;
  readonly columns: C;
  readonly extras: readonly TableExtra[];
  readonly options: TableOptions;
}

/** Builds a table in `schema`; `table()` and `pgSchema(name).table()` call it. */
export function buildTable<C extends Record<string, ColumnBuilder>>(
  schema: string,
  name: string,
  columns: C,
  extras?: (columns: C) => readonly TableExtra[] | Record<string, TableExtra>,
  options: TableOptions = {},
): TableBuilder<C> {
  for (const [key, column] of Object.entries(columns)) {
    column.name = key;
    column.table = { schema, name };
  }
  const made = extras ? extras(columns) : [];
  const list = Array.isArray(made) ? made : Object.values(made);
  return { kind: 'table', schema, name, columns, extras: list as TableExtra[], options };
}

/**
 * Declares a table in the `public` schema. The keys of `columns` are the column names.
 *
 * @example
 * export const users = table('users', {
 *   id: uuid().primaryKey().default(sql`gen_random_uuid()`),
 *   email: text().notNull().unique(),
 *   tags: text().array().notNull().default([]),
 * }, (t) => [index('users_email_idx').on(t.email)]);
 */
export function table<C extends Record<string, ColumnBuilder>>(
  name: string,
  columns: C,
  extras?: (columns: C) => readonly TableExtra[] | Record<string, TableExtra>,
  options?: TableOptions,
): TableBuilder<C> {
  return buildTable('public', name, columns, extras, options);
}

export type { ReferentialAction };
