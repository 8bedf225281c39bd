/**
 * The verbs as a library: one typed async function per CLI verb, taking a config (an object, a
 * resolved config, or a config file path) and returning the object `--json` prints. Modules load
 * lazily, so `import { upgrade } from 'retort-pg'` costs nothing until it is called.
 */
import type { ResolvedConfig, RetortConfig } from './core/config.js';
import type { BranchesResult } from './commands/branches.js';
import type { CheckResult } from './commands/check.js';
import type { CurrentResult } from './commands/current.js';
import type { HeadsResult } from './commands/heads.js';
import type { HistoryResult } from './commands/history.js';
import type { LintResult } from './commands/lint.js';
import type { MergeOptions, MergeResult } from './commands/merge.js';
import type { RevisionOptions, RevisionResult } from './commands/revision.js';
import type { ShowResult } from './commands/show.js';
import type { StampResult } from './commands/stamp.js';
import type { RepairResult } from './commands/repair.js';
import type { BundledMigration, MigrationSource } from './project/migration-source.js';
import type { LintGateMode } from './runner/lint-gate.js';
import type { MigrateResult } from './runner/migrate.js';
import type { RunEvent } from './runner/run-plan.js';

/** What every verb takes: the project's config and, optionally, where its migrations come from. */
export interface ProjectOptions {
  /**
   * The config: a `retort.config.*` path, a config object (as `defineConfig` takes; paths in it
   * are relative to `cwd`), or a config already resolved. Default: the config file found from
   * `cwd`, as the CLI finds it.
   */
  readonly config?: string | RetortConfig | ResolvedConfig;
  /** Where relative paths start and the config is searched from. Default `process.cwd()`. */
  readonly cwd?: string;
  /**
   * The migrations, for applications that bundle them (no migrations directory at run time):
   * imported `defineMigration` modules and SQL revision texts, or any MigrationSource. Default:
   * the files of the config's `migrationsDir`.
   */
  readonly migrations?: readonly BundledMigration[] | MigrationSource;
}

// The slice of PGlite's API retort uses (an open `new PGlite()`): the adapter's own type.
import type { PGliteLike } from './database/pglite-client.js';
export type { PGliteLike };

/** `upgrade` and `downgrade`. */
export interface MigrateOptions extends ProjectOptions {
  /** Alembic target syntax; default `head` (upgrade) / `-1` (downgrade); `start:end` with `sql`. */
  readonly target?: string;
  /** Return the offline script (`result.sql`) instead of connecting. */
  readonly sql?: boolean;
  /** Continue a migration left half done by a crash or a cancelled run. */
  readonly resume?: boolean;
  /**
   * A statement an earlier run died in, whose outcome the catalog cannot tell: `rerun` it or
   * `skip` it (count it as applied). Implies `resume`.
   */
  readonly unit?: 'rerun' | 'skip';
  /** End an earlier run's server backend still executing, instead of waiting for it. */
  readonly terminateOrphans?: boolean;
  /** Revisions whose edited files are accepted as they now are. */
  readonly acceptChecksums?: readonly string[];
  /** Lint gate: `error` (default from config), `warn` or `off`. */
  readonly lint?: LintGateMode;
  /** Progress: step start and end, each finished unit, lock retries. */
  readonly onEvent?: (event: RunEvent) => void;
  /**
   * Cancels between units: the database stays at the last finished unit and the call rejects
   * with MIGRATION_ABORTED saying where it stopped.
   */
  readonly signal?: AbortSignal;
  /**
   * An open PGlite instance to migrate instead of `config.databaseUrl` (e.g. a test suite's
   * `new PGlite()` in memory); retort leaves it open.
   */
  readonly pglite?: PGliteLike;
}

const isResolved = (c: object): c is ResolvedConfig => 'rootDir' in c && 'configFile' in c;

/**
 * The resolved config a verb runs with.
 *
 * @example
 * const config = await resolveProjectConfig({ config: { databaseUrl: 'pglite:memory' } });
 */
export async function resolveProjectConfig(options: ProjectOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const { config } = options;
  if (config !== undefined && typeof config === 'object' && isResolved(config)) return config;
  const { loadConfig, resolveConfig } = await import('./project/config-loader.js');
  if (config === undefined) return loadConfig({ cwd });
  if (typeof config === 'string') return loadConfig({ cwd, configFile: config });
  const { resolve } = await import('node:path');
  return resolveConfig(config, { configFile: undefined, rootDir: resolve(cwd), env: process.env });
}

async function sourceOf(options: ProjectOptions): Promise<MigrationSource | undefined> {
  const m = options.migrations;
  if (m === undefined) return undefined;
  if (!Array.isArray(m)) return m as MigrationSource;
  const { bundledSource } = await import('./project/migration-source.js');
  return bundledSource(m as readonly BundledMigration[]);
}

async function run(options: MigrateOptions, direction: 'up' | 'down'): Promise<MigrateResult> {
  const config = await resolveProjectConfig(options);
  const { migrate } = await import('./runner/migrate.js');
  return migrate({
    config,
    direction,
    target: options.target ?? (direction === 'up' ? 'head' : '-1'),
    sql: options.sql,
    resume: options.resume,
    unit: options.unit,
    terminateOrphans: options.terminateOrphans,
    acceptChecksums: options.acceptChecksums,
    lint: options.lint,
    onEvent: options.onEvent,
    signal: options.signal,
    source: await sourceOf(options),
    client: options.pglite ? await pgliteClientOf(options.pglite) : undefined,
  });
}

async function pgliteClientOf(db: PGliteLike) {
  const { pgliteClient } = await import('./database/pglite-client.js');
  return { ...pgliteClient(db), close: async () => undefined };
}

/**
 * Applies revisions up to `target` (default `head`), under the migration lock, lint gate on.
 *
 * @example
 * await upgrade({ config: { databaseUrl: process.env.DATABASE_URL } });
 */
export function upgrade(options: MigrateOptions = {}): Promise<MigrateResult> {
  return run(options, 'up');
}

/**
 * Reverts revisions down to `target` (default `-1`).
 *
 * @example
 * await downgrade({ target: 'base' });
 */
export function downgrade(options: MigrateOptions = {}): Promise<MigrateResult> {
  return run(options, 'down');
}

/**
 * The revisions the database is at.
 *
 * @example
 * (await current()).current.map((c) => c.id);
 */
export async function current(options: ProjectOptions = {}): Promise<CurrentResult> {
  const config = await resolveProjectConfig(options);
  const m = await import('./commands/current.js');
  return m.current({ config, source: await sourceOf(options) });
}

/**
 * Records revisions as current without running them.
 *
 * @example
 * await stamp({ revisions: ['head'] });
 */
export async function stamp(
  options: ProjectOptions & { revisions: readonly string[]; purge?: boolean; sql?: boolean },
): Promise<StampResult> {
  const config = await resolveProjectConfig(options);
  const m = await import('./commands/stamp.js');
  return m.stamp({ ...options, config, source: await sourceOf(options) });
}

/**
 * Lists migrations an earlier run left half done and resolves one when told (`unit: 'rerun' |
 * 'skip'` for its in-flight statement, `markDone`), as `retort repair`.
 *
 * @example
 * const { halfDone } = await repair();
 */
export async function repair(
  options: ProjectOptions & {
    unit?: 'rerun' | 'skip';
    markDone?: boolean;
    terminateOrphans?: boolean;
  } = {},
): Promise<RepairResult> {
  const config = await resolveProjectConfig(options);
  const m = await import('./commands/repair.js');
  return m.repair({ ...options, config, source: await sourceOf(options) });
}

/**
 * The revision history, newest first; `range` as Alembic's `-r` (`base:head`, `-3:`).
 *
 * @example
 * (await history({ range: '-3:' })).entries.length;
 */
export async function history(
  options: ProjectOptions & { range?: string; verbose?: boolean; indicateCurrent?: boolean } = {},
): Promise<HistoryResult> {
  const config = await resolveProjectConfig(options);
  const m = await import('./commands/history.js');
  const source = await sourceOf(options);
  const currentHeads = options.indicateCurrent
    ? (await current({ ...options, config })).current.map((c) => c.id)
    : undefined;
  return m.history({
    config,
    ...(options.range === undefined ? {} : { range: options.range }),
    ...(options.verbose === undefined ? {} : { verbose: options.verbose }),
    ...(currentHeads ? { currentHeads } : {}),
    source,
  });
}

/**
 * The heads of the revision graph.
 *
 * @example
 * (await heads()).heads.length; // 1 unless branches are unmerged
 */
export async function heads(
  options: ProjectOptions & { verbose?: boolean; resolveDependencies?: boolean } = {},
): Promise<HeadsResult> {
  const config = await resolveProjectConfig(options);
  const m = await import('./commands/heads.js');
  return m.heads({ ...options, config, source: await sourceOf(options) });
}

/**
 * The branch points of the revision graph.
 *
 * @example
 * (await branches()).branchPoints;
 */
export async function branches(
  options: ProjectOptions & { verbose?: boolean } = {},
): Promise<BranchesResult> {
  const config = await resolveProjectConfig(options);
  const m = await import('./commands/branches.js');
  return m.branches({ ...options, config, source: await sourceOf(options) });
}

/**
 * One or more revisions by id, prefix, `head`, `label@head`, `<rev>-1`…
 *
 * @example
 * (await show({ revision: 'head' })).revisions[0]?.id;
 */
export async function show(options: ProjectOptions & { revision: string }): Promise<ShowResult> {
  const config = await resolveProjectConfig(options);
  const m = await import('./commands/show.js');
  return m.show({ ...options, config, source: await sourceOf(options) });
}

/**
 * Lints every revision's upgrade (or a range: `<rev>`, `start:end`). `result.summary.error` is 0
 * when nothing would stop `upgrade`'s gate.
 *
 * @example
 * const { summary } = await lint();
 * if (summary.error > 0) process.exitCode = 1;
 */
export async function lint(options: ProjectOptions & { range?: string } = {}): Promise<LintResult> {
  const config = await resolveProjectConfig(options);
  const m = await import('./commands/lint.js');
  return m.lint({ config, range: options.range, source: await sourceOf(options) });
}

/**
 * Compares the declared schema (config `schema`) with the database, or with the head of the
 * migrations replayed in a scratch PGlite (`migrations: true`); `result.differences` is empty
 * when they match.
 *
 * @example
 * const { differences } = await check({ replay: true });
 */
export async function check(
  options: ProjectOptions & { replay?: boolean } = {},
): Promise<CheckResult> {
  const config = await resolveProjectConfig(options);
  const m = await import('./commands/check.js');
  return m.check({ config, ...(options.replay ? { migrations: true } : {}) });
}

/**
 * Writes a new revision file (TypeScript, or SQL with `sql: true`).
 *
 * @example
 * const { file } = await revision({ message: 'add users' });
 */
export async function revision(
  options: ProjectOptions & Omit<RevisionOptions, 'config' | 'body' | 'now'>,
): Promise<RevisionResult> {
  const config = await resolveProjectConfig(options);
  const m = await import('./commands/revision.js');
  const { config: _c, cwd: _w, migrations: _m, ...rest } = options;
  return m.revision({ ...rest, config });
}

/**
 * Writes a merge revision whose parents are the given revisions (`heads` for every head).
 *
 * @example
 * await merge({ message: 'merge billing', revisions: ['heads'] });
 */
export async function merge(
  options: ProjectOptions & Omit<MergeOptions, 'config' | 'now'>,
): Promise<MergeResult> {
  const config = await resolveProjectConfig(options);
  const m = await import('./commands/merge.js');
  const { config: _c, cwd: _w, migrations: _m, ...rest } = options;
  return m.merge({ ...rest, config });
}
