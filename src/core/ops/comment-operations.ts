import type { LintSuppression } from '../sql/statement.js';
import type { CommentOptions, CommonOptions } from './op.js';

/*
 * The op API's COMMENT ON for every object besides tables and columns (which have
 * setTableComment / setColumnComment): the option type of `op.setComment` and its operation.
 */

type Opts<T extends CommonOptions> = Omit<T, 'lintIgnore'> & {
  readonly lintIgnore?: readonly LintSuppression[];
};

/** What `op.setComment` comments on: the object type as COMMENT ON spells it, lower case. */
export type CommentObjectType =
  | 'schema'
  | 'index'
  | 'constraint'
  | 'sequence'
  | 'type'
  | 'domain'
  | 'collation'
  | 'view'
  | 'materialized view'
  | 'function'
  | 'procedure'
  | 'trigger'
  | 'policy';

export interface SetCommentOptions extends CommentOptions {
  /** The table of a constraint, trigger or policy (`COMMENT ON CONSTRAINT name ON table`). */
  readonly table?: string;
  /** The identity argument types of a function or procedure (`integer, text`). */
  readonly args?: string;
}

export type SetComment = {
  readonly kind: 'SetComment';
  readonly objectType: CommentObjectType;
  readonly name: string;
  readonly comment: string | null;
} & Opts<SetCommentOptions>;
