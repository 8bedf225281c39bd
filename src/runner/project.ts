import type { ResolvedConfig } from '../core/config.js';
import type { RevisionGraph } from '../core/revisions/revision-graph.js';
import { ExitCode, RetortError } from '../core/errors.js';
import {
  MAX_REVISION_ID_LENGTH,
  type VersionTableNames,
} from '../core/runner/version-table-sql.js';
import { loadRevisions } from '../commands/load-revisions.js';
import type { RevisionFile } from '../project/revision-files.js';

/** The project's revisions: files by id and the graph over them. */
export interface LoadedProject {
  readonly graph: RevisionGraph;
  readonly files: ReadonlyMap<string, RevisionFile>;
}

export async function loadProject(config: ResolvedConfig): Promise<LoadedProject> {
  const { files, graph } = await loadRevisions(config);
  // A hand-written id longer than the version column would fail only after its SQL ran.
  const long = files.find((f) => f.id.length > MAX_REVISION_ID_LENGTH);
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
  return { graph, files: new Map(files.map((f) => [f.id, f])) };
}

export const versionTableNames = (config: ResolvedConfig): VersionTableNames => ({
  schema: config.versionTableSchema,
  table: config.versionTable,
});
