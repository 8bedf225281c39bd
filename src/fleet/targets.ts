import type { ResolvedConfig, TargetSpec } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { connect } from '../database/connect.js';
import type { DatabaseClient } from '../database/client.js';

/** One resolved member of the fleet. */
export interface FleetTarget {
  readonly name: string;
  readonly url: string;
  /** Schema-per-tenant: the version tables live here and migrations run with this search_path. */
  readonly schema?: string;
}

/** Which targets a command runs on: `--target` patterns (globs) or `--all-targets`. */
export interface TargetSelection {
  readonly patterns?: readonly string[];
  readonly all?: boolean;
}

const globToRegExp = (glob: string): RegExp =>
  new RegExp(
    `^${glob
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('')}$`,
  );

/** Connects with the project's connection settings to any URL of the fleet. */
export const connectTarget = (config: ResolvedConfig, url: string): Promise<DatabaseClient> =>
  connect({
    url,
    rootDir: config.rootDir,
    passwordFile: config.connection.passwordFile,
    ssl: config.connection.ssl,
    connectTimeoutMs: config.connection.connectTimeoutMs,
  });

function noTargets(config: ResolvedConfig): RetortError {
  return new RetortError(
    'NO_TARGETS',
    ExitCode.Config,
    `--target / --all-targets need \`targets\` in ${config.configFile ?? 'the config'}, and there are none.`,
    {
      hint: "Add targets: [{ name: 'eu', url: 'postgres://…' }], targets: { schemasQuery: 'SELECT schema_name FROM tenants' } or a function returning targets.",
    },
  );
}

/** Every target the config names (runs the schemas query or the function when it has to). */
export async function listTargets(config: ResolvedConfig): Promise<FleetTarget[]> {
  const spec = config.targets;
  if (spec === undefined) throw noTargets(config);
  let specs: readonly TargetSpec[];
  if (typeof spec === 'function') {
    specs = await spec({ databaseUrl: config.databaseUrl });
    if (!Array.isArray(specs))
      throw new RetortError(
        'TARGETS_INVALID',
        ExitCode.Config,
        `The targets function in ${config.configFile ?? 'the config'} returned ${typeof specs}, not an array.`,
        { hint: 'Return an array of { name, url?, schema? }.' },
      );
  } else if ('schemasQuery' in spec) {
    const url = spec.url ?? config.databaseUrl;
    const db = await connectTarget(config, url);
    try {
      const r = await db
        .query<Record<string, unknown>>(spec.schemasQuery)
        .catch((error: unknown) => {
          throw new RetortError(
            'TARGETS_QUERY_FAILED',
            ExitCode.Config,
            `targets.schemasQuery failed: ${error instanceof Error ? error.message : String(error)}.`,
            {
              hint: `Fix targets.schemasQuery in ${config.configFile ?? 'the config'}; it must return one column of schema names.`,
            },
          );
        });
      specs = r.rows.map((row) => {
        const schema = String(Object.values(row)[0]);
        return { name: schema, url, schema };
      });
    } finally {
      await db.close();
    }
  } else specs = spec;
  const seen = new Set<string>();
  return specs.map((s, i) => {
    if (typeof s?.name !== 'string' || s.name === '' || seen.has(s.name))
      throw new RetortError(
        'TARGETS_INVALID',
        ExitCode.Config,
        `Target #${i + 1} of ${config.configFile ?? 'the config'} has ${typeof s?.name === 'string' && s.name !== '' ? `the duplicate name '${s.name}'` : 'no name'}.`,
        { hint: 'Give every target a unique, non-empty name.' },
      );
    seen.add(s.name);
    return {
      name: s.name,
      url: s.url ?? config.databaseUrl,
      ...(s.schema ? { schema: s.schema } : {}),
    };
  });
}

/** The targets a selection picks, in the config's order; a pattern matching nothing is an error. */
export async function selectTargets(
  config: ResolvedConfig,
  selection: TargetSelection,
): Promise<FleetTarget[]> {
  const all = await listTargets(config);
  if (selection.all) return all;
  const patterns = selection.patterns ?? [];
  const regexps = patterns.map(globToRegExp);
  regexps.forEach((re, i) => {
    if (!all.some((t) => re.test(t.name)))
      throw new RetortError(
        'TARGET_NOT_FOUND',
        ExitCode.Usage,
        `--target '${patterns[i]}' matches none of the ${all.length} targets${
          all.length > 0
            ? ` (e.g. ${all
                .slice(0, 5)
                .map((t) => t.name)
                .join(', ')})`
            : ''
        }.`,
        { hint: 'Check the name or glob; `retort current --all-targets` lists every target.' },
      );
  });
  return all.filter((t) => regexps.some((re) => re.test(t.name)));
}

/** What a read-only fleet command (current, check) takes. */
export interface FleetReadOptions {
  readonly config: ResolvedConfig;
  readonly select?: TargetSelection;
  /** Members given directly (library use); overrides `select`. */
  readonly targets?: readonly FleetTarget[];
  readonly concurrency?: number;
}

/** The members a fleet command runs on: given, or selected from the config (default all). */
export const targetsOf = async (options: {
  readonly config: ResolvedConfig;
  readonly select?: TargetSelection;
  readonly targets?: readonly FleetTarget[];
}): Promise<readonly FleetTarget[]> =>
  options.targets ?? selectTargets(options.config, options.select ?? { all: true });

/** How many targets may be open at once: one PGlite directory is never opened twice at once. */
export const boundedConcurrency = (targets: readonly FleetTarget[], requested: number): number =>
  targets.some((t) => t.url.startsWith('pglite:')) ? 1 : requested;

/** Calls `fn` on every item, at most `limit` at once. */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await fn(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
