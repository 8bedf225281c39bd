import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { redactUrl } from '../core/redact.js';
import { planDowngrade, planUpgrade } from '../core/revisions/plan-steps.js';
import {
  resolveInFlightSql,
  updateHeadsSql,
  updateProgressSql,
} from '../core/runner/version-table-sql.js';
import { acquireMigrationLock } from '../database/advisory-lock.js';
import type { DatabaseClient } from '../database/client.js';
import { connectWithConfig } from '../database/connect.js';
import {
  ensureVersionTables,
  readHeads,
  readRunningSteps,
  type RunningStep,
} from '../database/version-table.js';
import type { MigrationSource } from '../project/migration-source.js';
import { loadProject, versionTableNames, type LoadedProject } from '../project/load-project.js';
import {
  findOrphan,
  inFlightStatement,
  inFlightVerdict,
  settleOrphans,
  type InFlightVerdict,
  type OrphanBackend,
  type UnitDecision,
} from '../runner/half-done.js';
import { createMigrationLoader } from '../runner/prepared-migration.js';

export interface RepairOptions {
  readonly config: ResolvedConfig;
  /**
   * How to resolve the in-flight statement of the half-done step: `rerun` (the next
   * `upgrade --resume` runs it again; an INVALID index it left is dropped) or `skip` (count it
   * as applied).
   */
  readonly unit?: UnitDecision | undefined;
  /** Record the half-done step as finished (the version table moves past it); nothing runs. */
  readonly markDone?: boolean | undefined;
  /** End the backend of the run that left it, if still executing (pg_terminate_backend). */
  readonly terminateOrphans?: boolean | undefined;
  readonly source?: MigrationSource | undefined;
}

/** One half-done step, as `retort repair` lists it. */
export interface HalfDoneEntry {
  readonly revision: string;
  readonly direction: 'up' | 'down';
  readonly file: string | undefined;
  readonly startedAt: string;
  readonly statementsDone: number;
  readonly statementsTotal: number;
  readonly runId: string | undefined;
  readonly backendPid: number | undefined;
  /** The backend of that run, when it is still alive. */
  readonly backend: OrphanBackend | undefined;
  /** The statement sent and never confirmed (its outcome unknown), with the catalog's verdict. */
  readonly inFlight:
    | {
        readonly statement: number;
        readonly unit: number;
        readonly where: string;
        readonly sql: string;
        readonly verdict: InFlightVerdict;
      }
    | undefined;
}

export interface RepairResult {
  readonly database: string;
  readonly halfDone: readonly HalfDoneEntry[];
  /** What was done: `rerun`, `skip`, `mark-done`, and backends terminated. */
  readonly resolved?: {
    readonly revision: string;
    readonly action: 'rerun' | 'skip' | 'mark-done';
    readonly dropped?: string;
  };
  readonly terminated?: readonly number[];
}

async function describe(
  db: DatabaseClient,
  step: RunningStep,
  project: LoadedProject,
  loader: ReturnType<typeof createMigrationLoader>,
): Promise<HalfDoneEntry> {
  const file = project.files.get(step.revision);
  const inFlight = await inFlightStatement(step, file, loader).catch(() => undefined);
  return {
    revision: step.revision,
    direction: step.direction,
    file: file?.file,
    startedAt: step.startedAt,
    statementsDone: step.statementsDone,
    statementsTotal: step.statementsTotal,
    runId: step.runId,
    backendPid: step.backendPid,
    backend: await findOrphan(db, step),
    inFlight:
      inFlight && step.inFlight
        ? {
            statement: step.inFlight.statement,
            unit: step.inFlight.unit,
            where: inFlight.where,
            sql: inFlight.statement.sql,
            verdict: await inFlightVerdict(db, inFlight.statement),
          }
        : undefined,
  };
}

const usage = (message: string, hint: string): RetortError =>
  new RetortError('REPAIR_USAGE', ExitCode.Usage, message, { hint });

/**
 * Lists the migrations an earlier run left half done (revision, direction, the statement in
 * flight with the catalog's verdict, the run id and backend, whether that backend is still alive)
 * and, when told, resolves one explicitly: run its in-flight statement again, count it as
 * applied, or record the whole step as done. Flyway's `repair`, for retort's progress rows.
 *
 * @example
 * const { halfDone } = await repair({ config });
 * await repair({ config, unit: 'skip' });
 */
export async function repair(options: RepairOptions): Promise<RepairResult> {
  const { config } = options;
  if (options.unit && options.markDone)
    throw usage(
      '--mark-done cannot be combined with --rerun-unit or --skip-unit.',
      'Resolve the in-flight statement, or record the whole step as done: one at a time.',
    );
  const project = await loadProject(config, options.source);
  const loader = createMigrationLoader(project.source);
  const names = versionTableNames(config);
  const db = await connectWithConfig(config);
  try {
    const database = redactUrl(config.databaseUrl);
    const resolving = options.unit !== undefined || options.markDone === true;
    const terminated = options.terminateOrphans
      ? (
          await settleOrphans(db, names, {
            terminate: true,
            waitMs: config.run.lockWaitMs,
            command: 'retort repair',
          })
        ).map((o) => o.pid)
      : [];
    const list = async (): Promise<HalfDoneEntry[]> =>
      Promise.all((await readRunningSteps(db, names)).map((s) => describe(db, s, project, loader)));
    if (!resolving)
      return {
        database,
        halfDone: await list(),
        ...(terminated.length > 0 ? { terminated } : {}),
      };

    const lock = await acquireMigrationLock(db, names, config.run.lockWaitMs);
    try {
      await ensureVersionTables(db, names);
      const entries = await list();
      const entry = entries[0];
      if (!entry)
        return { database, halfDone: [], ...(terminated.length > 0 ? { terminated } : {}) };
      if (entry.backend)
        throw new RetortError(
          'ORPHAN_BACKEND_RUNNING',
          ExitCode.Lock,
          `Revision ${entry.revision} is still being executed by the backend of run ${entry.runId} (pid ${entry.backend.pid}, ${entry.backend.state}): ${entry.backend.query.slice(0, 160)}`,
          {
            hint: 'Wait for it to finish, or add --terminate-orphans to end it first, then repair.',
            details: { backend: entry.backend },
          },
        );
      let resolved: NonNullable<RepairResult['resolved']>;
      if (options.unit) {
        if (!entry.inFlight)
          throw usage(
            `Revision ${entry.revision} has no statement in flight: ${entry.statementsDone} of ${entry.statementsTotal} statements are done and the next one never started.`,
            `Continue it with \`retort ${entry.direction === 'up' ? 'upgrade' : 'downgrade'} <target> --resume\`, or record it as done with \`retort repair --mark-done\`.`,
          );
        const drop = options.unit === 'rerun' ? entry.inFlight.verdict.drop : undefined;
        if (drop) await db.query(drop);
        await db.query(resolveInFlightSql(names, entry.revision, options.unit));
        resolved = {
          revision: entry.revision,
          action: options.unit,
          ...(drop ? { dropped: drop } : {}),
        };
      } else {
        const heads = await readHeads(db, names);
        const steps =
          entry.direction === 'up'
            ? planUpgrade(project.graph, heads, entry.revision)
            : planDowngrade(project.graph, heads, '-1');
        const step = steps.find((s) => s.revision.id === entry.revision);
        if (!step)
          throw usage(
            `Revision ${entry.revision} is not the next ${entry.direction === 'up' ? 'upgrade' : 'downgrade'} from ${heads.join(', ') || 'base'}, so it cannot be recorded as done here.`,
            `Use \`retort stamp <rev>\` to set the version table; it also closes the stale progress row.`,
          );
        await db.exec(
          [
            'BEGIN',
            ...updateHeadsSql(names, step.headsBefore, step.headsAfter),
            updateProgressSql(names, entry.revision, entry.statementsTotal, true),
            'COMMIT',
          ].join(';\n'),
        );
        resolved = { revision: entry.revision, action: 'mark-done' };
      }
      return {
        database,
        halfDone: await list(),
        resolved,
        ...(terminated.length > 0 ? { terminated } : {}),
      };
    } finally {
      await lock.release();
    }
  } finally {
    await db.close();
  }
}
