import type { ResolvedConfig } from '../core/config.js';
import { RevisionGraph } from '../core/revisions/revision-graph.js';
import { readRevisionFiles, type RevisionFile } from '../project/revision-files.js';

/** The project's revision files and the graph built from them. */
export interface LoadedRevisions {
  readonly files: readonly RevisionFile[];
  readonly graph: RevisionGraph;
}

/**
 * Reads every revision file's metadata (statically, never executing a migration) and builds the
 * graph. Throws the file or graph error (exit 4) for anything wrong with them.
 *
 * @example
 * const { graph } = await loadRevisions(await loadConfig());
 * graph.heads; // ['e4f7a9b2c3d1']
 */
export async function loadRevisions(config: ResolvedConfig): Promise<LoadedRevisions> {
  const files = await readRevisionFiles(config.migrationsDir, config.rootDir);
  return { files, graph: new RevisionGraph(files) };
}
