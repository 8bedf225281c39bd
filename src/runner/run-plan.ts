import { isRetortError } from '../core/errors.js';
import { MigrationCodeError } from '../project/revision-file-errors.js';
import type { PlanStep } from '../core/revisions/plan-steps.js';
import type { Unit } from '../core/runner/units.js';
import {
  insertHistorySql,
  markInFlightSql,
  resolveInFlightSql,
  updateHeadsSql,
  updateProgressSql,
  type VersionTableNames,
} from '../core/runner/version-table-sql.js';
import type { Statement } from '../core/sql/statement.js';
import { quoteLiteral } from '../core/sql/quote.js';
import { createOpRecorder } from '../core/ops/op-recorder.js';
import { parseRendered, parseSql } from '../parser/sql-statements.js';
import type { RevisionFile } from '../project/revision-files.js';
import { UnitBatchError, type ExecutionTarget } from './execution-target.js';
import {
  createMigrationLoader,
  type MigrationLoader,
  type PreparedMigration,
} from './prepared-migration.js';
import {
  HalfAppliedError,
  LockRetriesExhaustedError,
  MigrationAbortedError,
  MigrationFailedError,
  RunnerUsageError,
} from './runner-errors.js';
import type { RunningStep } from '../database/version-table.js';
import type { OrphanBackend } from './half-done.js';

/** What the engine reports while it runs (the CLI prints these as progress lines). */
export type RunEvent =
  | { type: 'step-start'; index: number; total: number; step: PlanStep }
  | {
      type: 'step-done';
      index: number;
      total: number;
      step: PlanStep;
      durationMs: number;
      statements: number;
    }
  | { type: 'retry'; step: PlanStep; attempt: number; waitMs: number }
  | {
      /** Waiting for (or terminating) the backend of an earlier run still executing. */
      type: 'orphan';
      orphan: OrphanBackend;
      action: 'wait' | 'terminate';
    }
  | {
      type: 'unit-done';
      step: PlanStep;
      /** 0-based unit index within the migration, and how many it has. */
      unit: number;
      units: number;
      /** Statements of the migration done so far. */
      statementsDone: number;
    };

export interface StepResult {
  readonly revision: string;
  readonly direction: 'up' | 'down';
  readonly message: string;
  readonly file: string | undefined;
  readonly statements: number;
  readonly units: number;
  readonly durationMs: number;
}

export interface RunPlanOptions {
  readonly steps: readonly PlanStep[];
  readonly target: ExecutionTarget;
  readonly names: VersionTableNames;
  /** Revision id → its file. */
  readonly files: ReadonlyMap<string, RevisionFile>;
  /**
   * The run's loader: the migrations it prepared (linted, quoted in messages) are the ones run.
   * Default: a fresh loader reading each file by its path.
   */
  readonly loader?: MigrationLoader | undefined;
  /**
   * Lints one statement a data migration produced, before it is sent; throws (a LintGateError)
   * on an error-level finding, which rolls the migration's transaction back.
   */
  readonly lintLive?: ((migration: PreparedMigration, statement: Statement) => void) | undefined;
  /**
   * Stops the run between units: the database is left at the last finished unit and the run
   * throws MigrationAbortedError saying where it stopped.
   */
  readonly signal?: AbortSignal | undefined;
  readonly transaction: 'per-migration' | 'single';
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly lockRetries: number;
  readonly toolVersion: string;
  /**
   * This run's id, recorded with the backend pid in the progress row before each
   * non-transactional statement (the connection's `application_name` is `retort <runId>`).
   */
  readonly runId?: string | undefined;
  /** The half-done step to continue (`--resume`); it must be the plan's first step. */
  readonly resume?: RunningStep | undefined;
  readonly onEvent?: ((event: RunEvent) => void) | undefined;
  /** Injected for tests; default real time. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

interface DriverError {
  code?: string;
  message?: string;
  detail?: string;
  position?: string | number;
}

// statement_timeout 0 (none) is already the session's setting (SET at the start of the run).
const settingsFor = (o: RunPlanOptions): string[] => [
  `SET LOCAL lock_timeout = ${quoteLiteral(`${o.lockTimeoutMs}ms`)}`,
  ...(o.statementTimeoutMs > 0
    ? [`SET LOCAL statement_timeout = ${quoteLiteral(`${o.statementTimeoutMs}ms`)}`]
    : []),
];

/** Line in the file of a position inside a statement. */
function lineOf(
  statement: Statement | undefined,
  position: number | undefined,
): number | undefined {
  const start = statement?.source?.line;
  if (start === undefined || statement === undefined) return start;
  if (position === undefined) return start;
  return start + (statement.sql.slice(0, position - 1).match(/\n/g)?.length ?? 0);
}

/**
 * Whether a failed statement's error came from the server with the connection still usable
 * (a SQLSTATE outside connection failure and administrator shutdown): the statement did not
 * take effect.
 */
function answeredByServer(error: unknown): boolean {
  const code = (error as DriverError | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57P)/.test(code);
}

class LockTimeoutSignal extends Error {
  constructor(readonly statement: Statement | undefined) {
    super('lock_timeout');
  }
}

/**
 * A whole transaction in one round trip. On failure the target has rolled it back and names the
 * failing statement from the server's answer (nothing is run twice to find it).
 */
async function runWhole(
  transaction: NonNullable<ExecutionTarget['transaction']>,
  settings: readonly string[],
  statements: readonly Statement[],
  bookkeeping: readonly string[],
  fail: (error: unknown, statement: Statement | undefined) => Promise<never>,
  canRetry: boolean,
): Promise<void> {
  try {
    await transaction.run(settings, statements, bookkeeping);
    return;
  } catch (error) {
    if (!(error instanceof UnitBatchError)) return fail(error, undefined);
    const driver = error.driverError as DriverError;
    if (driver.code === '55P03' && canRetry) throw new LockTimeoutSignal(error.statement);
    return fail({ ...driver, message: driver.message, position: error.position }, error.statement);
  }
}

/**
 * Runs a plan step by step on a target (a connection or an offline script): one transaction
 * per migration by default, non-transactional statements alone, the version table and history
 * updated in the migration's own transaction, per-unit progress for migrations that span
 * several units, lock_timeout retries with backoff.
 *
 * @example
 * const results = await runPlan({ steps, target: onlineTarget(db), names, files, ...settings });
 */
export async function runPlan(options: RunPlanOptions): Promise<StepResult[]> {
  const { target, names } = options;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const single = options.transaction === 'single';
  const results: StepResult[] = [];
  const settings = settingsFor(options);
  const loader = options.loader ?? createMigrationLoader();
  const checkAbort = (step: PlanStep, statementsDone: number, total: number): void => {
    if (options.signal?.aborted !== true) return;
    throw new MigrationAbortedError({
      revision: step.revision.id,
      direction: step.direction,
      statementsDone,
      statementsTotal: total,
      completed: results.map((r) => r.revision),
    });
  };
  // Session-level too: non-transactional statements (CONCURRENTLY) run outside any SET LOCAL.
  await target.bookkeeping([
    `SET lock_timeout = ${quoteLiteral(`${options.lockTimeoutMs}ms`)}`,
    `SET statement_timeout = ${quoteLiteral(`${options.statementTimeoutMs}ms`)}`,
  ]);

  for (const [index, step] of options.steps.entries()) {
    const started = now();
    const id = step.revision.id;
    const file = options.files.get(id);
    if (!file) {
      throw new RunnerUsageError(
        'REVISION_FILE_MISSING',
        `Revision ${id} has no file in the migrations directory.`,
        'Restore the revision file (from version control) before running it.',
      );
    }
    checkAbort(step, 0, 0);
    options.onEvent?.({ type: 'step-start', index, total: options.steps.length, step });
    target.comment(
      `Running ${step.direction === 'up' ? 'upgrade' : 'downgrade'} ${step.headsBefore.join(', ') || '<base>'} -> ${step.headsAfter.join(', ') || '<base>'} (${id}: ${step.revision.message})`,
    );
    const resume =
      index === 0 && options.resume?.revision === id && options.resume.direction === step.direction
        ? options.resume
        : undefined;
    if (index === 0 && options.resume && !resume) {
      throw new HalfAppliedError(
        `Cannot resume: revision ${options.resume.revision} (${options.resume.direction}) is half done, but this run would start with ${id} (${step.direction}).`,
        `Run \`retort ${options.resume.direction === 'up' ? 'upgrade' : 'downgrade'} ${options.resume.revision} --resume\` first.`,
        { halfDone: options.resume },
      );
    }

    // Set once a unit of this migration has been committed (or when resuming one).
    const progress = { halfDone: false, done: 0, total: 0 };
    const fail = async (error: unknown, statement: Statement | undefined): Promise<never> => {
      const wasInTx = target.inTransaction;
      await target.rollback();
      if (error instanceof Error && 'exitCode' in error) throw error;
      const e = error as DriverError;
      // Interrupted (SIGINT/SIGTERM or the caller's AbortSignal): the statement was cancelled on
      // the server and its transaction rolled back; say so, not "the migration failed".
      if (options.signal?.aborted === true && (e.code === '57014' || e.code === undefined)) {
        throw new MigrationAbortedError({
          revision: id,
          direction: step.direction,
          statementsDone: progress.halfDone ? progress.done : 0,
          statementsTotal: progress.total,
          completed: results.map((r) => r.revision),
          cancelled: {
            statement: statement?.sql,
            file: file.file,
            line: statement?.source?.line,
            rolledBack: wasInTx || statement?.transactional !== false,
          },
        });
      }
      const position = e.position === undefined ? undefined : Number(e.position);
      throw new MigrationFailedError(
        {
          revision: id,
          direction: step.direction,
          file: file.file,
          line: lineOf(statement, position),
          statement: statement?.sql,
          message: (e.message ?? String(error)).split('\n')[0] ?? '',
          detail: e.detail,
          sqlState: e.code,
          position,
          halfDone: progress.halfDone,
        },
        wasInTx || statement?.transactional !== false,
      );
    };

    let loaded: PreparedMigration;
    let units: Unit[];
    let dataMode = false;
    // Statements a data migration sent before its last op.query (done, in the open transaction).
    let dataSent = 0;
    try {
      loaded = await loader.prepare(file, step.direction);
      if (loaded.data) {
        dataMode = true;
        const ran = await runDataMigration(loaded, target, settings, options.lintLive, fail);
        dataSent = ran.sent;
        units = [{ transactional: true, statements: ran.rest, commitBefore: false }];
      } else {
        units = [...loaded.units];
        if (units.length === 0)
          units = [{ transactional: true, statements: [], commitBefore: false }];
      }
    } catch (error) {
      if (target.inTransaction) await target.rollback();
      throw error;
    }
    const history = (done: number, total: number, status: 'running' | 'done'): string =>
      insertHistorySql(names, {
        revision: id,
        direction: step.direction,
        checksum: loaded.checksum,
        toolVersion: options.toolVersion,
        statementsDone: done,
        statementsTotal: total,
        status,
        runId: options.runId,
      });
    const heads = updateHeadsSql(names, step.headsBefore, step.headsAfter);
    const total = dataSent + units.reduce((n, u) => n + u.statements.length, 0);

    const multi = units.length > 1 || units.some((u) => !u.transactional);
    let done = resume ? resume.statementsDone : 0;
    progress.done = done;
    progress.total = total;
    // A multi-unit migration leaves a 'running' history row so a crash shows how far it got. It
    // is written with the first unit's own COMMIT when that unit is transactional: a failure
    // there rolls it back too, and the database is exactly as before (nothing to resume).
    const recordWithFirstUnit = multi && !resume && units[0]?.transactional === true;
    if (multi && !resume && !recordWithFirstUnit) {
      if (target.inTransaction && !single) await target.commit();
      await target.bookkeeping([history(0, total, 'running')]);
    }

    const unitDone = (unit: number): void =>
      options.onEvent?.({
        type: 'unit-done',
        step,
        unit,
        units: units.length,
        statementsDone: done,
      });
    let position = dataSent;
    let closed = false;
    for (const [u, unit] of units.entries()) {
      progress.halfDone = multi && done > 0;
      const unitStart = position;
      position += unit.statements.length;
      if (position <= done && unit.statements.length > 0) continue;
      if (u > 0 || done > 0) checkAbort(step, done, total);
      const last = u === units.length - 1;
      closed ||= last;
      const closing = (count: number): string[] =>
        last
          ? [
              ...heads,
              multi ? updateProgressSql(names, id, count, true) : history(count, total, 'done'),
            ]
          : [
              u === 0 && recordWithFirstUnit
                ? history(count, total, 'running')
                : updateProgressSql(names, id, count, false),
            ];

      if (!unit.transactional) {
        if (target.inTransaction) await target.commit();
        const statement = unit.statements[0]!;
        // Recorded (and committed) before it is sent: a crash now leaves an unknown outcome
        // that the next run settles from the orphaned backend and the catalog.
        await target.bookkeeping([
          markInFlightSql(names, id, { statement: unitStart, unit: u, runId: options.runId }),
        ]);
        await target.statement(statement).catch(async (error: unknown) => {
          // The server answered with an error: the statement did not take effect, so its
          // outcome is known (not done) and the marker goes. A lost connection keeps it.
          if (answeredByServer(error))
            await target
              .bookkeeping([resolveInFlightSql(names, id, 'rerun')])
              .catch(() => undefined);
          return fail(error, statement);
        });
        done = position;
        progress.done = done;
        await target.bookkeeping([updateProgressSql(names, id, done, false)]);
        unitDone(u);
        if (last) {
          await target.begin(settings);
          await (single ? target.bookkeeping(closing(done)) : target.commit(closing(done))).catch(
            (error: unknown) => fail(error, undefined),
          );
        }
        continue;
      }

      // One transactional unit, retried from its BEGIN when a lock_timeout (55P03) hits.
      const canRetry = target.online && !single && !dataMode;
      for (let attempt = 1; ; attempt++) {
        try {
          if (unit.commitBefore && target.inTransaction) await target.commit();
          const bookkeeping = closing(unitStart + unit.statements.length);
          if (target.transaction && !single && !target.inTransaction) {
            await runWhole(
              target.transaction,
              settings,
              unit.statements,
              bookkeeping,
              fail,
              canRetry,
            );
            break;
          }
          if (!target.inTransaction) await target.begin(settings);
          for (const statement of unit.statements) {
            await target.statement(statement).catch((error: unknown) => {
              if ((error as DriverError).code === '55P03' && canRetry)
                throw new LockTimeoutSignal(statement);
              return fail(error, statement);
            });
          }
          // Bookkeeping and COMMIT in one round trip.
          await (single ? target.bookkeeping(bookkeeping) : target.commit(bookkeeping)).catch(
            (error: unknown) => fail(error, undefined),
          );
          break;
        } catch (error) {
          if (!(error instanceof LockTimeoutSignal)) throw error;
          await target.rollback();
          if (attempt > options.lockRetries) {
            const blocked = error.statement;
            const holders =
              blocked && target.lockHolders
                ? await target.lockHolders(blocked).catch(() => [])
                : [];
            throw new LockRetriesExhaustedError(id, file.file, attempt, options.lockTimeoutMs, {
              statement: blocked?.sql,
              line: blocked?.source?.line,
              holders,
            });
          }
          const waitMs = Math.min(250 * 2 ** (attempt - 1), 10_000);
          options.onEvent?.({ type: 'retry', step, attempt, waitMs });
          await sleep(waitMs);
        }
      }
      done = position;
      progress.done = done;
      if (multi) unitDone(u);
    }
    if (!closed) {
      // Resumed after a crash that followed the last statement: only the bookkeeping is left.
      await target.begin(settings);
      await target
        .commit([...heads, updateProgressSql(names, id, done, true)])
        .catch((error: unknown) => fail(error, undefined));
    }
    const durationMs = now() - started;
    results.push({
      revision: id,
      direction: step.direction,
      message: step.revision.message,
      file: file.file,
      statements: total,
      units: units.length,
      durationMs,
    });
    options.onEvent?.({
      type: 'step-done',
      index,
      total: options.steps.length,
      step,
      durationMs,
      statements: total,
    });
  }
  if (single && target.inTransaction) await target.commit();
  return results;
}

/**
 * Runs a data migration's code once, live: inside the step's transaction, each statement it
 * produces is linted (`lintLive`) and sent before `op.query` runs; returns the one unit it made
 * (every statement already sent but the last batch, which the caller commits with the
 * bookkeeping). Offline there is no connection: `op.query` throws OfflineQueryError.
 */
async function runDataMigration(
  migration: PreparedMigration,
  target: ExecutionTarget,
  settings: readonly string[],
  lintLive: RunPlanOptions['lintLive'],
  fail: (error: unknown, statement: Statement | undefined) => Promise<never>,
): Promise<{ sent: number; rest: Statement[] }> {
  const { revision, definition } = migration;
  const sent: Statement[] = [];
  const check = (statements: readonly Statement[]): Statement[] => {
    const parsed = parseRendered(statements);
    for (const s of parsed) {
      if (!s.transactional || s.commitBefore) {
        throw new RunnerUsageError(
          'DATA_MIGRATION_NON_TRANSACTIONAL',
          `${revision.file}: a migration that uses op.query cannot also run non-transactional statements or op.commit() (${s.sql.slice(0, 60)}).`,
          'Move the non-transactional statement (or the part after op.commit()) to a revision of its own.',
        );
      }
      lintLive?.(migration, s);
    }
    return parsed;
  };
  const recorder = createOpRecorder({
    file: revision.file,
    revision: revision.id,
    splitSql: (sql) => parseSql(sql, { file: revision.file, strict: true }).statements,
    ...(target.query
      ? {
          query: async (
            pending: readonly Statement[],
            sql: string,
            params?: readonly unknown[],
          ) => {
            const statements = check([
              ...pending,
              { sql, transactional: true, source: { file: revision.file, op: 'query' } },
            ]);
            const query = statements.pop()!;
            if (!target.inTransaction) await target.begin(settings);
            for (const s of statements) {
              await target.statement(s).catch((error: unknown) => fail(error, s));
              sent.push(s);
            }
            return target.query!(sql, params).catch((error: unknown) => fail(error, query));
          },
        }
      : {}),
  });
  const fn = migration.direction === 'up' ? definition!.upgrade : definition!.downgrade;
  try {
    await fn(recorder.op);
  } catch (error) {
    if (isRetortError(error)) throw error;
    const { revision } = migration;
    throw new MigrationCodeError(
      migration.direction,
      revision.id,
      revision.file,
      revision.absolutePath,
      error,
    );
  }
  const rest = check(recorder.take());
  if (!target.inTransaction) await target.begin(settings);
  // The statements already sent count as done; the rest run with the closing bookkeeping.
  return { sent: sent.length, rest };
}
