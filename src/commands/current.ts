import type { MigrationSource } from '../project/migration-source.js';
import type { ResolvedConfig } from '../core/config.js';
import { redactUrl } from '../core/redact.js';
import { connectWithConfig } from '../database/connect.js';
import { readHeads } from '../database/version-table.js';
import { loadProject, versionTableNames } from '../project/load-project.js';

export interface CurrentRevision {
  readonly id: string;
  /** False when the database names a revision no file defines. */
  readonly known: boolean;
  readonly isHead: boolean;
  readonly message?: string;
  readonly revises?: readonly string[];
  readonly file?: string;
}

export interface CurrentResult {
  readonly database: string;
  readonly versionTable: string;
  readonly current: readonly CurrentRevision[];
}

/**
 * The heads recorded in the database's version table (read only: creates nothing, takes no lock).
 * `history --indicate-current` uses {@link readCurrentHeads}.
 *
 * @example
 * const { current } = await current({ config });  // [{ id: 'e4f7a9b2c3d1', isHead: true, … }]
 */
export async function current(options: {
  config: ResolvedConfig;
  source?: MigrationSource | undefined;
}): Promise<CurrentResult> {
  const { config } = options;
  const project = await loadProject(config, options.source);
  const heads = await readCurrentHeads(config);
  return {
    database: redactUrl(config.databaseUrl),
    versionTable: `${config.versionTableSchema}.${config.versionTable}`,
    current: heads.map((id) => {
      const file = project.files.get(id);
      if (!file) return { id, known: false, isHead: false };
      return {
        id,
        known: true,
        isHead: project.graph.heads.includes(id),
        message: file.message,
        revises: file.revises,
        file: file.file,
      };
    }),
  };
}

/** The version table's rows, or `[]` when it does not exist yet. */
export async function readCurrentHeads(config: ResolvedConfig): Promise<string[]> {
  const db = await connectWithConfig(config);
  try {
    return await readHeads(db, versionTableNames(config));
  } finally {
    await db.close();
  }
}
