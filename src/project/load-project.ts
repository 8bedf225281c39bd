import type { ResolvedConfig } from '../core/config.js';
import { RevisionGraph } from '../core/revisions/revision-graph.js';
import { ExitCode, RetortError } from '../core/errors.js';
import {
  MAX_REVISION_ID_LENGTH,
  type VersionTableNames,
} from '../core/runner/version-table-sql.js';
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
  // A hand-written id longer than the version column would fail only after its SQL ran.
  const long = list.find((f) => f.id.length > MAX_REVISION_ID_LENGTH);
  if (long !== undefined) {
    throw new RetortError(
      'REVISION_ID_TOO_LONG',
      ExitCode.Revision,
      `${long.file}: revision id '${long.id}' has ${long.id.length} characters; the version table holds at most ${MAX_REVISION_ID_LENGTH}.`,
      {
        hint: 'Shorten the id in the file name and its header (and in the revises of its children).',
        details: { file: long.file, id: long.id },
      },
    );
  }
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
