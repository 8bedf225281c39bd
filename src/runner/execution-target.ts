import type { Statement } from '../core/sql/statement.js';

/**
 * Where the engine sends SQL: a live connection (online) or a text script (offline `--sql`).
 * The engine decides units, transactions and bookkeeping; a target only carries them out, so
 * online and offline runs produce the same SQL in the same order.
 */
export interface ExecutionTarget {
  readonly online: boolean;
  readonly inTransaction: boolean;
  /** BEGIN followed by the given `SET LOCAL …` statements. */
  begin(settings: readonly string[]): Promise<void>;
  /** COMMIT, preceded by `last` (bookkeeping) in the same round trip. */
  commit(last?: readonly string[]): Promise<void>;
  /** Online only; offline scripts never roll back. */
  rollback(): Promise<void>;
  /** A migration statement. Errors propagate as the driver's error. */
  statement(statement: Statement): Promise<void>;
  /** retort's own SQL (version and history tables, settings), several statements at once. */
  bookkeeping(sql: readonly string[]): Promise<void>;
  /** A data migration's `op.query`; online only. */
  query?(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /**
   * Online fast path: a whole transactional unit (BEGIN, settings, statements, bookkeeping,
   * COMMIT) in one round trip, and `locate` to find which statement fails after such a batch
   * failed (runs them one by one in a transaction it rolls back).
   */
  readonly transaction?: {
    run(
      settings: readonly string[],
      statements: readonly Statement[],
      bookkeeping: readonly string[],
    ): Promise<void>;
    locate(
      settings: readonly string[],
      statements: readonly Statement[],
    ): Promise<{ statement: Statement; error: unknown } | undefined>;
  };
  /** A comment line in offline output; ignored online. */
  comment(text: string): void;
}
