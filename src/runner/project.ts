import type { ResolvedConfig } from '../core/config.js';
import type { RevisionGraph } from '../core/revisions/revision-graph.js';
import type { VersionTableNames } from '../core/runner/version-table-sql.js';
import { loadRevisions } from '../commands/load-revisions.js';
import type { RevisionFile } from '../project/revision-files.js';

/** The project's revisions: files by id and the graph over them. */
export interface LoadedProject {
  readonly graph: RevisionGraph;
  readonly files: ReadonlyMap<string, RevisionFile>;
}

export async function loadProject(config: ResolvedConfig): Promise<LoadedProject> {
  const { files, graph } = await loadRevisions(config);
  return { graph, files: new Map(files.map((f) => [f.id, f])) };
}

export const versionTableNames = (config: ResolvedConfig): VersionTableNames => ({
  schema: config.versionTableSchema,
  table: config.versionTable,
});
