import type { PolicyModel } from './policies.js';
import type { RoutineModel, TriggerModel } from './routines.js';
import type { ViewModel } from './views.js';

/**
 * The schema model: plain data describing a PostgreSQL schema, the common language of the
 * declaration, introspection, diff and code generation. Names are unquoted; types, defaults,
 * checks and index definitions are in PostgreSQL's own spelling once normalised (read back from
 * a database), so two models compare with `===`.
 */
import type { CollationModel, CompositeTypeModel, DomainModel, GrantModel } from './types.js';
import { sortTypeModels } from './types.js';

import type { IdentityOptionsModel } from './identity-options.js';
import type { PartitionModel } from './partitions.js';
import { sortPartitions } from './partitions.js';

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
  /** The identity sequence's options that differ from the defaults; absent when none do. */
  readonly identityOptions?: IdentityOptionsModel | undefined;
  /** Stored generated column: its expression. */
  readonly generated?: string | undefined;
  /** `COLLATE`: a collation other than the type's default. */
  readonly collation?: string | undefined;
  readonly comment?: string | undefined;
  /** Declaration hint: the column's previous name. Never read back from a database. */
  readonly renamedFrom?: string | undefined;
}

export interface PrimaryKeyModel {
  /** Constraint name; absent in a declaration that lets PostgreSQL name it. */
  readonly name?: string | undefined;
  readonly columns: readonly string[];
  /** `DEFERRABLE`; absent when not. */
  readonly deferrable?: boolean | undefined;
  /** `DEFERRABLE INITIALLY DEFERRED`; absent when not. */
  readonly initiallyDeferred?: boolean | undefined;
  /** COMMENT ON …; absent when none. */
  readonly comment?: string | undefined;
}

export interface UniqueModel {
  readonly name?: string | undefined;
  readonly columns: readonly string[];
  readonly nullsNotDistinct?: boolean | undefined;
  readonly deferrable?: boolean | undefined;
  readonly initiallyDeferred?: boolean | undefined;
  /** COMMENT ON …; absent when none. */
  readonly comment?: string | undefined;
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
  /** `MATCH FULL`; absent for the default MATCH SIMPLE. */
  readonly match?: 'full' | undefined;
  /** COMMENT ON …; absent when none. */
  readonly comment?: string | undefined;
}

export interface CheckModel {
  readonly name?: string | undefined;
  /** The boolean expression, without `CHECK (…)`. */
  readonly expression: string;
  /** Added `NOT VALID` and left unvalidated; absent when validated. */
  readonly notValid?: boolean | undefined;
  /** `NO INHERIT`; absent when not. */
  readonly noInherit?: boolean | undefined;
  /** COMMENT ON …; absent when none. */
  readonly comment?: string | undefined;
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
  /** `NULLS NOT DISTINCT` (unique indexes, PostgreSQL 15+); absent when not. */
  readonly nullsNotDistinct?: boolean | undefined;
  /** Storage parameters, `WITH (fillfactor = 70)` → `{ fillfactor: '70' }`; absent when none. */
  readonly with?: Readonly<Record<string, string>> | undefined;
  /** `pg_get_indexdef` text once normalised: the comparison key. */
  readonly definition?: string | undefined;
  /** COMMENT ON …; absent when none. */
  readonly comment?: string | undefined;
}

/** An exclusion constraint: `EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (…)`. */
export interface ExclusionModel {
  readonly name?: string | undefined;
  /** Access method of its index: `gist` (usual), `btree`, `hash`, `spgist`. */
  readonly method: string;
  /** Each key (as IndexModel keys) with the operator it is compared with. */
  readonly elements: readonly { readonly key: string; readonly operator: string }[];
  readonly where?: string | undefined;
  readonly deferrable?: boolean | undefined;
  readonly initiallyDeferred?: boolean | undefined;
  /** `pg_get_constraintdef` text once normalised: the comparison key. */
  readonly definition?: string | undefined;
  /** COMMENT ON …; absent when none. */
  readonly comment?: string | undefined;
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
  /** `UNLOGGED`; absent when logged. */
  readonly unlogged?: true | undefined;
  /** Storage parameters, `WITH (fillfactor = 70)` → `{ fillfactor: '70' }`; absent when none. */
  readonly with?: Readonly<Record<string, string>> | undefined;
  /** Exclusion constraints; absent when none. */
  readonly exclusions?: readonly ExclusionModel[] | undefined;
  readonly comment?: string | undefined;
  /** Declaration hint: the table's previous name (in `renamedFromSchema` when set). */
  readonly renamedFrom?: string | undefined;
  /** Declaration hint: the schema the table moved from. */
  readonly renamedFromSchema?: string | undefined;
  /** ALTER TABLE … ENABLE ROW LEVEL SECURITY (absent: disabled). */
  readonly rowLevelSecurity?: boolean | undefined;
  /** ALTER TABLE … FORCE ROW LEVEL SECURITY (absent: not forced). */
  readonly forceRowLevelSecurity?: boolean | undefined;
  /** Partitioned: its key as `pg_get_partkeydef` prints it (`RANGE (created_at)`). */
  readonly partitionBy?: string | undefined;
}

export interface EnumModel {
  readonly schema: string;
  readonly name: string;
  /** Labels in their sort order. */
  readonly values: readonly string[];
  /** Declaration hint: labels renamed in place, `{ old: 'new' }`. Never read back. */
  readonly renamedValues?: Readonly<Record<string, string>> | undefined;
  /** COMMENT ON …; absent when none. */
  readonly comment?: string | undefined;
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
  /** `OWNED BY table.column` (a table of the sequence's schema): dropped with the column. */
  readonly ownedBy?: { readonly table: string; readonly column: string } | undefined;
  /** COMMENT ON …; absent when none. */
  readonly comment?: string | undefined;
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
  readonly domains: readonly DomainModel[];
  readonly compositeTypes: readonly CompositeTypeModel[];
  readonly collations: readonly CollationModel[];
  /** Privileges granted to roles on tables, sequences, schemas and functions. */
  readonly grants: readonly GrantModel[];
  /** Functions and procedures. */
  readonly routines: readonly RoutineModel[];
  readonly triggers: readonly TriggerModel[];
  /** Views and materialized views. */
  readonly views: readonly ViewModel[];
  /** Row-level security policies. */
  readonly policies: readonly PolicyModel[];
  /** Partitions of partitioned tables (the partitioned tables themselves are in `tables`). */
  readonly partitions: readonly PartitionModel[];
  /** COMMENT ON SCHEMA of the schemas in `schemas`, by schema name; absent when none. */
  readonly schemaComments?: Readonly<Record<string, string>> | undefined;
}

/** The model of an empty database. */
export const emptySchemaModel: SchemaModel = Object.freeze({
  schemas: [],
  extensions: [],
  enums: [],
  sequences: [],
  tables: [],
  domains: [],
  compositeTypes: [],
  collations: [],
  grants: [],
  routines: [],
  triggers: [],
  views: [],
  policies: [],
  partitions: [],
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

/** `{ schemaComments }` in name order, or nothing when there are none (the key is left out). */
function sortedSchemaComments(
  comments: SchemaModel['schemaComments'],
): Pick<SchemaModel, 'schemaComments'> {
  const entries = Object.entries(comments ?? {}).sort(([a], [b]) => compareText(a, b));
  return entries.length === 0 ? {} : { schemaComments: Object.fromEntries(entries) };
}

/** `{ exclusions }` sorted by name, or nothing when there are none (the key is left out). */
function sortedExclusions(list: TableModel['exclusions']): Pick<TableModel, 'exclusions'> {
  return list === undefined || list.length === 0 ? {} : { exclusions: [...list].sort(byName) };
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
      ...sortedExclusions(table.exclusions),
    })),
    ...sortTypeModels(model),
    routines: [...model.routines].sort((a, b) => bySchemaName(a, b) || compareText(a.args, b.args)),
    triggers: [...model.triggers].sort(bySchemaTableName),
    views: [...model.views]
      .sort(bySchemaName)
      .map((v) => ({ ...v, indexes: [...v.indexes].sort(byName) })),
    policies: [...model.policies].sort(bySchemaTableName),
    partitions: sortPartitions(model.partitions),
    ...sortedSchemaComments(model.schemaComments),
  };
}
