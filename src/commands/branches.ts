import type { MigrationSource } from '../project/migration-source.js';
import type { ResolvedConfig } from '../core/config.js';
import { loadProject } from '../project/load-project.js';
import { describeRevision, type RevisionEntry } from './revision-entry.js';

export interface BranchesOptions {
  config: ResolvedConfig;
  verbose?: boolean;
  /** Where the revisions come from; default the files of `config.migrationsDir`. */
  readonly source?: MigrationSource | undefined;
}

export interface BranchesResult {
  verbose: boolean;
  /** Every branch point (a revision several revisions revise) with the revisions that branch off it. */
  branchPoints: { revision: RevisionEntry; children: RevisionEntry[] }[];
}

/**
 * The branch points of the revision graph, as `alembic branches` lists them.
 *
 * @example
 * (await branches({ config })).branchPoints[0]?.children.map((c) => c.id); // ['e4f7a9b2c3d1', '1a2b3c4d5e6f']
 */
export async function branches(options: BranchesOptions): Promise<BranchesResult> {
  const { graph } = await loadProject(options.config, options.source);
  const ordered = graph.iterate().filter((rev) => graph.childrenOf(rev.id).length > 1);
  return {
    verbose: options.verbose ?? false,
    branchPoints: ordered.map((rev) => ({
      revision: describeRevision(graph, rev),
      children: graph.childrenOf(rev.id).map((id) => describeRevision(graph, graph.get(id)!)),
    })),
  };
}
