import type { PolicyCommand } from '../model/policies.js';
import type { LintSuppression } from '../sql/statement.js';
import type { CommonOptions, SchemaOptions, SqlText } from './op.js';

/*
 * The op API's functions, procedures, triggers, views, row-level security and policies: options
 * of the op methods and the operations they record (see operations.ts for the conventions).
 */

type Opts<T extends CommonOptions> = Omit<T, 'lintIgnore'> & {
  readonly lintIgnore?: readonly LintSuppression[];
};

export interface CreateFunctionOptions extends SchemaOptions {
  /**
   * Its identity argument types (`integer, text`): what DROP FUNCTION needs, so the op reverses.
   */
  readonly args?: string;
  /** A procedure (DROP PROCEDURE undoes it). */
  readonly procedure?: boolean;
}

export interface DropFunctionOptions extends SchemaOptions {
  /** The identity argument types; required when the name is overloaded. */
  readonly args?: string;
  readonly procedure?: boolean;
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

export interface DropTriggerOptions extends SchemaOptions {
  readonly ifExists?: boolean;
}

export interface CreateViewOptions extends SchemaOptions {
  readonly materialized?: boolean;
  /** CREATE OR REPLACE VIEW (plain views only). */
  readonly orReplace?: boolean;
  /** A materialized view created WITH NO DATA (filled by a later REFRESH). */
  readonly withNoData?: boolean;
}

export interface DropViewOptions extends SchemaOptions {
  readonly materialized?: boolean;
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

export interface RowLevelSecurityOptions extends SchemaOptions {
  /** ENABLE (true) or DISABLE (false) ROW LEVEL SECURITY; unchanged when absent. */
  readonly enabled?: boolean;
  /** FORCE (true) or NO FORCE (false) ROW LEVEL SECURITY; unchanged when absent. */
  readonly force?: boolean;
  /** The state before the change; makes the op reversible. */
  readonly existing?: { readonly enabled: boolean; readonly force: boolean };
}

export interface CreatePolicyOptions extends SchemaOptions {
  /** AS RESTRICTIVE (default PERMISSIVE). */
  readonly restrictive?: boolean;
  /** FOR ALL (default), SELECT, INSERT, UPDATE or DELETE. */
  readonly command?: PolicyCommand;
  /** TO these roles (default PUBLIC); `public`, `current_user` and `session_user` are keywords. */
  readonly roles?: readonly string[];
  readonly using?: SqlText;
  readonly withCheck?: SqlText;
}

export interface DropPolicyOptions extends SchemaOptions {
  readonly ifExists?: boolean;
}

export type CreateFunction = {
  readonly kind: 'CreateFunction';
  readonly name: string;
  /** The whole CREATE [OR REPLACE] FUNCTION / PROCEDURE statement. */
  readonly definition: SqlText;
} & Opts<CreateFunctionOptions>;
export type DropFunction = {
  readonly kind: 'DropFunction';
  readonly name: string;
} & Opts<DropFunctionOptions>;
export type CreateTrigger = {
  readonly kind: 'CreateTrigger';
  readonly name: string;
  readonly table: string;
  /** The whole CREATE TRIGGER statement. */
  readonly definition: SqlText;
} & Opts<SchemaOptions>;
export type DropTrigger = {
  readonly kind: 'DropTrigger';
  readonly name: string;
  readonly table: string;
} & Opts<DropTriggerOptions>;
export type CreateView = {
  readonly kind: 'CreateView';
  readonly name: string;
  /** The SELECT. */
  readonly query: SqlText;
} & Opts<CreateViewOptions>;
export type DropView = {
  readonly kind: 'DropView';
  readonly name: string;
} & Opts<DropViewOptions>;
export type SetRowLevelSecurity = {
  readonly kind: 'SetRowLevelSecurity';
  readonly table: string;
} & Opts<RowLevelSecurityOptions>;
export type CreatePolicy = {
  readonly kind: 'CreatePolicy';
  readonly name: string;
  readonly table: string;
} & Opts<CreatePolicyOptions>;
export type DropPolicy = {
  readonly kind: 'DropPolicy';
  readonly name: string;
  readonly table: string;
} & Opts<DropPolicyOptions>;

/** The operations of this file, members of the Operation union. */
export type RoutineOperation =
  | CreateFunction
  | DropFunction
  | CreateTrigger
  | DropTrigger
  | CreateView
  | DropView
  | SetRowLevelSecurity
  | CreatePolicy
  | DropPolicy;
