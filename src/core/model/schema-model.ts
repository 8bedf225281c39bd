import type { PolicyModel } from './policies.js';
import type { RoutineModel, TriggerModel } from './routines.js';
import type { ViewModel } from './views.js';

/**
 * The schema model: plain data describing a PostgreSQL schema, the common language of the
 * declaration, introspection, diff and code generation. Names are unquoted; types, defaults,
 * checks and index definitions are in PostgreSQL's own spelling once normalised (read back from
 * a database), so two models compare with `===`.
 */

/** `NO ACTION`, `RESTRICT`, `CASCADE`, `SET NULL` or `SET DEFAULT`. */
export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ColumnModel {
  readonly name: string;
  /** Type as `format_type` prints it: `integer`, `character varying(20)`, `text[]`, `serial`. */
  readonly type: string;
  readonly notNull: boolean;
  /** Default expression text, e.g. `now()` or `'draft'::text`. */
  readonly default?: string | undefined;
  /** Identity column: `always` or `by default`. */
  readonly identity?: 'always' | 'by default' | undefined;
  /** Stored generated column: its expression. */
  readonly generated?: string | undefined;
  readonly comment?: string | undefined;
  /** Declaration hint: the column's previous name. Never read back from a database. */
  readonly renamedFrom?: string | undefined;
}

export interface PrimaryKeyModel {
  /** Constraint name; absent in a declaration that lets PostgreSQL name it. */
  readonly name?: string | undefined;
  readonly columns: readonly string[];
}

export interface UniqueModel {
  readonly name?: string | undefined;
  readonly columns: readonly string[];
  readonly nullsNotDistinct?: boolean | undefined;
}

export interface ForeignKeyModel {
  readonly name?: string | undefined;
  readonly columns: readonly string[];
  readonly refSchema: string;
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
}

export interface CheckModel {
  readonly name?: string | undefined;
  /** The boolean expression, without `CHECK (…)`. */
  readonly expression: string;
}

export interface IndexModel {
  readonly name?: string | undefined;
  readonly unique: boolean;
  /** Access method: `btree`, `gin`, `gist`, `hash`, `brin`, … */
  readonly method: string;
  /** Key columns or expressions, each with its options (`lower(email)`, `created_at DESC`). */
  readonly keys: readonly string[];
  /** `INCLUDE` columns. */
  readonly include: readonly string[];
  /** Partial index predicate. */
  readonly where?: string | undefined;
  /** `pg_get_indexdef` text once normalised: the comparison key. */
  readonly definition?: string | undefined;
}

export interface TableModel {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ColumnModel[];
  readonly primaryKey?: PrimaryKeyModel | undefined;
  readonly uniques: readonly UniqueModel[];
  readonly foreignKeys: readonly ForeignKeyModel[];
  readonly checks: readonly CheckModel[];
  readonly indexes: readonly IndexModel[];
  readonly comment?: string | undefined;
  /** Declaration hint: the table's previous name (in `renamedFromSchema` when set). */
  readonly renamedFrom?: string | undefined;
  /** Declaration hint: the schema the table moved from. */
  readonly renamedFromSchema?: string | undefined;
  /** ALTER TABLE … ENABLE ROW LEVEL SECURITY (absent: disabled). */
  readonly rowLevelSecurity?: boolean | undefined;
  /** ALTER TABLE … FORCE ROW LEVEL SECURITY (absent: not forced). */
  readonly forceRowLevelSecurity?: boolean | undefined;
}

export interface EnumModel {
  readonly schema: string;
  readonly name: string;
  /** Labels in their sort order. */
  readonly values: readonly string[];
  /** Declaration hint: labels renamed in place, `{ old: 'new' }`. Never read back. */
  readonly renamedValues?: Readonly<Record<string, string>> | undefined;
}

export interface SequenceModel {
  readonly schema: string;
  readonly name: string;
  /** `bigint` (default), `integer` or `smallint`. */
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
}

export interface ExtensionModel {
  readonly name: string;
  /** Schema the extension's objects live in. */
  readonly schema?: string | undefined;
}

export interface SchemaModel {
  /** Schemas besides `public` that the model owns (created and dropped with it). */
  readonly schemas: readonly string[];
  readonly extensions: readonly ExtensionModel[];
  readonly enums: readonly EnumModel[];
  readonly sequences: readonly SequenceModel[];
  readonly tables: readonly TableModel[];
  /** Functions and procedures. */
  readonly routines: readonly RoutineModel[];
  readonly triggers: readonly TriggerModel[];
  /** Views and materialized views. */
  readonly views: readonly ViewModel[];
  /** Row-level security policies. */
  readonly policies: readonly PolicyModel[];
}

/** The model of an empty database. */
export const emptySchemaModel: SchemaModel = Object.freeze({
  schemas: [],
  extensions: [],
  enums: [],
  sequences: [],
  tables: [],
  routines: [],
  triggers: [],
  views: [],
  policies: [],
});

/** `schema.name` as a map key and in messages (`public` left out). */
export function qualifiedKey(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

const byName = <T extends { readonly name?: string | undefined }>(a: T, b: T): number =>
  compareText(a.name ?? '', b.name ?? '');
const bySchemaName = <T extends { readonly schema: string; readonly name: string }>(
  a: T,
  b: T,
): number => compareText(a.schema, b.schema) || compareText(a.name, b.name);

const bySchemaTableName = <
  T extends { readonly schema: string; readonly table: string; readonly name: string },
>(
  a: T,
  b: T,
): number =>
  compareText(a.schema, b.schema) || compareText(a.table, b.table) || compareText(a.name, b.name);

/** Byte-wise comparison, independent of the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Returns the model with every collection in a deterministic order (columns keep their
 * declared/physical order, enum values their sort order), so equal schemas serialise equally.
 *
 * @example
 * const model = sortSchemaModel({ ...emptySchemaModel, tables: [b, a] }); // tables: [a, b]
 */
export function sortSchemaModel(model: SchemaModel): SchemaModel {
  return {
    schemas: [...model.schemas].sort(compareText),
    extensions: [...model.extensions].sort(byName),
    enums: [...model.enums].sort(bySchemaName),
    sequences: [...model.sequences].sort(bySchemaName),
    tables: [...model.tables].sort(bySchemaName).map((table) => ({
      ...table,
      uniques: [...table.uniques].sort(byName),
      foreignKeys: [...table.foreignKeys].sort(byName),
      checks: [...table.checks].sort(byName),
      indexes: [...table.indexes].sort(byName),
    })),
    routines: [...model.routines].sort((a, b) => bySchemaName(a, b) || compareText(a.args, b.args)),
    triggers: [...model.triggers].sort(bySchemaTableName),
    views: [...model.views]
      .sort(bySchemaName)
      .map((v) => ({ ...v, indexes: [...v.indexes].sort(byName) })),
    policies: [...model.policies].sort(bySchemaTableName),
  };
}
