/**
 * A revision's metadata: everything the graph needs, read statically from the file without
 * executing it.
 */
export interface Revision {
  /** The revision id (12 lowercase hex characters by default; any id given with --rev-id). */
  readonly id: string;
  /** Parent revision ids (Alembic's down_revision). Empty for a base; two or more for a merge. */
  readonly revises: readonly string[];
  /** Revisions that must be applied first without being parents (Alembic's depends_on). */
  readonly dependsOn: readonly string[];
  /** Branch labels declared on this revision. */
  readonly branchLabels: readonly string[];
  /** One-line description (Alembic's message / doc). */
  readonly message: string;
  /** File path relative to the project root, when the revision came from a file. */
  readonly file?: string;
  /** File format, when the revision came from a file. */
  readonly format?: 'ts' | 'sql';
  /** ISO creation date from the file header, when present. */
  readonly createdAt?: string;
}
