import { serverErrorHint } from '../core/database-errors.js';
import { ExitCode, RetortError } from '../core/errors.js';
import type { LockHolder } from './execution-target.js';

/** Where and how a migration statement failed. */
export interface MigrationFailure {
  readonly revision: string;
  readonly direction: 'up' | 'down';
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly statement: string | undefined;
  readonly message: string;
  /** PostgreSQL's DETAIL line (e.g. which key has no parent row), when it sent one. */
  readonly detail?: string | undefined;
  readonly sqlState: string | undefined;
  /** 1-based character position in the statement, from PostgreSQL. */
  readonly position: number | undefined;
  /** Earlier units of this migration were committed: it is half done and needs `--resume`. */
  readonly halfDone?: boolean;
}

const STAMP_HINT: Record<string, string> = {
  '42P07':
    'The relation already exists: this migration (or part of it) was probably applied by hand or by a run that was not recorded. If the schema already matches, record it with `retort stamp <rev>` instead of running it; otherwise drop the object and run again.',
  '42710':
    'The type (or other object) already exists: the migration was probably partially applied or applied by hand. If the schema already matches, record it with `retort stamp <rev>`; otherwise drop the object and run again.',
  '42701':
    'The column already exists: the migration was probably partially applied or applied by hand. If the schema already matches, record it with `retort stamp <rev>`; otherwise drop the column and run again.',
  '23503':
    'Existing rows reference rows that do not exist (orphaned records), so the foreign key cannot hold: find them (e.g. `SELECT count(*) FROM child WHERE fk IS NOT NULL AND fk NOT IN (SELECT id FROM parent)`), delete or fix them, and run again.',
};

/** A statement of a migration failed; its transaction was rolled back. Exit 5. */
export class MigrationFailedError extends RetortError {
  constructor(failure: MigrationFailure, rolledBack: boolean) {
    const where = failure.file
      ? `${failure.file}${failure.line === undefined ? '' : `:${failure.line}`}`
      : 'its migration';
    const stmt = failure.statement
      ? `\n  statement: ${failure.statement.length > 400 ? `${failure.statement.slice(0, 400)}…` : failure.statement}`
      : '';
    const pos = failure.position === undefined ? '' : ` at position ${failure.position}`;
    const detail = failure.detail ? `\n  detail: ${failure.detail}` : '';
    super(
      'MIGRATION_FAILED',
      ExitCode.Migration,
      `${failure.direction === 'up' ? 'Upgrade' : 'Downgrade'} of revision ${failure.revision} failed at ${where}: ${failure.message}${failure.sqlState ? ` (SQLSTATE ${failure.sqlState}${pos})` : ''}${detail}${stmt}`,
      {
        hint:
          ((failure.sqlState
            ? (STAMP_HINT[failure.sqlState]?.replace('<rev>', failure.revision) ??
              serverErrorHint({ code: failure.sqlState, message: failure.message }))
            : undefined) ??
            (rolledBack
              ? 'Its transaction was rolled back and the version table still names the last good revision: fix the migration and run again.'
              : 'Fix the cause and run again; `retort upgrade --resume` continues a migration left half done.')) +
          (failure.halfDone
            ? ` Earlier steps of this migration were already committed (it is half done): once fixed, run \`retort ${failure.direction === 'up' ? 'upgrade' : 'downgrade'} ${failure.revision} --resume\` to continue at the failed statement.`
            : ''),
        details: { ...failure, rolledBack },
      },
    );
  }
}

/** A statement kept hitting lock_timeout after every retry. Exit 7. */
export class LockRetriesExhaustedError extends RetortError {
  constructor(
    revision: string,
    file: string | undefined,
    attempts: number,
    lockTimeoutMs: number,
    blocked: {
      statement?: string | undefined;
      line?: number | undefined;
      holders?: readonly LockHolder[];
    } = {},
  ) {
    const holders = blocked.holders ?? [];
    const where = file ? ` (${file}${blocked.line === undefined ? '' : `:${blocked.line}`})` : '';
    const stmt = blocked.statement
      ? `\n  statement: ${blocked.statement.length > 200 ? `${blocked.statement.slice(0, 200)}…` : blocked.statement}`
      : '';
    const list = holders
      .map(
        (h) =>
          `\n  blocked by pid ${h.pid} (application '${h.applicationName}', user ${h.user}, ${h.state}${h.transactionStart ? `, transaction since ${h.transactionStart}` : ''}${h.queryStart ? `, query started ${h.queryStart}` : ''}) holding ${h.mode} on ${h.table}: ${h.query.replace(/\s+/g, ' ').slice(0, 120)}`,
      )
      .join('');
    super(
      'LOCK_TIMEOUT_EXHAUSTED',
      ExitCode.Lock,
      `Revision ${revision}${where} could not get its table locks within lock_timeout ${lockTimeoutMs} ms, ${attempts} attempts; nothing of it was applied.${stmt}${list}`,
      {
        hint:
          holders.length > 0
            ? `Wait for the session${holders.length > 1 ? 's' : ''} above to finish (or end ${holders.length > 1 ? 'them' : 'it'}: SELECT pg_terminate_backend(${holders[0]!.pid})), then run again; or raise run.lockTimeoutMs / run.lockRetries.`
            : 'Long transactions or queries hold the tables it alters (none was holding a lock any more when retort looked, see pg_stat_activity); run again when traffic is lower, or raise run.lockTimeoutMs / run.lockRetries.',
        details: {
          revision,
          attempts,
          lockTimeoutMs,
          ...(blocked.statement ? { statement: blocked.statement, line: blocked.line } : {}),
          holders,
        },
      },
    );
  }
}

/** A previous run stopped inside a migration with non-transactional steps. Exit 8. */
export class HalfAppliedError extends RetortError {
  constructor(message: string, hint: string, details: Record<string, unknown>) {
    super('HALF_APPLIED', ExitCode.Safety, message, { hint, details });
  }
}

/** An applied migration's file was edited after it ran. Exit 8. */
export class ChecksumMismatchError extends RetortError {
  constructor(
    edits: readonly { revision: string; file: string; stored: string; current: string }[],
  ) {
    const list = edits.map((e) => `${e.file} (revision ${e.revision})`).join(', ');
    super(
      'CHECKSUM_MISMATCH',
      ExitCode.Safety,
      `Applied migration${edits.length > 1 ? 's were' : ' was'} edited after running: ${list}. The database may not match what the file now says.`,
      {
        hint: `Restore the file as it was applied, or if the edit is intended (e.g. a comment), accept it with ${edits.map((e) => `--accept-checksum ${e.revision}`).join(' ')} on upgrade or downgrade.`,
        details: { edits },
      },
    );
  }
}

/** `op.query` or similar needs something only a live run has. Exit 4. */
export class RunnerUsageError extends RetortError {
  constructor(code: string, message: string, hint: string, exitCode: ExitCode = ExitCode.Revision) {
    super(code, exitCode, message, { hint });
  }
}

/**
 * The run was cancelled (an AbortSignal) between units: every finished unit stays committed and
 * recorded; nothing of the unit that had not started was sent. Exit 5.
 */
export class MigrationAbortedError extends RetortError {
  constructor(where: {
    revision: string;
    direction: 'up' | 'down';
    statementsDone: number;
    statementsTotal: number;
    completed: readonly string[];
    /** Set when a running statement was cancelled on the server (an interrupt mid-unit). */
    cancelled?: {
      statement: string | undefined;
      file: string | undefined;
      line: number | undefined;
      rolledBack: boolean;
    };
  }) {
    const verb = where.direction === 'up' ? 'upgrade' : 'downgrade';
    const c = where.cancelled;
    const inside =
      where.statementsDone > 0
        ? ` Revision ${where.revision} stopped after ${where.statementsDone} of ${where.statementsTotal} statements (its finished units are committed): run \`retort ${verb} <target> --resume\` to continue it.`
        : c
          ? ` Nothing of revision ${where.revision} was committed.`
          : ` The next revision, ${where.revision}, was not started.`;
    const cancelled = c
      ? ` The running statement${c.file ? ` (${c.file}${c.line === undefined ? '' : `:${c.line}`})` : ''} was cancelled on the server${c.rolledBack ? ' and its transaction rolled back' : ' (it ran outside a transaction: check what it left, e.g. an INVALID index)'}.${c.statement ? `\n  statement: ${c.statement.length > 200 ? `${c.statement.slice(0, 200)}…` : c.statement}` : ''}`
      : '';
    super(
      'MIGRATION_ABORTED',
      ExitCode.Migration,
      `The ${verb} was ${c ? 'interrupted' : 'cancelled between units'}; the database is at the last finished unit.${where.completed.length > 0 ? ` Completed: ${where.completed.join(', ')}.` : ''}${inside}${cancelled}`,
      {
        hint: `Run \`retort current\` to see where it stands; run the ${verb} again to continue.`,
        details: { ...where },
      },
    );
  }
}
