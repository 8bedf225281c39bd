import type { Statement } from '../sql/statement.js';
import type { Op } from './op.js';

/**
 * Records a migration's op calls as Statements (rendered by one renderer, every identifier and
 * literal quoted). Pure: online queries go through the injected `query` function.
 *
 * CONTRACT STUB — implemented by the op-API work.
 */
export interface OpRecorderOptions {
  /** File of the migration, for statement sources and error messages. */
  readonly file?: string;
  /**
   * Online only. Called by `op.query(sql, params)` inside a data migration: the runner first
   * executes `pending` (the statements recorded since the last call, in order, in the migration's
   * transaction), then the query, and returns its rows. Absent offline: `op.query` then throws
   * an OfflineQueryError (exit 4) saying the migration needs a live database.
   */
  readonly query?: (
    pending: readonly Statement[],
    sql: string,
    params?: readonly unknown[],
  ) => Promise<Record<string, unknown>[]>;
}

export interface OpRecorder {
  readonly op: Op;
  /** Statements recorded since the last `take()` (or `op.query`), in call order; empties the buffer. */
  take(): Statement[];
}

export function createOpRecorder(options: OpRecorderOptions = {}): OpRecorder {
  void options;
  throw new Error('createOpRecorder: not implemented yet');
}
