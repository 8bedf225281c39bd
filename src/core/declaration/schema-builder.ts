import { quoteQualified } from '../sql/quote.js';
import { ColumnBuilder } from './column-builder.js';
import type { CollationSpec, CompositeType, DomainType, GrantSpec } from './type-builders.js';
import type { PolicySpec, RoutineSpec, TriggerSpec, ViewSpec } from './routine-builder.js';
import type { PartitionSpec } from './partition-builder.js';
import {
  buildTable,
  type TableBuilder,
  type TableExtra,
  type TableOptions,
} from './table-builder.js';

/**
 * A declared enum type. Call it to make a column of that type.
 *
 * @example
 * export const role = enumType('membership_role', ['viewer', 'editor', 'admin', 'owner']);
 * // in a table: role: role().notNull().default('viewer')
 */
export interface EnumType<V extends string = string> {
  (): ColumnBuilder;
  readonly kind: 'enum';
  readonly schema: string;
  readonly enumName: string;
  readonly values: readonly V[];
  /** Rename hints: `{ old: 'new' }` labels renamed in place (ALTER TYPE … RENAME VALUE). */
  readonly renamedValues?: Readonly<Record<string, V>>;
  /** COMMENT ON TYPE. */
  readonly comment?: string;
}

/** Options of {@link enumType}. */
export interface EnumOptions<V extends string = string> {
  readonly schema?: string;
  /**
   * Labels renamed since the last revision, `{ old: 'new' }`: autogenerate writes
   * `ALTER TYPE … RENAME VALUE` (rows keep their value) instead of removing and adding a label.
   */
  readonly renamedValues?: Readonly<Record<string, V>>;
  /** COMMENT ON TYPE. */
  readonly comment?: string;
}

/**
 * Declares an enum type.
 *
 * @example
 * export const mood = enumType('mood', ['happy', 'glad'], { renamedValues: { sad: 'glad' } });
 */
export function enumType<const V extends string>(
  name: string,
  values: readonly V[],
  options: string | EnumOptions<V> = {},
): EnumType<V> {
  const {
    schema = 'public',
    renamedValues,
    comment,
  } = typeof options === 'string'
    ? { schema: options, renamedValues: undefined, comment: undefined }
    : options;
  const sqlType = quoteQualified(name, schema === 'public' ? undefined : schema);
  const make = (() => new ColumnBuilder(sqlType)) as EnumType<V>;
  return Object.assign(make, {
    kind: 'enum' as const,
    schema,
    enumName: name,
    values,
    ...(renamedValues === undefined ? {} : { renamedValues }),
    ...(comment === undefined ? {} : { comment }),
  });
}

/** A declared sequence. */
export interface SequenceSpec {
  readonly kind: 'sequence';
  readonly schema: string;
  readonly name: string;
  readonly type?: 'smallint' | 'integer' | 'bigint';
  readonly start?: number | bigint;
  readonly increment?: number | bigint;
  readonly min?: number | bigint;
  readonly max?: number | bigint;
  readonly cache?: number | bigint;
  readonly cycle?: boolean;
  /** `OWNED BY table.column`: a column of a table in the sequence's schema. */
  readonly ownedBy?: { readonly table: string; readonly column: string };
  /** COMMENT ON SEQUENCE. */
  readonly comment?: string;
}

/** Declares a sequence: `sequence('invoice_number_seq', { start: 1000 })`. */
export function sequence(
  name: string,
  options: Omit<SequenceSpec, 'kind' | 'name' | 'schema'> & { schema?: string } = {},
): SequenceSpec {
  return { kind: 'sequence', ...options, schema: options.schema ?? 'public', name };
}

/** A non-public schema: `const audit = pgSchema('audit'); audit.table('events', {...})`. */
export function pgSchema(schema: string): {
  readonly name: string;
  table<C extends Record<string, ColumnBuilder>>(
    name: string,
    columns: C,
    extras?: (columns: C) => readonly TableExtra[] | Record<string, TableExtra>,
    options?: TableOptions,
  ): TableBuilder<C>;
  enumType<const V extends string>(
    name: string,
    values: readonly V[],
    options?: Omit<EnumOptions<V>, 'schema'>,
  ): EnumType<V>;
  sequence(name: string, options?: Omit<SequenceSpec, 'kind' | 'name' | 'schema'>): SequenceSpec;
} {
  return {
    name: schema,
    table: (name, columns, extras, options) => buildTable(schema, name, columns, extras, options),
    enumType: (name, values, options = {}) => enumType(name, values, { ...options, schema }),
    sequence: (name, options = {}) => sequence(name, { ...options, schema }),
  };
}

/** What {@link defineSchema} takes: lists, or records as `export * as tables` gives. */
export interface SchemaDeclarationInput {
  /** Schemas besides `public`; `{ name, comment }` for COMMENT ON SCHEMA. */
  readonly schemas?: readonly (string | { readonly name: string; readonly comment?: string })[];
  readonly extensions?: readonly (string | { readonly name: string; readonly schema?: string })[];
  readonly enums?: readonly EnumType[] | Record<string, EnumType>;
  readonly sequences?: readonly SequenceSpec[] | Record<string, SequenceSpec>;
  readonly tables: readonly TableBuilder[] | Record<string, TableBuilder>;
  readonly domains?: readonly DomainType[] | Record<string, DomainType>;
  readonly compositeTypes?: readonly CompositeType[] | Record<string, CompositeType>;
  readonly collations?: readonly CollationSpec[] | Record<string, CollationSpec>;
  /** Privileges on schemas, sequences, tables and functions (tables may also say `grants`). */
  readonly grants?: readonly GrantSpec[];
  /** Functions and procedures (pgFunction, pgProcedure). */
  readonly functions?: readonly RoutineSpec[] | Record<string, RoutineSpec>;
  readonly triggers?: readonly TriggerSpec[] | Record<string, TriggerSpec>;
  /** Views and materialized views. */
  readonly views?: readonly ViewSpec[] | Record<string, ViewSpec>;
  /** Row-level security policies. */
  readonly policies?: readonly PolicySpec[] | Record<string, PolicySpec>;
  /** Partitions of partitioned tables (partitionOf). */
  readonly partitions?: readonly PartitionSpec[] | Record<string, PartitionSpec>;
}

/** The declared schema, the default export of the declaration file. */
export interface SchemaDeclaration {
  readonly kind: 'schemaDeclaration';
  readonly schemas: readonly string[];
  /** COMMENT ON SCHEMA, by schema name. */
  readonly schemaComments?: Readonly<Record<string, string>>;
  readonly extensions: readonly { readonly name: string; readonly schema?: string | undefined }[];
  readonly enums: readonly EnumType[];
  readonly sequences: readonly SequenceSpec[];
  readonly tables: readonly TableBuilder[];
  readonly domains: readonly DomainType[];
  readonly compositeTypes: readonly CompositeType[];
  readonly collations: readonly CollationSpec[];
  readonly grants: readonly GrantSpec[];
  readonly functions: readonly RoutineSpec[];
  readonly triggers: readonly TriggerSpec[];
  readonly views: readonly ViewSpec[];
  readonly policies: readonly PolicySpec[];
  readonly partitions: readonly PartitionSpec[];
}

/**
 * Declares the whole schema; the declaration file's default export.
 *
 * @example
 * // schema.ts
 * export default defineSchema({ extensions: ['pgcrypto'], enums: [role], tables: [users, orgs] });
 */
export function defineSchema(input: SchemaDeclarationInput): SchemaDeclaration {
  const list = <T>(value: readonly T[] | Record<string, T> | undefined): T[] =>
    value === undefined ? [] : Array.isArray(value) ? [...value] : Object.values(value);
  return {
    kind: 'schemaDeclaration',
    schemas: (input.schemas ?? []).map((s) => (typeof s === 'string' ? s : s.name)),
    schemaComments: Object.fromEntries(
      (input.schemas ?? []).flatMap((s) =>
        typeof s === 'string' || s.comment === undefined ? [] : [[s.name, s.comment]],
      ),
    ),
    extensions: (input.extensions ?? []).map((e) => (typeof e === 'string' ? { name: e } : e)),
    enums: list(input.enums),
    sequences: list(input.sequences),
    tables: list<TableBuilder>(input.tables as never),
    domains: list(input.domains),
    compositeTypes: list(input.compositeTypes),
    collations: list(input.collations),
    grants: [...(input.grants ?? [])],
    functions: list(input.functions),
    triggers: list(input.triggers),
    views: list(input.views),
    policies: list(input.policies),
    partitions: list(input.partitions),
  };
}
