import type { ResolvedConfig } from '../core/config.js';
import { historyTableName } from '../core/runner/version-table-sql.js';
import { redactUrl } from '../core/redact.js';
import { connectWithConfig } from '../database/connect.js';
import { readHistoryLog, type HistoryRow } from '../database/version-table.js';

import { loadProject, versionTableNames } from '../project/load-project.js';

export interface LogEntry extends HistoryRow {
  /** The revision's message, when a file defines it. */
  readonly message?: string;
}

export interface LogResult {
  readonly database: string;
  readonly historyTable: string;
  readonly entries: readonly LogEntry[];
}

/**
 * The newest rows of the history table (`<versionTable>_history`), newest first: every upgrade,
 * downgrade and stamp with its times, duration, statement progress and tool version. Read only.
 *
 * @example
 * const { entries } = await log({ config, limit: 20 });
 * entries[0]; // { revision: 'e4f7a9b2c3d1', direction: 'up', status: 'done', durationMs: 36, … }
 */
export async function log(options: { config: ResolvedConfig; limit?: number }): Promise<LogResult> {
  const { config } = options;
  const names = versionTableNames(config);
  const db = await connectWithConfig(config);
  let rows: HistoryRow[];
  try {
    rows = await readHistoryLog(db, names, options.limit ?? 20);
  } finally {
    await db.close();
  }
  // Messages are a courtesy: a broken revision file must not hide the log.
  const messages = new Map<string, string>();
  try {
    for (const file of (await loadProject(config)).list) messages.set(file.id, file.message);
  } catch {
    /* the log stands without them */
  }
  return {
    database: redactUrl(config.databaseUrl),
    historyTable: `${names.schema}.${historyTableName(names)}`,
    entries: rows.map((row) => {
      const message = messages.get(row.revision);
      return message === undefined ? row : { ...row, message };
    }),
  };
}
