import type { MigrationSource } from '../project/migration-source.js';
import type { ResolvedConfig } from '../core/config.js';
import { loadProject } from '../project/load-project.js';
import { describeRevision, type RevisionEntry } from './revision-entry.js';

export interface HeadsOptions {
  config: ResolvedConfig;
  verbose?: boolean;
  /** Count dependencies as links too (Alembic's `--resolve-dependencies`): a revision another depends on is no head. */
  resolveDependencies?: boolean;
  /** Where the revisions come from; default the files of `config.migrationsDir`. */
  readonly source?: MigrationSource | undefined;
}

export interface HeadsResult {
  verbose: boolean;
  resolveDependencies: boolean;
  heads: RevisionEntry[];
}

/**
 * The heads of the revision graph, as `alembic heads` lists them.
 *
 * @example
 * (await heads({ config })).heads.map((h) => h.id); // ['e4f7a9b2c3d1']
 */
export async function heads(options: HeadsOptions): Promise<HeadsResult> {
  const { graph } = await loadProject(options.config, options.source);
  const ids = options.resolveDependencies ? graph.realHeads : graph.heads;
  return {
    verbose: options.verbose ?? false,
    resolveDependencies: options.resolveDependencies ?? false,
    heads: ids.map((id) => describeRevision(graph, graph.get(id)!)),
  };
}
