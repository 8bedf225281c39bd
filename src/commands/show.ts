import type { MigrationSource } from '../project/migration-source.js';
import type { ResolvedConfig } from '../core/config.js';
import { loadProject } from '../project/load-project.js';
import { describeRevision, type RevisionEntry } from './revision-entry.js';

export interface ShowOptions {
  config: ResolvedConfig;
  /** A revision, a unique prefix, `head`, `heads`, `label@head`, `<rev>-1`… */
  revision: string;
  /** Where the revisions come from; default the files of `config.migrationsDir`. */
  readonly source?: MigrationSource | undefined;
}

export interface ShowResult {
  revisions: RevisionEntry[];
}

/**
 * The revision(s) a target names, as `alembic show` prints them.
 *
 * @example
 * (await show({ config, revision: 'e4f7' })).revisions[0]?.message; // 'add multi-user support'
 */
export async function show(options: ShowOptions): Promise<ShowResult> {
  const { graph } = await loadProject(options.config, options.source);
  const found = graph.resolveTargets(options.revision);
  return { revisions: found.map((rev) => describeRevision(graph, rev)) };
}
