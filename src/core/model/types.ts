/**
 * The model of user-defined types that are not enums — domains and composite types — of
 * collations, and of privileges granted to roles. Plain data like the rest of the schema model
 * (src/core/model/schema-model.ts): names unquoted, types and expressions in PostgreSQL's
 * spelling once normalised.
 */

/** A named CHECK of a domain; the expression uses `VALUE`. */
export interface DomainCheckModel {
  /** Absent in a declaration that lets PostgreSQL name it (`<domain>_check`). */
  readonly name?: string | undefined;
  /** The boolean expression, without `CHECK (…)`, e.g. `VALUE > 0`. */
  readonly expression: string;
}

/** `CREATE DOMAIN name AS type [COLLATE c] [DEFAULT …] [NOT NULL] [CONSTRAINT n CHECK (…)]…`. */
export interface DomainModel {
  readonly schema: string;
  readonly name: string;
  /** The base type as `format_type` prints it. */
  readonly type: string;
  readonly notNull: boolean;
  readonly default?: string | undefined;
  /** A collation other than the base type's. */
  readonly collation?: string | undefined;
  readonly checks: readonly DomainCheckModel[];
  readonly comment?: string | undefined;
}

/** One attribute of a composite type. */
export interface CompositeAttributeModel {
  readonly name: string;
  readonly type: string;
  readonly collation?: string | undefined;
}

/** `CREATE TYPE name AS (attribute type, …)`. */
export interface CompositeTypeModel {
  readonly schema: string;
  readonly name: string;
  readonly attributes: readonly CompositeAttributeModel[];
  readonly comment?: string | undefined;
}

/** `CREATE COLLATION name (provider = …, locale = … | lc_collate = …, lc_ctype = …, deterministic = …)`. */
export interface CollationModel {
  readonly schema: string;
  readonly name: string;
  /** `libc` (default), `icu` or `builtin` (PostgreSQL 17+). */
  readonly provider: string;
  /** ICU / builtin locale. */
  readonly locale?: string | undefined;
  /** libc: LC_COLLATE and LC_CTYPE. */
  readonly lcCollate?: string | undefined;
  readonly lcCtype?: string | undefined;
  readonly deterministic: boolean;
  readonly comment?: string | undefined;
}

/** What a privilege is granted on. */
export type GrantObjectType = 'table' | 'sequence' | 'schema' | 'function';

/**
 * One privilege on one object to one role: `GRANT privilege ON objectType schema.name TO grantee`.
 * The owner's own (implicit) privileges are never modelled.
 */
export interface GrantModel {
  readonly objectType: GrantObjectType;
  /** The object's schema; for a schema grant the schema itself. */
  readonly schema: string;
  /** Table or sequence name; the schema name for a schema grant; `name(argument types)` for a function. */
  readonly name: string;
  /** A role name, or `PUBLIC`. */
  readonly grantee: string;
  /** Upper case: `SELECT`, `INSERT`, `USAGE`, `EXECUTE`, … */
  readonly privilege: string;
  readonly withGrantOption: boolean;
}

/** Byte-wise comparison, independent of the locale. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const bySchemaName = <T extends { readonly schema: string; readonly name: string }>(
  a: T,
  b: T,
): number => compareText(a.schema, b.schema) || compareText(a.name, b.name);

/** A grant's identity (without the grant option), as a map key. */
export function grantKey(g: GrantModel): string {
  return [g.objectType, g.schema, g.name, g.grantee, g.privilege].join('\u0000');
}

/** The type, collation and grant lists of a model. */
export interface TypeModels {
  readonly domains: readonly DomainModel[];
  readonly compositeTypes: readonly CompositeTypeModel[];
  readonly collations: readonly CollationModel[];
  readonly grants: readonly GrantModel[];
}

/** Sorted copies of the type, collation and grant lists (for sortSchemaModel). */
export function sortTypeModels(model: TypeModels): TypeModels {
  return {
    domains: [...model.domains].sort(bySchemaName).map((d) => ({
      ...d,
      checks: [...d.checks].sort((a, b) => compareText(a.name ?? '', b.name ?? '')),
    })),
    compositeTypes: [...model.compositeTypes].sort(bySchemaName),
    collations: [...model.collations].sort(bySchemaName),
    grants: [...model.grants].sort((a, b) => compareText(grantKey(a), grantKey(b))),
  };
}
