import { isRetortError } from '../core/errors.js';
import { redactSecrets } from '../core/redact.js';
import type { DatabaseClient } from '../database/client.js';
import { readHeads, readRunningSteps, type RunningStep } from '../database/version-table.js';
import { loadProject } from '../project/load-project.js';
import { targetNames } from './fleet.js';
import { FleetPool } from './pool.js';
import { boundedConcurrency, forEachBounded, targetsOf, type FleetReadOptions } from './targets.js';

export interface FleetCurrentTarget {
  readonly name: string;
  readonly heads: readonly string[];
  /** A step an earlier run left half done. */
  readonly halfDone?: RunningStep;
  readonly error?: { readonly code: string; readonly message: string };
}

/** How many targets stand at each set of heads. */
export interface FleetRevisionCount {
  /** The heads (`[]`: base, nothing applied). */
  readonly heads: readonly string[];
  /** `head` (the project's head), `behind`, or `unknown` (no file defines a head). */
  readonly state: 'head' | 'behind' | 'unknown';
  readonly count: number;
  /** Up to ten of them, for the text output. */
  readonly examples: readonly string[];
}

export interface FleetCurrentResult {
  readonly total: number;
  /** The project's head revisions. */
  readonly projectHeads: readonly string[];
  readonly distribution: readonly FleetRevisionCount[];
  readonly halfDone: readonly FleetCurrentTarget[];
  readonly unreachable: readonly FleetCurrentTarget[];
  readonly targets: readonly FleetCurrentTarget[];
}

/**
 * `current --all-targets`: each target's heads (read only, no lock), and the fleet's
 * distribution: how many targets at each revision, which are half done.
 *
 * @example
 * const { distribution } = await fleetCurrent({ config, select: { all: true } });
 */
export async function fleetCurrent(options: FleetReadOptions): Promise<FleetCurrentResult> {
  const { config } = options;
  const project = await loadProject(config);
  const targets = await targetsOf(options);
  const pool = new FleetPool(config, targets);
  const out = new Map<string, FleetCurrentTarget>();
  try {
    await forEachBounded(
      targets,
      boundedConcurrency(targets, options.concurrency ?? 8),
      async (t) => {
        const names = targetNames(config, t);
        let db: DatabaseClient | undefined;
        let broken = false;
        try {
          db = await pool.acquire(t.url);
          const heads = await readHeads(db, names);
          const running = await readRunningSteps(db, names);
          out.set(t.name, { name: t.name, heads, ...(running[0] ? { halfDone: running[0] } : {}) });
        } catch (error) {
          broken = true;
          const code = isRetortError(error)
            ? error.code
            : String((error as { code?: unknown }).code ?? 'ERROR');
          const message = redactSecrets(error instanceof Error ? error.message : String(error));
          out.set(t.name, { name: t.name, heads: [], error: { code, message } });
        } finally {
          if (db) await pool.release(t.url, db, broken);
        }
      },
    );
  } finally {
    await pool.close();
  }
  const list = targets.map((t) => out.get(t.name)!);
  const projectHeads = [...project.graph.heads];
  const groups = new Map<string, { heads: string[]; names: string[] }>();
  for (const t of list.filter((x) => !x.error)) {
    const key = [...t.heads].sort().join(',');
    const g = groups.get(key) ?? { heads: [...t.heads].sort(), names: [] };
    g.names.push(t.name);
    groups.set(key, g);
  }
  const atHead = (heads: readonly string[]): boolean =>
    heads.length === projectHeads.length && heads.every((h) => projectHeads.includes(h));
  const distribution = [...groups.values()]
    .map((g) => ({
      heads: g.heads,
      state: atHead(g.heads)
        ? ('head' as const)
        : g.heads.every((h) => project.files.has(h))
          ? ('behind' as const)
          : ('unknown' as const),
      count: g.names.length,
      examples: g.names.slice(0, 10),
    }))
    .sort((a, b) => b.count - a.count);
  return {
    total: list.length,
    projectHeads,
    distribution,
    halfDone: list.filter((t) => t.halfDone),
    unreachable: list.filter((t) => t.error),
    targets: list,
  };
}
