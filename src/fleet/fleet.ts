import type { ResolvedConfig } from '../core/config.js';
import { isRetortError } from '../core/errors.js';
import { redactSecrets, redactUrl } from '../core/redact.js';
import { planDowngrade, planUpgrade } from '../core/revisions/plan-steps.js';
import type { VersionTableNames } from '../core/runner/version-table-sql.js';
import { quoteIdent } from '../core/sql/quote.js';
import type { DatabaseClient } from '../database/client.js';
import { readHeads, readRunningSteps } from '../database/version-table.js';
import type { LintGateMode } from '../runner/lint-gate.js';
import { migrateOnline, type MigrateResult } from '../runner/migrate.js';
import { loadProject, type LoadedProject } from '../project/load-project.js';
import { FleetPool } from './pool.js';
import {
  boundedConcurrency,
  selectTargets,
  type FleetTarget,
  type TargetSelection,
} from './targets.js';

export interface FleetOptions {
  readonly config: ResolvedConfig;
  readonly direction: 'up' | 'down';
  /** The revision target (Alembic syntax), the same for every member. */
  readonly target: string;
  /** Which members: `--target` globs or `--all-targets` (default: all). */
  readonly select?: TargetSelection;
  /** Members given directly (library use); overrides `select`. */
  readonly targets?: readonly FleetTarget[];
  /** Targets migrated at once; default from the server's spare connections (at most 8). */
  readonly concurrency?: number;
  /** Migrate the first N targets first; if any fails, stop before the rest. */
  readonly canary?: number;
  /** Keep going after a target fails (default: stop starting new ones). */
  readonly continueOnError?: boolean;
  readonly resume?: boolean;
  readonly acceptChecksums?: readonly string[];
  readonly lint?: LintGateMode;
  /** Called whenever a target starts or ends. */
  readonly onProgress?: (progress: FleetProgress) => void;
}

export interface FleetProgress {
  readonly total: number;
  readonly done: number;
  readonly running: number;
  readonly failed: number;
  readonly pending: number;
}

/** `migrated`: revisions ran; `current`: nothing to do; `skipped`: never started (a failure stopped the run). */
export type FleetTargetStatus = 'migrated' | 'current' | 'failed' | 'skipped';

export interface FleetTargetResult {
  readonly name: string;
  /** The database, password redacted. */
  readonly database: string;
  readonly schema?: string;
  readonly status: FleetTargetStatus;
  readonly canary: boolean;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly revisions: number;
  readonly durationMs: number;
  readonly error?: { readonly code: string; readonly message: string; readonly hint?: string };
}

export interface FleetResult {
  readonly direction: 'up' | 'down';
  readonly target: string;
  readonly concurrency: number;
  readonly total: number;
  readonly migrated: number;
  readonly current: number;
  readonly failed: number;
  readonly skipped: number;
  /** Why targets were skipped: a canary failed, or a failure stopped the run. */
  readonly stopped?: 'canary-failed' | 'error';
  readonly durationMs: number;
  readonly targets: readonly FleetTargetResult[];
}

/** The version tables of a target: in its schema (schema-per-tenant) or where the config says. */
export const targetNames = (config: ResolvedConfig, target: FleetTarget): VersionTableNames => ({
  schema: target.schema ?? config.versionTableSchema,
  table: config.versionTable,
});

/** `concurrency` when given, else half the server's spare connections, between 1 and 8. */
async function defaultConcurrency(pool: FleetPool, first: FleetTarget): Promise<number> {
  if (!/^postgres(?:ql)?:/i.test(first.url)) return 1;
  const db = await pool.acquire(first.url);
  try {
    const r = await db.query<{ spare: number }>(
      `SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - (SELECT count(*)::int FROM pg_stat_activity) AS spare`,
    );
    return Math.max(1, Math.min(8, Math.floor((r.rows[0]?.spare ?? 2) / 2)));
  } catch {
    return 4;
  } finally {
    await pool.pushBack(first.url, db);
  }
}

/** Nothing to do without taking the lock: at the target and nothing half done. */
async function upToDate(
  db: DatabaseClient,
  names: VersionTableNames,
  project: LoadedProject,
  direction: 'up' | 'down',
  target: string,
): Promise<{ heads: string[]; current: boolean }> {
  const heads = await readHeads(db, names);
  const steps =
    direction === 'up'
      ? planUpgrade(project.graph, heads, target)
      : planDowngrade(project.graph, heads, target);
  if (steps.length > 0) return { heads, current: false };
  return { heads, current: (await readRunningSteps(db, names)).length === 0 };
}

/**
 * Migrates every selected target in one process: bounded concurrency over pooled connections,
 * the lock taken per target, canaries first, stop on the first failure unless told to continue.
 * A second run skips targets already at the revision target, so it redoes only the failed and
 * the behind.
 *
 * @example
 * const report = await migrateFleet({ config, direction: 'up', target: 'head', canary: 5 });
 * for (const t of report.targets.filter((t) => t.status === 'failed')) console.log(t.name, t.error);
 */
export async function migrateFleet(options: FleetOptions): Promise<FleetResult> {
  const started = performance.now();
  const { config } = options;
  const project = await loadProject(config);
  const targets = options.targets ?? (await selectTargets(config, options.select ?? { all: true }));
  const pool = new FleetPool(config, targets);
  const results = new Map<string, FleetTargetResult>();
  const lintMemo = new Map<string, Promise<MigrateResult['lint']>>();
  let running = 0;
  let failed = 0;
  const report = (): void =>
    options.onProgress?.({
      total: targets.length,
      done: results.size - failed,
      running,
      failed,
      pending: targets.length - results.size - running,
    });

  const runOne = async (target: FleetTarget, canary: boolean): Promise<FleetTargetResult> => {
    const t0 = performance.now();
    const names = targetNames(config, target);
    const base = {
      name: target.name,
      database: redactUrl(target.url),
      ...(target.schema ? { schema: target.schema } : {}),
      canary,
    };
    let db: DatabaseClient | undefined;
    let broken = false;
    let from: readonly string[] = [];
    try {
      db = await pool.acquire(target.url);
      const known =
        db.kind === 'postgres' && config.run.lock !== 'table'
          ? await pool.probe(target.url, db)
          : undefined;
      const before = await upToDate(db, names, project, options.direction, options.target);
      from = before.heads;
      if (before.current) {
        return {
          ...base,
          status: 'current',
          from,
          to: from,
          revisions: 0,
          durationMs: performance.now() - t0,
        };
      }
      if (target.schema) await db.exec(`SET search_path TO ${quoteIdent(target.schema)}`);
      const url = target.url;
      const result = await migrateOnline(
        {
          config,
          direction: options.direction,
          target: options.target,
          resume: options.resume,
          acceptChecksums: options.acceptChecksums,
          lint: options.lint,
          lintMemo,
        },
        project,
        {
          db,
          names,
          openSide: () => pool.open(url),
          ...(known ? { known } : {}),
          ...(target.schema ? { searchPath: target.schema } : {}),
          database: base.database,
        },
      );
      if (target.schema) await db.exec('RESET search_path');
      return {
        ...base,
        status: result.steps.length > 0 ? 'migrated' : 'current',
        from: result.headsBefore,
        to: result.headsAfter,
        revisions: result.steps.length,
        durationMs: performance.now() - t0,
      };
    } catch (error) {
      broken = true;
      let to = from;
      // Where the target stands now (a failed run may have committed earlier revisions).
      if (db) to = await readHeads(db, names).catch(() => from);
      return {
        ...base,
        status: 'failed',
        from,
        to,
        revisions: 0,
        durationMs: performance.now() - t0,
        error: describeError(error),
      };
    } finally {
      if (db) await pool.release(target.url, db, broken);
    }
  };

  let stopped: FleetResult['stopped'];
  const runWave = async (
    wave: readonly FleetTarget[],
    canary: boolean,
    limit: number,
  ): Promise<void> => {
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        if (stopped) return;
        const target = wave[next++];
        if (!target) return;
        running++;
        report();
        const r = await runOne(target, canary);
        running--;
        results.set(target.name, r);
        if (r.status === 'failed') {
          failed++;
          if (canary) stopped = 'canary-failed';
          else if (!options.continueOnError) stopped = 'error';
        }
        report();
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, wave.length) }, worker));
  };

  let concurrency = 1;
  try {
    concurrency = boundedConcurrency(
      targets,
      options.concurrency ?? (targets[0] ? await defaultConcurrency(pool, targets[0]) : 1),
    );
    const canaries = targets.slice(0, Math.max(0, options.canary ?? 0));
    await runWave(canaries, true, concurrency);
    await runWave(targets.slice(canaries.length), false, concurrency);
  } finally {
    await pool.close();
  }
  for (const t of targets) {
    if (!results.has(t.name)) {
      results.set(t.name, {
        name: t.name,
        database: redactUrl(t.url),
        ...(t.schema ? { schema: t.schema } : {}),
        status: 'skipped',
        canary: false,
        from: [],
        to: [],
        revisions: 0,
        durationMs: 0,
      });
    }
  }
  const list = targets.map((t) => results.get(t.name)!);
  const count = (s: FleetTargetStatus): number => list.filter((r) => r.status === s).length;
  return {
    direction: options.direction,
    target: options.target,
    concurrency,
    total: list.length,
    migrated: count('migrated'),
    current: count('current'),
    failed: count('failed'),
    skipped: count('skipped'),
    ...(stopped && count('skipped') > 0 ? { stopped } : {}),
    durationMs: performance.now() - started,
    targets: list,
  };
}

function describeError(error: unknown): NonNullable<FleetTargetResult['error']> {
  if (isRetortError(error))
    return {
      code: error.code,
      message: redactSecrets(error.message),
      ...(error.hint ? { hint: error.hint } : {}),
    };
  const e = error as { code?: string; message?: string };
  return {
    code: typeof e.code === 'string' ? e.code : 'ERROR',
    message: redactSecrets(e.message ?? String(error)),
  };
}
