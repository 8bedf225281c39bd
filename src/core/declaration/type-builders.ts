import type {
  CollationModel,
  DomainModel,
  GrantModel,
  GrantObjectType,
  TypeModels,
} from '../model/types.js';
import type { SqlExpression } from '../ops/sql-expression.js';
import { quoteQualified } from '../sql/quote.js';
import { ColumnBuilder, type DefaultValue } from './column-builder.js';
import type { SchemaDeclaration } from './schema-builder.js';
import type { TableGrant } from './table-builder.js';

/** Options of {@link domainType}. */
export interface DomainOptions {
  readonly schema?: string;
  readonly notNull?: boolean;
  /** DEFAULT: a literal value, or a SQL expression with sql`…`. */
  readonly default?: DefaultValue | SqlExpression;
  /** COLLATE: a collation name or a declared {@link collation}. */
  readonly collate?: string | { readonly collationName: string };
  /** Named CHECK constraints on `VALUE`: `{ email_has_at: sql\`VALUE LIKE '%@%'\` }`. */
  readonly checks?: Readonly<Record<string, SqlExpression>>;
  readonly comment?: string;
}

/**
 * A declared domain. Call it to make a column of that type.
 *
 * @example
 * export const email = domainType('email', text(), { checks: { email_has_at: sql`VALUE LIKE '%@%'` } });
 * // in a table: contact: email().notNull()
 */
export interface DomainType {
  (): ColumnBuilder;
  readonly kind: 'domain';
  readonly schema: string;
  readonly domainName: string;
  readonly model: DomainModel;
}

/**
 * Declares a domain over a base type given as a column builder (`text()`, `numeric(12, 2)`).
 *
 * @example
 * export const price = domainType('price', numeric(12, 2), { notNull: true, checks: { price_positive: sql`VALUE >= 0` } });
 */
export function domainType(
  name: string,
  base: ColumnBuilder,
  options: DomainOptions = {},
): DomainType {
  const schema = options.schema ?? 'public';
  const probe = new ColumnBuilder(base.state.sqlType);
  if (options.default !== undefined) probe.default(options.default);
  const collate = options.collate;
  const model: DomainModel = {
    schema,
    name,
    type: base.state.sqlType + '[]'.repeat(base.state.arrayDims),
    notNull: options.notNull ?? false,
    default: probe.state.default,
    collation:
      collate === undefined
        ? undefined
        : typeof collate === 'string'
          ? collate
          : collate.collationName,
    checks: Object.entries(options.checks ?? {}).map(([checkName, expression]) => ({
      name: checkName,
      expression: expression.text,
    })),
    comment: options.comment,
  };
  return typeMaker('domain', schema, name, { domainName: name, model });
}

/** A declared composite type. Call it to make a column of that type. */
export interface CompositeType {
  (): ColumnBuilder;
  readonly kind: 'compositeType';
  readonly schema: string;
  readonly typeName: string;
  readonly attributes: Readonly<Record<string, ColumnBuilder>>;
  readonly comment?: string | undefined;
}

/**
 * Declares a composite type (`CREATE TYPE name AS (…)`); attributes are column builders (their
 * type and `.collate()`).
 *
 * @example
 * export const address = compositeType('address', { street: text(), city: text(), zip: varchar(10) });
 * // in a table: shipTo: address()
 */
export function compositeType(
  name: string,
  attributes: Record<string, ColumnBuilder>,
  options: { readonly schema?: string; readonly comment?: string } = {},
): CompositeType {
  const schema = options.schema ?? 'public';
  return typeMaker('compositeType', schema, name, {
    typeName: name,
    attributes,
    ...(options.comment === undefined ? {} : { comment: options.comment }),
  });
}

function typeMaker<K extends string, E extends object>(
  kind: K,
  schema: string,
  name: string,
  extra: E,
): (() => ColumnBuilder) & { kind: K; schema: string } & E {
  const sqlType = quoteQualified(name, schema === 'public' ? undefined : schema);
  const make = (): ColumnBuilder => new ColumnBuilder(sqlType);
  return Object.assign(make, { kind, schema, ...extra });
}

/** Options of {@link collation}. */
export interface CollationOptions {
  readonly schema?: string;
  /** `libc` (default), `icu` or `builtin` (PostgreSQL 17+). */
  readonly provider?: 'libc' | 'icu' | 'builtin';
  /** The locale (ICU: `'de-DE'`, `'und-u-ks-level2'`; libc: sets both LC_COLLATE and LC_CTYPE). */
  readonly locale?: string;
  readonly lcCollate?: string;
  readonly lcCtype?: string;
  /** False for a nondeterministic (e.g. case-insensitive) ICU collation. Default true. */
  readonly deterministic?: boolean;
  readonly comment?: string;
}

/** A declared collation; give it to `.collate()` or a domain's `collate`. */
export interface CollationSpec {
  readonly kind: 'collation';
  readonly schema: string;
  /** The name `COLLATE` takes (the collation must be in `public` or on the search path). */
  readonly collationName: string;
  readonly model: CollationModel;
}

/**
 * Declares a collation.
 *
 * @example
 * export const caseInsensitive = collation('case_insensitive', { provider: 'icu', locale: 'und-u-ks-level2', deterministic: false });
 * // email: text().collate(caseInsensitive)
 */
export function collation(name: string, options: CollationOptions = {}): CollationSpec {
  const schema = options.schema ?? 'public';
  const provider = options.provider ?? 'libc';
  const libc = provider === 'libc';
  const model: CollationModel = {
    schema,
    name,
    provider,
    locale: libc ? undefined : options.locale,
    lcCollate: libc ? (options.lcCollate ?? options.locale) : undefined,
    lcCtype: libc ? (options.lcCtype ?? options.locale) : undefined,
    deterministic: options.deterministic ?? true,
    comment: options.comment,
  };
  return { kind: 'collation', schema, collationName: name, model };
}

/** Privileges on a schema, sequence, table or function, for `defineSchema({ grants })`. */
export interface GrantSpec {
  readonly on: GrantObjectType;
  /** The object's schema (default `public`); a schema grant names the schema in `name`. */
  readonly schema?: string;
  /** Table, sequence or schema name; a function as `name(argument types)`, e.g. `'org_id(uuid)'`. */
  readonly name: string;
  /** Role name(s), or `'PUBLIC'`; roles are referenced, not created. */
  readonly to: string | readonly string[];
  readonly privileges: readonly string[];
  readonly withGrantOption?: boolean;
}

/**
 * Declares privileges for `defineSchema({ grants })`.
 *
 * @example
 * grant(['USAGE'], { on: 'schema', name: 'audit', to: 'reporting' });
 */
export function grant(
  privileges: readonly string[],
  target: Omit<GrantSpec, 'privileges'>,
): GrantSpec {
  return { ...target, privileges };
}

/** One model grant per (role, privilege) of a declared grant. */
export function grantsOf(spec: GrantSpec): GrantModel[] {
  const schema = spec.on === 'schema' ? spec.name : (spec.schema ?? 'public');
  const roles = typeof spec.to === 'string' ? [spec.to] : spec.to;
  return roles.flatMap((role) =>
    spec.privileges.map((privilege) => ({
      objectType: spec.on,
      schema,
      name: spec.name,
      grantee: role.toUpperCase() === 'PUBLIC' ? 'PUBLIC' : role,
      privilege: privilege.toUpperCase(),
      withGrantOption: spec.withGrantOption ?? false,
    })),
  );
}

/** A table's `grants` option as declared grants. */
export function tableGrants(
  schema: string,
  name: string,
  grants: readonly TableGrant[] | undefined,
): GrantSpec[] {
  return (grants ?? []).map((g) => ({ on: 'table', schema, name, ...g }));
}

/** The domains, composite types, collations and grants of a declaration, as model data. */
export function typeDeclarationsToModel(declaration: SchemaDeclaration): TypeModels {
  const strip = <T extends object>(value: T): T =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
  return {
    domains: declaration.domains.map((d) => strip(d.model)),
    compositeTypes: declaration.compositeTypes.map((c) =>
      strip({
        schema: c.schema,
        name: c.typeName,
        attributes: Object.entries(c.attributes).map(([name, a]) =>
          strip({
            name,
            type: a.state.sqlType + '[]'.repeat(a.state.arrayDims),
            collation: a.state.collation,
          }),
        ),
        comment: c.comment,
      }),
    ),
    collations: declaration.collations.map((c) => strip(c.model)),
    grants: [
      ...declaration.grants,
      ...declaration.tables.flatMap((t) => tableGrants(t.schema, t.name, t.options.grants)),
    ].flatMap(grantsOf),
  };
}
