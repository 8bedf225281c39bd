import type { Op } from './ops/op.js';

/**
 * What a TypeScript revision file's default export holds.
 *
 * The metadata fields (`revision`, `revises`, `message`, `dependsOn`, `branchLabels`) must be
 * written as literals: retort reads them statically, without executing the file, so that graph
 * commands stay fast with thousands of revisions.
 */
export interface MigrationDefinition {
  readonly revision: string;
  /** Parent revision(s); `null` for a base revision, an array for a merge. */
  readonly revises: string | readonly string[] | null;
  readonly message: string;
  readonly dependsOn?: string | readonly string[];
  readonly branchLabels?: string | readonly string[];
  /**
   * `false` runs every statement of this migration outside a transaction. By default retort wraps
   * each migration in one transaction and splits out statements that cannot run in one.
   */
  readonly transactional?: boolean;
  upgrade(op: Op): void | Promise<void>;
  downgrade(op: Op): void | Promise<void>;
}

/**
 * Declares a migration. The identity function, there for types and editor completion.
 *
 * @example
 * export default defineMigration({
 *   revision: 'e4f7a9b2c3d1',
 *   revises: 'd896bf2738fb',
 *   message: 'add multi-user support',
 *   upgrade(op) { op.execute('ALTER TABLE grants ADD COLUMN user_id integer'); },
 *   downgrade(op) { op.execute('ALTER TABLE grants DROP COLUMN user_id'); },
 * });
 */
export function defineMigration<const T extends MigrationDefinition>(definition: T): T {
  return definition;
}
