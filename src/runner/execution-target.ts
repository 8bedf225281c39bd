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
   * COMMIT) in one round trip. On failure it rolls back and throws a {@link UnitBatchError} naming
   * the statement that failed, found from the server's answer (the error position in the batch,
   * or how many commands completed before it) — nothing is run a second time to find it.
   */
  readonly transaction?: {
    run(
      settings: readonly string[],
      statements: readonly Statement[],
      bookkeeping: readonly string[],
    ): Promise<void>;
  };
  /** Sessions holding locks on the tables a statement names (online; after a lock_timeout). */
  lockHolders?(statement: Statement): Promise<LockHolder[]>;
  /** A comment line in offline output; ignored online. */
  comment(text: string): void;
}

/** A session holding a lock another statement waited for. */
export interface LockHolder {
  readonly pid: number;
  readonly applicationName: string;
  readonly user: string;
  readonly state: string;
  /** When its current (or last) query started, ISO text. */
  readonly queryStart: string | undefined;
  readonly transactionStart: string | undefined;
  readonly query: string;
  readonly mode: string;
  readonly table: string;
}

/**
 * A batch (one transactional unit in one round trip) failed. `statement` is the failing one when
 * the server's answer places it; `position` is PostgreSQL's 1-based position within it.
 */
export class UnitBatchError extends Error {
  constructor(
    readonly driverError: unknown,
    readonly statement: Statement | undefined,
    readonly position: number | undefined,
  ) {
    super(driverError instanceof Error ? driverError.message : String(driverError));
  }
}
