import type { LiteralValue, Op } from './ops/op.js';
import type { SqlExpression } from './ops/sql-expression.js';

/** Rows by table name, inserted as `op.bulkInsert` renders them. */
export type MigrationTestRows = Readonly<
  Record<string, readonly Readonly<Record<string, LiteralValue | SqlExpression>>[]>
>;

/** Runs one statement (`$1`… bound to `params`) and returns its rows. */
export type MigrationTestQuery = <Row = Record<string, unknown>>(
  sql: string,
  params?: readonly unknown[],
) => Promise<Row[]>;

/**
 * Data for `retort test`: set up before this revision's upgrade runs, checked after it; after the
 * downgrade, the data must be what it was before the upgrade. Never used by `upgrade`.
 *
 * @example
 * test: {
 *   before: { users: [{ email: 'ada@example.com' }] },
 *   async after(query) {
 *     const [row] = await query<{ n: number }>('SELECT count(*)::int AS n FROM users');
 *     if (row?.n !== 1) throw new Error(`expected 1 user, found ${row?.n}`);
 *   },
 * }
 */
export interface MigrationTest {
  /** SQL text (several statements allowed), or rows by table. */
  readonly before?: string | MigrationTestRows;
  /**
   * Checked after each upgrade, in a transaction that is rolled back (so it may write, e.g. to
   * test a cascade delete): SQL assertions, each passing when it returns no rows or only `true`;
   * or a function that throws to fail.
   */
  readonly after?: string | ((query: MigrationTestQuery) => void | Promise<void>);
}

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
  /**
   * `true` when the downgrade cannot restore what the upgrade changed (a literal, read without
   * executing the file). `retort test` reports such a revision instead of testing its downgrade.
   */
  readonly irreversible?: boolean;
  /** Fixtures for `retort test`; see {@link MigrationTest}. */
  readonly test?: MigrationTest;
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
