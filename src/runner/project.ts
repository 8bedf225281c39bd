import type { ResolvedConfig } from '../core/config.js';
import { RevisionGraph } from '../core/revisions/revision-graph.js';
import type { VersionTableNames } from '../core/runner/version-table-sql.js';
import { readRevisionFiles, type RevisionFile } from '../project/revision-files.js';

/** The project's revisions: files by id and the graph over them. */
export interface LoadedProject {
  readonly graph: RevisionGraph;
  readonly files: ReadonlyMap<string, RevisionFile>;
}

export async function loadProject(config: ResolvedConfig): Promise<LoadedProject> {
  const list = await readRevisionFiles(config.migrationsDir, config.rootDir);
  return { graph: new RevisionGraph(list), files: new Map(list.map((f) => [f.id, f])) };
}

export const versionTableNames = (config: ResolvedConfig): VersionTableNames => ({
  schema: config.versionTableSchema,
  table: config.versionTable,
});
