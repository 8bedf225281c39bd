/** The commands a row-level security policy applies to. */
export type PolicyCommand = 'all' | 'select' | 'insert' | 'update' | 'delete';

/** A row-level security policy on a table. */
export interface PolicyModel {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** PERMISSIVE (true, the default) or RESTRICTIVE. */
  readonly permissive: boolean;
  readonly command: PolicyCommand;
  /** Role names, sorted; `public` for PUBLIC. Roles are referenced, never created. */
  readonly roles: readonly string[];
  /** The USING expression. */
  readonly using?: string | undefined;
  /** The WITH CHECK expression. */
  readonly withCheck?: string | undefined;
  /** COMMENT ON …; absent when none. */
  readonly comment?: string | undefined;
}
