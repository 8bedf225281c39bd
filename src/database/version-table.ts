import { privilegeHint } from '../core/database-errors.js';
import { ExitCode, RetortError } from '../core/errors.js';
import {
  createVersionTablesSql,
  HISTORY_PROGRESS_COLUMNS,
  historyTableName,
  selectAppliedChecksumsSql,
  selectRunningLegacySql,
  upgradeHistoryTableSql,
  selectHeadsSql,
  selectHistoryLogSql,
  selectRunningSql,
  type VersionTableNames,
} from '../core/runner/version-table-sql.js';
import type { DatabaseClient } from './client.js';

/** Whether a table exists (without creating anything). */
async function tableExists(db: DatabaseClient, schema: string, table: string): Promise<boolean> {
  const r = await db.query<{ ok: boolean }>(
    'SELECT to_regclass(format($1, $2::text, $3::text)) IS NOT NULL AS ok',
    ['%I.%I', schema, table],
  );
  return r.rows[0]?.ok === true;
}

/** Creates the version and history tables when absent. Call under the migration lock. */
export async function ensureVersionTables(
  db: DatabaseClient,
  names: VersionTableNames,
): Promise<void> {
  if (
    (await tableExists(db, names.schema, names.table)) &&
    (await tableExists(db, names.schema, historyTableName(names)))
  ) {
    // A history table made by an older retort: add the progress columns in place.
    if (!(await hasProgressColumns(db, names))) await db.query(upgradeHistoryTableSql(names));
    return;
  }
  // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists: skip
  // it then, so a role that owns only its schema can keep its version table there.
  const schemaExists =
    (
      await db.query<{ ok: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS ok',
        [names.schema],
      )
    ).rows[0]?.ok === true;
  try {
    for (const sql of createVersionTablesSql(names)) {
      if (schemaExists && sql.startsWith('CREATE SCHEMA')) continue;
      await db.query(sql);
    }
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    const message = (error as Error).message;
    throw new RetortError(
      'PERMISSION_DENIED',
      ExitCode.Migration,
      `Cannot create the version table ${names.schema}.${names.table}: ${message} (SQLSTATE 42501).`,
      {
        hint: `${privilegeHint(message) ?? 'Grant the role CREATE on the schema.'} Or set versionTableSchema to a schema the role may create tables in.`,
        details: { sqlState: '42501', schema: names.schema, table: names.table },
      },
    );
  }
}

/** Whether the history table has every column of HISTORY_PROGRESS_COLUMNS. */
async function hasProgressColumns(db: DatabaseClient, names: VersionTableNames): Promise<boolean> {
  const r = await db.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM pg_attribute
      WHERE attrelid = to_regclass(format('%I.%I', $1::text, $2::text)) AND NOT attisdropped
        AND attname = ANY($3::text[])`,
    [names.schema, historyTableName(names), HISTORY_PROGRESS_COLUMNS.map(([c]) => c)],
  );
  return Number(r.rows[0]?.n) === HISTORY_PROGRESS_COLUMNS.length;
}

/** The current heads; `[]` when the version table does not exist yet. */
export async function readHeads(db: DatabaseClient, names: VersionTableNames): Promise<string[]> {
  if (!(await tableExists(db, names.schema, names.table))) return [];
  const r = await db.query<{ version_num: string }>(selectHeadsSql(names));
  return r.rows.map((row) => row.version_num);
}

/** A step a crash or a failed non-transactional statement left half done. */
export interface RunningStep {
  readonly revision: string;
  readonly direction: 'up' | 'down';
  readonly statementsDone: number;
  readonly statementsTotal: number;
  readonly startedAt: string;
  /** The run and server backend that last wrote the row (absent on an older history table). */
  readonly runId?: string | undefined;
  readonly backendPid?: number | undefined;
  /**
   * The non-transactional statement (0-based index, and its unit) that was sent and never
   * confirmed: its outcome is unknown.
   */
  readonly inFlight?: { readonly statement: number; readonly unit: number } | undefined;
}

export async function readRunningSteps(
  db: DatabaseClient,
  names: VersionTableNames,
): Promise<RunningStep[]> {
  if (!(await tableExists(db, names.schema, historyTableName(names)))) return [];
  // Read-only: a history table not yet upgraded is read without its progress columns.
  const r = await db.query<{
    revision: string;
    direction: 'up' | 'down';
    statements_done: number;
    statements_total: number;
    started_at: Date | string;
    run_id?: string | null;
    backend_pid?: number | null;
    in_flight_statement?: number | null;
    in_flight_unit?: number | null;
  }>(
    (await hasProgressColumns(db, names)) ? selectRunningSql(names) : selectRunningLegacySql(names),
  );
  return r.rows.map((row) => ({
    revision: row.revision,
    direction: row.direction,
    statementsDone: Number(row.statements_done),
    statementsTotal: Number(row.statements_total),
    startedAt:
      row.started_at instanceof Date ? row.started_at.toISOString() : String(row.started_at),
    ...(row.run_id != null ? { runId: row.run_id } : {}),
    ...(row.backend_pid != null ? { backendPid: Number(row.backend_pid) } : {}),
    ...(row.in_flight_statement != null
      ? {
          inFlight: {
            statement: Number(row.in_flight_statement),
            unit: Number(row.in_flight_unit ?? -1),
          },
        }
      : {}),
  }));
}

/** revision → checksum it was last applied or accepted with (absent: never recorded). */
export async function readAppliedChecksums(
  db: DatabaseClient,
  names: VersionTableNames,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!(await tableExists(db, names.schema, historyTableName(names)))) return out;
  const r = await db.query<{ revision: string; checksum: string | null }>(
    selectAppliedChecksumsSql(names),
  );
  for (const row of r.rows) if (row.checksum) out.set(row.revision, row.checksum);
  return out;
}

/** Indexes left INVALID by a failed CREATE INDEX CONCURRENTLY. */
export async function readInvalidIndexes(
  db: DatabaseClient,
): Promise<{ schema: string; name: string; table: string }[]> {
  const r = await db.query<{ schema: string; name: string; table: string }>(
    `SELECT n.nspname AS schema, c.relname AS name, t.relname AS table
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1, 2`,
  );
  return r.rows;
}

/** One row of the history table. */
export interface HistoryRow {
  readonly id: number;
  readonly revision: string;
  readonly direction: string;
  readonly status: string;
  readonly checksum: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  readonly toolVersion: string;
  readonly statementsDone: number;
  readonly statementsTotal: number;
}

const iso = (value: Date | string | null): string | null =>
  value === null
    ? null
    : value instanceof Date
      ? value.toISOString()
      : new Date(value).toISOString();

/** The newest `limit` history rows, newest first; `[]` when the table does not exist yet. */
export async function readHistoryLog(
  db: DatabaseClient,
  names: VersionTableNames,
  limit: number,
): Promise<HistoryRow[]> {
  if (!(await tableExists(db, names.schema, historyTableName(names)))) return [];
  const r = await db.query<{
    id: number | string;
    revision: string;
    direction: string;
    status: string;
    checksum: string | null;
    started_at: Date | string;
    finished_at: Date | string | null;
    duration_ms: number | null;
    tool_version: string;
    statements_done: number;
    statements_total: number;
  }>(selectHistoryLogSql(names, limit));
  return r.rows.map((row) => ({
    id: Number(row.id),
    revision: row.revision,
    direction: row.direction,
    status: row.status,
    checksum: row.checksum,
    startedAt: iso(row.started_at) ?? '',
    finishedAt: iso(row.finished_at),
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    toolVersion: row.tool_version,
    statementsDone: Number(row.statements_done),
    statementsTotal: Number(row.statements_total),
  }));
}
