import type { ResolvedConfig } from '../core/config.js';
import { RevisionGraph } from '../core/revisions/revision-graph.js';
import type { VersionTableNames } from '../core/runner/version-table-sql.js';
import { fileSource, type MigrationSource } from './migration-source.js';
import type { RevisionFile } from './revision-files.js';

/** The project's revisions: files by id, the graph over them, and where they came from. */
export interface LoadedProject {
  readonly graph: RevisionGraph;
  readonly files: ReadonlyMap<string, RevisionFile>;
  /** The revisions in file-name order. */
  readonly list: readonly RevisionFile[];
  readonly source: MigrationSource;
}

/**
 * Reads every revision's metadata (statically, never executing a migration) from the source —
 * the files of `config.migrationsDir` by default — and builds the graph. Throws the file or
 * graph error (exit 4) for anything wrong with them.
 *
 * @example
 * const { graph } = await loadProject(await loadConfig());
 * graph.heads; // ['e4f7a9b2c3d1']
 */
export async function loadProject(
  config: ResolvedConfig,
  source: MigrationSource = fileSource(config),
): Promise<LoadedProject> {
  const list = await source.revisions();
  return {
    graph: new RevisionGraph(list),
    files: new Map(list.map((f) => [f.id, f])),
    list,
    source,
  };
}

export const versionTableNames = (config: ResolvedConfig): VersionTableNames => ({
  schema: config.versionTableSchema,
  table: config.versionTable,
});
