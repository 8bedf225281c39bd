import type { LintSuppression } from '../sql/statement.js';
import type { ColumnDefinition, ColumnType, CommonOptions, SchemaOptions, SqlText } from './op.js';

/*
 * The op API's domains, composite types, collations, grants and identity columns: options of the
 * op methods and the operations they record (see operations.ts for the conventions).
 */

type Opts<T extends CommonOptions> = Omit<T, 'lintIgnore'> & {
  readonly lintIgnore?: readonly LintSuppression[];
};

/** A named CHECK of a domain; its expression uses `VALUE`. */
export interface DomainCheck {
  /** Absent: PostgreSQL names it `<domain>_check`. */
  readonly name?: string;
  readonly expression: SqlText;
}

export interface CreateDomainOptions extends SchemaOptions {
  readonly collate?: string;
  /** DEFAULT: an SQL expression (`sql\`0\``, `"'none'"`). */
  readonly default?: SqlText;
  readonly notNull?: boolean;
  readonly checks?: readonly (SqlText | DomainCheck)[];
}

/** One change of a domain per call (ALTER DOMAIN takes one action). */
export interface AlterDomainOptions extends SchemaOptions {
  /** SET DEFAULT expression. */
  readonly default?: SqlText;
  /** DROP DEFAULT. */
  readonly dropDefault?: boolean;
  /** SET NOT NULL (true) or DROP NOT NULL (false). */
  readonly notNull?: boolean;
  /** ADD [CONSTRAINT name] CHECK (expression). */
  readonly addCheck?: DomainCheck;
  /** DROP CONSTRAINT name. */
  readonly dropConstraint?: string;
  /** The default before the change (`null`: none); makes a default change reversible. */
  readonly existingDefault?: SqlText | null;
  /** The expression of the dropped check; makes `dropConstraint` reversible. */
  readonly existingCheck?: SqlText;
}

export interface DropTypeLikeOptions extends SchemaOptions {
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

/** An attribute of a composite type: its type, or its type and collation. */
export type CompositeAttribute =
  ColumnType | { readonly type: ColumnType; readonly collate?: string };

export interface CreateCollationOptions extends SchemaOptions {
  /** `libc` (default), `icu` or `builtin` (PostgreSQL 17+). */
  readonly provider?: 'libc' | 'icu' | 'builtin';
  /** LOCALE (ICU, builtin, or both libc settings at once). */
  readonly locale?: string;
  readonly lcCollate?: string;
  readonly lcCtype?: string;
  /** false: a nondeterministic collation (ICU), e.g. case-insensitive comparison. */
  readonly deterministic?: boolean;
}

/** What a privilege is granted on. */
export type GrantObjectKind = 'table' | 'sequence' | 'schema' | 'function';

export interface GrantOptions extends SchemaOptions {
  /** The identity argument types of a function (`uuid, integer`). */
  readonly args?: string;
  /** WITH GRANT OPTION. */
  readonly withGrantOption?: boolean;
}

export interface RevokeOptions extends SchemaOptions {
  readonly args?: string;
  readonly cascade?: boolean;
}

/** The options of an identity column's sequence. */
export type IdentitySequenceOptions = NonNullable<ColumnDefinition['identityOptions']>;

export interface AlterIdentityOptions extends SchemaOptions {
  /** ADD GENERATED … AS IDENTITY on a column that has none. */
  readonly add?: 'always' | 'by default';
  /** SET GENERATED … on an identity column. */
  readonly set?: 'always' | 'by default';
  /** DROP IDENTITY. */
  readonly drop?: boolean;
  /** The sequence's options: SET INCREMENT BY … SET START WITH … (only those given). */
  readonly sequence?: IdentitySequenceOptions;
  /** The state before the change; makes the op reversible. */
  readonly existing?: {
    readonly identity?: 'always' | 'by default';
    readonly sequence?: IdentitySequenceOptions;
  };
}

export type CreateDomain = {
  readonly kind: 'CreateDomain';
  readonly name: string;
  readonly type: ColumnType;
} & Opts<CreateDomainOptions>;
export type AlterDomain = {
  readonly kind: 'AlterDomain';
  readonly name: string;
} & Opts<AlterDomainOptions>;
export type DropDomain = {
  readonly kind: 'DropDomain';
  readonly name: string;
} & Opts<DropTypeLikeOptions>;
export type CreateType = {
  readonly kind: 'CreateType';
  readonly name: string;
  readonly attributes: Readonly<Record<string, CompositeAttribute>>;
} & Opts<SchemaOptions>;
export type DropType = {
  readonly kind: 'DropType';
  readonly name: string;
} & Opts<DropTypeLikeOptions>;
export type CreateCollation = {
  readonly kind: 'CreateCollation';
  readonly name: string;
} & Opts<CreateCollationOptions>;
export type DropCollation = {
  readonly kind: 'DropCollation';
  readonly name: string;
} & Opts<DropTypeLikeOptions>;
export type Grant = {
  readonly kind: 'Grant';
  readonly privileges: string | readonly string[];
  readonly objectType: GrantObjectKind;
  readonly name: string;
  readonly grantees: string | readonly string[];
} & Opts<GrantOptions>;
export type Revoke = {
  readonly kind: 'Revoke';
  readonly privileges: string | readonly string[];
  readonly objectType: GrantObjectKind;
  readonly name: string;
  readonly grantees: string | readonly string[];
} & Opts<RevokeOptions>;
export type AlterIdentity = {
  readonly kind: 'AlterIdentity';
  readonly table: string;
  readonly column: string;
} & Opts<AlterIdentityOptions>;

/** The operations of this file, members of the Operation union. */
export type TypeOperation =
  | CreateDomain
  | AlterDomain
  | DropDomain
  | CreateType
  | DropType
  | CreateCollation
  | DropCollation
  | Grant
  | Revoke
  | AlterIdentity;
