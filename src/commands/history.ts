import type { MigrationSource } from '../project/migration-source.js';
import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { loadProject } from '../project/load-project.js';
import { describeRevision, type RevisionEntry } from './revision-entry.js';

export interface HistoryOptions {
  config: ResolvedConfig;
  /** `[start]:[end]`, Alembic's `-r`: `base:head`, `ae10:`, `:ae10`, `-3:`, `label@base:label@head`. */
  range?: string;
  verbose?: boolean;
  /**
   * The version table's rows, to resolve `current` in the range and mark entries (the runner's
   * `--indicate-current`). Read-only history never opens a database and leaves it undefined.
   */
  currentHeads?: readonly string[];
  /** Where the revisions come from; default the files of `config.migrationsDir`. */
  readonly source?: MigrationSource | undefined;
}

/** A history entry; `current` is set only when the current heads were given. */
export type HistoryEntry = RevisionEntry & { current?: boolean };

export interface HistoryResult {
  verbose: boolean;
  range: { lower: string | undefined; upper: string | undefined } | undefined;
  /** Newest first, one branch walked down before the next, as `alembic history` lists them. */
  entries: HistoryEntry[];
}

/**
 * The revisions of a range, newest first.
 *
 * @example
 * (await history({ config, range: 'base:head' })).entries.map((e) => e.id);
 */
export async function history(options: HistoryOptions): Promise<HistoryResult> {
  let range: HistoryResult['range'];
  if (options.range !== undefined) {
    const text = options.range.trim();
    const colon = text.indexOf(':');
    if (colon < 0) {
      throw new RetortError(
        'HISTORY_RANGE_INVALID',
        ExitCode.Usage,
        `History range '${options.range}' has no ':'; it requires [start]:[end], [start]:, or :[end].`,
        { hint: 'For example `retort history -r base:head`, `-r ae1027a6acf:` or `-r -3:`.' },
      );
    }
    range = { lower: text.slice(0, colon) || undefined, upper: text.slice(colon + 1) || undefined };
  }
  const { graph } = await loadProject(options.config, options.source);
  const current = options.currentHeads;
  const currentSet = current === undefined ? undefined : new Set(current);
  const revisions = graph.iterate({
    lower: range?.lower,
    upper: range?.upper,
    ...(current === undefined ? {} : { currentHeads: current }),
  });
  return {
    verbose: options.verbose ?? false,
    range,
    entries: revisions.map((rev) => {
      const entry: HistoryEntry = describeRevision(graph, rev);
      if (currentSet !== undefined) entry.current = currentSet.has(rev.id);
      return entry;
    }),
  };
}
