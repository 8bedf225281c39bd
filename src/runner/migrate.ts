import { randomBytes } from 'node:crypto';
import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { redactUrl } from '../core/redact.js';
import { quoteIdent } from '../core/sql/quote.js';
import {
  parseRange,
  planDowngrade,
  planUpgrade,
  type PlanStep,
} from '../core/revisions/plan-steps.js';
import type { RevisionGraph } from '../core/revisions/revision-graph.js';
import {
  insertHistorySql,
  createVersionTablesSql,
  runApplicationName,
  type VersionTableNames,
} from '../core/runner/version-table-sql.js';
import type { DatabaseClient } from '../database/client.js';
import { connectWithConfig } from '../database/connect.js';
import { takeMigrationLock, type TakenLock } from '../database/migration-lock.js';
import {
  ensureVersionTables,
  readAppliedChecksums,
  readHeads,
  readRunningSteps,
} from '../database/version-table.js';
import {
  checkHalfDone,
  settleOrphans,
  type OrphanBackend,
  type SettledStatement,
  type UnitDecision,
} from './half-done.js';
import type { RevisionFile } from '../project/revision-files.js';
import { VERSION } from '../version.js';
import type { MigrationSource } from '../project/migration-source.js';
import { openPreparedCache } from '../project/prepared-cache.js';
import { createMigrationLoader, type MigrationLoader } from './prepared-migration.js';
import { lintPending, liveLinter, type LintGateMode } from './lint-gate.js';
import { offlineTarget } from './offline-target.js';
import { onlineTarget } from './online-target.js';
import { loadProject, versionTableNames, type LoadedProject } from '../project/load-project.js';
import type { ExecutionTarget } from './execution-target.js';
import { ChecksumMismatchError } from './runner-errors.js';

export { checkHalfDone } from './half-done.js';
import { runPlan, type RunEvent, type StepResult } from './run-plan.js';

export interface MigrateOptions {
  readonly config: ResolvedConfig;
  readonly direction: 'up' | 'down';
  /** Alembic target syntax; with `sql`, a `start:end` range is allowed. */
  readonly target: string;
  /** Print the offline script instead of connecting. */
  readonly sql?: boolean | undefined;
  /** Continue a migration left half done by a crash. */
  readonly resume?: boolean | undefined;
  /**
   * The operator's word on a non-transactional statement that was in flight when an earlier run
   * died and whose outcome the catalog cannot tell (`--rerun-unit` / `--skip-unit`); implies
   * `resume`.
   */
  readonly unit?: UnitDecision | undefined;
  /**
   * End (pg_terminate_backend) the server backend of an earlier run that is still executing a
   * half-done step, instead of waiting for it (`--terminate-orphans`).
   */
  readonly terminateOrphans?: boolean | undefined;
  /** Revisions whose edited files are accepted as they now are. */
  readonly acceptChecksums?: readonly string[] | undefined;
  readonly onEvent?: ((event: RunEvent) => void) | undefined;
  /** Lint gate for upgrades (`--lint`); default config `lint.gate`. */
  readonly lint?: LintGateMode | undefined;
  /** Where the revisions come from; default the files of `config.migrationsDir`. */
  readonly source?: MigrationSource | undefined;
  /** Cancels the run between units (the database stays at the last finished unit). */
  readonly signal?: AbortSignal | undefined;
  /** An open connection to use instead of connecting to `config.databaseUrl`; left open. */
  readonly client?: DatabaseClient | undefined;
  /** Lint results by plan, shared by the targets of a fleet (the same pending revisions lint once). */
  readonly lintMemo?: Map<string, Promise<MigrateResult['lint']>> | undefined;
}

export interface MigrateResult {
  readonly direction: 'up' | 'down';
  readonly target: string;
  /** The database, password redacted; absent offline. */
  readonly database?: string;
  readonly headsBefore: readonly string[];
  readonly headsAfter: readonly string[];
  readonly steps: readonly StepResult[];
  readonly resumed?: string;
  /** How the in-flight statement of the resumed step was settled. */
  readonly settled?: SettledStatement;
  /** Backends of an earlier run this run waited for or terminated. */
  readonly orphans?: readonly (OrphanBackend & { readonly action: 'wait' | 'terminate' })[];
  readonly acceptedChecksums?: readonly string[];
  readonly durationMs: number;
  /** The offline script (`--sql`). */
  readonly sql?: string;
  /** Error-level lint findings on the pending revisions that did not stop the run (gate `warn`). */
  readonly lint?: {
    readonly mode: LintGateMode;
    readonly errors: number;
    readonly warnings: number;
  };
  /** The migration lock held (absent offline); `tookOver` names a stale lease taken over. */
  readonly lock?: Pick<TakenLock, 'strategy' | 'reason' | 'tookOver'>;
}

/** One online target: a connection, its version tables, and how to open a second connection. */
export interface OnlineTargetContext {
  readonly db: DatabaseClient;
  readonly names: VersionTableNames;
  /** A second connection to the same database (pooler probe, lease heartbeats). */
  readonly openSide: () => Promise<DatabaseClient>;
  /** The server was already probed: a transaction pooler in front, a distributed engine. */
  readonly known?: { readonly pooled?: boolean; readonly distributed?: boolean };
  /** Schema-per-tenant: every migration transaction sets `search_path` to this schema. */
  readonly searchPath?: string;
  /** The database, password redacted, for the result. */
  readonly database: string;
}

const settings = (config: ResolvedConfig) => ({
  transaction: config.run.transaction,
  lockTimeoutMs: config.run.lockTimeoutMs,
  statementTimeoutMs: config.run.statementTimeoutMs,
  lockRetries: config.run.lockRetries,
  toolVersion: VERSION,
});

const plan = (
  direction: 'up' | 'down',
  graph: RevisionGraph,
  heads: readonly string[],
  target: string,
): PlanStep[] =>
  direction === 'up' ? planUpgrade(graph, heads, target) : planDowngrade(graph, heads, target);

/**
 * `upgrade` and `downgrade`: online under the migration lock, or offline as a script.
 *
 * @example
 * const result = await migrate({ config, direction: 'up', target: 'head' });
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const started = performance.now();
  const { config } = options;
  const project = await loadProject(config, options.source);
  // The prepared cache (units and lint verdicts by checksum) belongs to a project's files.
  const cache = options.source ? undefined : openPreparedCache(config.rootDir);
  const loader = createMigrationLoader(project.source, cache);
  try {
    return await migrateWith(options, project, loader, started);
  } finally {
    cache?.save();
  }
}

async function migrateWith(
  options: MigrateOptions,
  project: LoadedProject,
  loader: MigrationLoader,
  started: number,
): Promise<MigrateResult> {
  const { config } = options;
  const names = versionTableNames(config);
  if (options.sql) return migrateOffline(options, project, loader, names, started);

  const db = options.client ?? (await connectWithConfig(config));
  const stopCancelling = await cancelOnAbort(db, config, options.signal);
  try {
    return await migrateOnline(
      options,
      project,
      {
        db,
        names,
        openSide: () => connectWithConfig(config),
        database: options.client
          ? `${options.client.kind} (client given)`
          : redactUrl(config.databaseUrl),
      },
      started,
      loader,
    );
  } finally {
    stopCancelling();
    if (!options.client) await db.close();
  }
}

/**
 * Migrates one online target under its migration lock: the unit a fleet runs per target.
 * The caller owns (and closes) `target.db`.
 */
export async function migrateOnline(
  options: MigrateOptions,
  project: LoadedProject,
  target: OnlineTargetContext,
  started = performance.now(),
  loader: MigrationLoader = createMigrationLoader(project.source),
): Promise<MigrateResult> {
  const { config } = options;
  const { db, names } = target;
  // The run's id names its backend (application_name) in pg_stat_activity and in the progress
  // rows, so a later run can find it still executing after this process died.
  const runId = randomBytes(6).toString('hex');
  const previousName = await setApplicationName(db, runApplicationName(runId));
  const orphans: (OrphanBackend & { action: 'wait' | 'terminate' })[] = [];
  const settle = (): Promise<unknown> =>
    settleOrphans(db, names, {
      terminate: options.terminateOrphans === true,
      waitMs: config.run.lockWaitMs,
      command: `retort ${options.direction === 'up' ? 'upgrade' : 'downgrade'} ${options.target}`,
      onWait: (orphan, action) => {
        orphans.push({ ...orphan, action });
        options.onEvent?.({ type: 'orphan', orphan, action });
      },
    });
  // Before the lock too: an orphaned backend still holds the session advisory lock it took.
  await settle();
  const lock = await takeMigrationLock(db, names, config.run, target.openSide, target.known);
  try {
    await ensureVersionTables(db, names);
    await settle();
    const headsBefore = await readHeads(db, names);
    const running = await readRunningSteps(db, names);
    const resume = await checkHalfDone(
      db,
      running,
      project.files,
      options.resume === true || options.unit !== undefined,
      loader,
      { names, unit: options.unit, target: options.target },
    );
    const accepted = await checkChecksums(
      db,
      names,
      project.files,
      options.acceptChecksums ?? [],
      loader,
    );
    const steps = plan(options.direction, project.graph, headsBefore, options.target);
    const lint = await gate(options, steps, project, loader);
    const results = await runPlan({
      steps,
      target: withSearchPath(onlineTarget(db), target.searchPath),
      names,
      files: project.files,
      loader,
      ...settings(config),
      resume,
      runId,
      onEvent: options.onEvent,
      signal: options.signal,
      lintLive: gateMode(options) === 'off' ? undefined : liveLinter(config, gateMode(options)),
    });
    return {
      direction: options.direction,
      target: options.target,
      database: target.database,
      headsBefore,
      headsAfter: await readHeads(db, names),
      steps: results,
      ...(resume ? { resumed: resume.revision } : {}),
      ...(resume?.settled ? { settled: resume.settled } : {}),
      ...(orphans.length > 0 ? { orphans } : {}),
      ...(accepted.length > 0 ? { acceptedChecksums: accepted } : {}),
      ...(lint ? { lint } : {}),
      lock: {
        strategy: lock.strategy,
        ...(lock.reason ? { reason: lock.reason } : {}),
        ...(lock.tookOver ? { tookOver: lock.tookOver } : {}),
      },
      durationMs: performance.now() - started,
    };
  } finally {
    await lock.release();
    await setApplicationName(db, previousName).catch(() => undefined);
  }
}

/** Sets the session's application_name; returns the one it had. */
async function setApplicationName(db: DatabaseClient, name: string): Promise<string> {
  const r = await db.query<{ previous: string }>(
    "SELECT current_setting('application_name') AS previous, set_config('application_name', $1, false)",
    [name],
  );
  return r.rows[0]?.previous ?? '';
}

/**
 * Schema-per-tenant: `SET LOCAL search_path` opens every migration transaction, so it holds even
 * behind a transaction-mode pooler (the caller also sets it on the session for statements that
 * run outside a transaction).
 */
function withSearchPath(target: ExecutionTarget, schema: string | undefined): ExecutionTarget {
  if (schema === undefined) return target;
  const set = `SET LOCAL search_path TO ${quoteIdent(schema)}`;
  const tx = target.transaction;
  return {
    ...target,
    get inTransaction() {
      return target.inTransaction;
    },
    begin: (s) => target.begin([set, ...s]),
    commit: (last) => target.commit(last),
    rollback: () => target.rollback(),
    ...(tx
      ? {
          transaction: {
            run: (s, statements, bookkeeping) => tx.run([set, ...s], statements, bookkeeping),
          },
        }
      : {}),
  };
}

/**
 * When `signal` aborts, cancels the statement running on `db` on the server (pg_cancel_backend
 * from a second connection): its transaction then fails and the runner rolls it back and stops.
 * PGlite runs in this process, so there is nothing to cancel remotely. Returns the unsubscribe.
 */
async function cancelOnAbort(
  db: DatabaseClient,
  config: ResolvedConfig,
  signal: AbortSignal | undefined,
): Promise<() => void> {
  if (signal === undefined || db.kind !== 'postgres') return () => undefined;
  const pid = Number(
    (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid,
  );
  const cancel = (): void => {
    void (async () => {
      const other = await connectWithConfig(config);
      try {
        await other.query('SELECT pg_cancel_backend($1)', [pid]);
      } finally {
        await other.close();
      }
    })().catch(() => undefined);
  };
  if (signal.aborted) cancel();
  signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}

async function migrateOffline(
  options: MigrateOptions,
  project: LoadedProject,
  loader: MigrationLoader,
  names: VersionTableNames,
  started: number,
): Promise<MigrateResult> {
  const { graph, files } = project;
  const { start, end } = parseRange(options.target);
  if (options.direction === 'down' && start === undefined) {
    throw new RetortError(
      'OFFLINE_RANGE_REQUIRED',
      ExitCode.Usage,
      `downgrade --sql needs a range start:end, e.g. \`retort downgrade ${end === '-1' ? 'head' : 'head'}:${end} --sql\`.`,
      {
        hint: 'Offline, retort cannot read the current revision from the database: say where to start.',
      },
    );
  }
  const headsBefore =
    start === undefined || start === 'base'
      ? []
      : start
          .split(',')
          .flatMap((ref) => (ref === 'heads' ? [...graph.heads] : [graph.resolve(ref).id]));
  const steps = plan(options.direction, graph, headsBefore, end);
  await gate(options, steps, project, loader);
  const target = offlineTarget();
  target.comment(
    `retort ${VERSION} offline ${options.direction === 'up' ? 'upgrade' : 'downgrade'} ${options.target}`,
  );
  target.comment('Apply with: psql -v ON_ERROR_STOP=1 -f <this file>');
  await target.bookkeeping(createVersionTablesSql(names));
  const results = await runPlan({
    steps,
    target,
    names,
    files,
    loader,
    ...settings(options.config),
    signal: options.signal,
  });
  return {
    direction: options.direction,
    target: options.target,
    headsBefore,
    headsAfter: steps.at(-1)?.headsAfter ?? headsBefore,
    steps: results,
    durationMs: performance.now() - started,
    sql: target.text(),
  };
}

/**
 * The lint gate: on an upgrade, lints the pending revisions before anything runs; error-level
 * findings throw LintGateError (exit 8) unless the mode is `warn` or `off`.
 */
const gateMode = (options: MigrateOptions): LintGateMode =>
  options.lint ?? options.config.lint.gate;

async function gate(
  options: MigrateOptions,
  steps: readonly PlanStep[],
  project: LoadedProject,
  loader: MigrationLoader,
): Promise<MigrateResult['lint']> {
  if (options.direction !== 'up') return undefined;
  const memo = options.lintMemo;
  if (memo) {
    const key = `${(steps[0]?.headsBefore ?? []).join(',')}>${steps.map((s) => s.revision.id).join(',')}`;
    let found = memo.get(key);
    if (!found) {
      found = gate({ ...options, lintMemo: undefined }, steps, project, loader);
      memo.set(key, found);
    }
    return found;
  }
  const filesOf = (ids: readonly string[]): RevisionFile[] =>
    ids.flatMap((id) => {
      const file = project.files.get(id);
      return file ? [file] : [];
    });
  const headsBefore = steps[0]?.headsBefore ?? [];
  const result = await lintPending({
    config: options.config,
    files: filesOf(steps.map((s) => s.revision.id)),
    applied: headsBefore.length === 0 ? [] : filesOf(project.graph.ancestors(headsBefore)),
    mode: options.lint,
    loader,
  });
  // Only error-level findings that did not stop the run (gate `warn`) are worth a line in the
  // summary; warnings are for `retort lint`.
  if (result.mode === 'off' || result.errors.length === 0) return undefined;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  return { mode: result.mode, errors: result.errors.length, warnings };
}

/** Stops the run when an applied file was edited, unless the user accepts the new checksum. */
async function checkChecksums(
  db: DatabaseClient,
  names: VersionTableNames,
  files: ReadonlyMap<string, RevisionFile>,
  accept: readonly string[],
  loader: MigrationLoader,
): Promise<string[]> {
  const stored = await readAppliedChecksums(db, names);
  const edits: { revision: string; file: string; stored: string; current: string }[] = [];
  const accepted: string[] = [];
  for (const [revision, checksum] of stored) {
    const file = files.get(revision);
    if (!file) continue;
    const current = await loader.checksum(file);
    if (current === checksum) continue;
    if (accept.some((ref) => revision.startsWith(ref))) {
      await db.exec(
        insertHistorySql(names, {
          revision,
          direction: 'accept',
          checksum: current,
          toolVersion: VERSION,
          statementsDone: 0,
          statementsTotal: 0,
          status: 'done',
        }),
      );
      accepted.push(revision);
    } else edits.push({ revision, file: file.file, stored: checksum, current });
  }
  if (edits.length > 0) throw new ChecksumMismatchError(edits);
  return accepted;
}
