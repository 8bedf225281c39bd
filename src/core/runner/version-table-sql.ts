import { quoteIdent, quoteLiteral, quoteQualified } from '../sql/quote.js';

/** Where the version table lives; the history table sits beside it as `<table>_history`. */
/** Longest revision id the version table holds (`version_num varchar(32)`, as Alembic's). */
export const MAX_REVISION_ID_LENGTH = 32;

export interface VersionTableNames {
  readonly schema: string;
  readonly table: string;
}

/** One bookkeeping row of the history table. */
export interface HistoryEntry {
  readonly revision: string;
  /** `up`, `down`, `stamp` or `accept` (an edited file's new checksum, accepted by the user). */
  readonly direction: 'up' | 'down' | 'stamp' | 'accept';
  readonly checksum: string | null;
  readonly toolVersion: string;
  readonly statementsDone: number;
  readonly statementsTotal: number;
  readonly status: 'running' | 'done';
  /** The run that wrote the row (its connection's `application_name` is `retort <runId>`). */
  readonly runId?: string | undefined;
}

/**
 * Columns added to the history table after its first release, with their types: a history table
 * created by an older retort gets them in place (`ALTER TABLE … ADD COLUMN IF NOT EXISTS`).
 * `run_id` and `backend_pid` name the run and server backend that wrote a row;
 * `in_flight_statement` / `in_flight_unit` (0-based) mark the non-transactional statement sent
 * and not yet confirmed: after a crash its outcome is unknown until the catalog or the operator
 * says.
 */
export const HISTORY_PROGRESS_COLUMNS: readonly (readonly [string, string])[] = [
  ['run_id', 'text'],
  ['backend_pid', 'integer'],
  ['in_flight_statement', 'integer'],
  ['in_flight_unit', 'integer'],
];

/** The in-place upgrade of a history table created before {@link HISTORY_PROGRESS_COLUMNS}. */
export const upgradeHistoryTableSql = (names: VersionTableNames): string =>
  `ALTER TABLE ${historyTable(names)} ${HISTORY_PROGRESS_COLUMNS.map(([c, t]) => `ADD COLUMN IF NOT EXISTS ${c} ${t}`).join(', ')}`;

/** `application_name` of a run's migration connection: how its backend is found again. */
export const runApplicationName = (runId: string): string => `retort ${runId}`;

export const historyTableName = (names: VersionTableNames): string => `${names.table}_history`;

const versionTable = (n: VersionTableNames): string => quoteQualified(n.table, n.schema);
const historyTable = (n: VersionTableNames): string =>
  quoteQualified(historyTableName(n), n.schema);

/**
 * DDL creating both tables if absent. The version table has exactly Alembic's shape, so
 * configuring `alembic_version` takes over a database Alembic managed.
 */
export function createVersionTablesSql(names: VersionTableNames): string[] {
  const out: string[] = [];
  if (names.schema !== 'public')
    out.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(names.schema)}`);
  out.push(
    `CREATE TABLE IF NOT EXISTS ${versionTable(names)} (version_num varchar(${MAX_REVISION_ID_LENGTH}) NOT NULL, CONSTRAINT ${quoteIdent(`${names.table}_pkc`)} PRIMARY KEY (version_num))`,
    `CREATE TABLE IF NOT EXISTS ${historyTable(names)} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, revision varchar(${MAX_REVISION_ID_LENGTH}) NOT NULL, direction text NOT NULL, checksum text, started_at timestamptz NOT NULL DEFAULT clock_timestamp(), finished_at timestamptz, duration_ms integer, tool_version text NOT NULL, statements_done integer NOT NULL DEFAULT 0, statements_total integer NOT NULL DEFAULT 0, status text NOT NULL, ${HISTORY_PROGRESS_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')})`,
    // Silent when the columns are there (an offline script applied with psql prints no NOTICE).
    `DO $retort$ BEGIN IF (SELECT count(*) FROM pg_attribute WHERE attrelid = ${quoteLiteral(historyTable(names))}::regclass AND attname IN (${HISTORY_PROGRESS_COLUMNS.map(([c]) => quoteLiteral(c)).join(', ')}) AND NOT attisdropped) < ${HISTORY_PROGRESS_COLUMNS.length} THEN ${upgradeHistoryTableSql(names)}; END IF; END $retort$`,
  );
  return out;
}

/** Replaces the rows `before − after` by `after − before` (Alembic's head bookkeeping). */
export function updateHeadsSql(
  names: VersionTableNames,
  before: readonly string[],
  after: readonly string[],
): string[] {
  const removed = before.filter((h) => !after.includes(h));
  const added = after.filter((h) => !before.includes(h));
  const out: string[] = [];
  if (removed.length === 1 && added.length === 1) {
    // One head moves (the common case): Alembic's single UPDATE.
    return [
      `UPDATE ${versionTable(names)} SET version_num = ${quoteLiteral(added[0]!)} WHERE version_num = ${quoteLiteral(removed[0]!)}`,
    ];
  }
  if (removed.length > 0)
    out.push(
      `DELETE FROM ${versionTable(names)} WHERE version_num IN (${removed.map(quoteLiteral).join(', ')})`,
    );
  if (added.length > 0)
    out.push(
      `INSERT INTO ${versionTable(names)} (version_num) VALUES ${added.map((h) => `(${quoteLiteral(h)})`).join(', ')}`,
    );
  return out;
}

/** Deletes every row of the version table (`stamp --purge`). */
export const purgeHeadsSql = (names: VersionTableNames): string =>
  `DELETE FROM ${versionTable(names)}`;

/** Inserts a history row; a `done` row gets its finish time and duration from `started_at`. */
export function insertHistorySql(names: VersionTableNames, entry: HistoryEntry): string {
  const finished =
    entry.status === 'done'
      ? 'clock_timestamp(), (extract(epoch from clock_timestamp() - now()) * 1000)::integer'
      : 'NULL, NULL';
  return `INSERT INTO ${historyTable(names)} (revision, direction, checksum, started_at, finished_at, duration_ms, tool_version, statements_done, statements_total, status, run_id, backend_pid) VALUES (${quoteLiteral(entry.revision)}, ${quoteLiteral(entry.direction)}, ${entry.checksum === null ? 'NULL' : quoteLiteral(entry.checksum)}, now(), ${finished}, ${quoteLiteral(entry.toolVersion)}, ${entry.statementsDone}, ${entry.statementsTotal}, ${quoteLiteral(entry.status)}, ${entry.runId === undefined ? 'NULL' : quoteLiteral(entry.runId)}, pg_backend_pid())`;
}

/** Records progress of a half-done (`running`) step; `done` closes it. */
export function updateProgressSql(
  names: VersionTableNames,
  revision: string,
  statementsDone: number,
  done: boolean,
): string {
  const finish = done
    ? `, status = 'done', finished_at = clock_timestamp(), duration_ms = (extract(epoch from clock_timestamp() - started_at) * 1000)::integer`
    : '';
  return `UPDATE ${historyTable(names)} SET statements_done = ${statementsDone}, in_flight_statement = NULL, in_flight_unit = NULL${finish} WHERE revision = ${quoteLiteral(revision)} AND status = 'running'`;
}

/**
 * Marks the non-transactional statement about to be sent (committed before it is sent): a crash
 * before the matching {@link updateProgressSql} leaves its outcome unknown, and the next run
 * looks for this backend (`backend_pid`, `application_name` = `retort <run_id>`) and the catalog.
 */
export function markInFlightSql(
  names: VersionTableNames,
  revision: string,
  inFlight: { readonly statement: number; readonly unit: number; readonly runId?: string },
): string {
  return `UPDATE ${historyTable(names)} SET in_flight_statement = ${inFlight.statement}, in_flight_unit = ${inFlight.unit}, backend_pid = pg_backend_pid(), run_id = ${inFlight.runId === undefined ? 'NULL' : quoteLiteral(inFlight.runId)} WHERE revision = ${quoteLiteral(revision)} AND status = 'running'`;
}

/**
 * Resolves the in-flight statement of a half-done step by the operator's (or the catalog's)
 * word: `skip` counts it as done, `rerun` leaves it to run again.
 */
export function resolveInFlightSql(
  names: VersionTableNames,
  revision: string,
  how: 'skip' | 'rerun',
): string {
  const done = how === 'skip' ? 'statements_done = in_flight_statement + 1, ' : '';
  return `UPDATE ${historyTable(names)} SET ${done}in_flight_statement = NULL, in_flight_unit = NULL WHERE revision = ${quoteLiteral(revision)} AND status = 'running' AND in_flight_statement IS NOT NULL`;
}

/** Reads the heads. */
export const selectHeadsSql = (names: VersionTableNames): string =>
  `SELECT version_num FROM ${versionTable(names)} ORDER BY version_num`;

/** Steps left half done by a crash or a failed non-transactional statement. */
export const selectRunningSql = (names: VersionTableNames): string =>
  `SELECT revision, direction, statements_done, statements_total, started_at, ${HISTORY_PROGRESS_COLUMNS.map(([c]) => c).join(', ')} FROM ${historyTable(names)} WHERE status = 'running' ORDER BY id`;

/** {@link selectRunningSql} on a history table not yet upgraded (read without altering it). */
export const selectRunningLegacySql = (names: VersionTableNames): string =>
  `SELECT revision, direction, statements_done, statements_total, started_at FROM ${historyTable(names)} WHERE status = 'running' ORDER BY id`;

/**
 * The checksum each revision was last applied (or accepted) with; a revision whose latest row
 * is a downgrade is not applied.
 */
export const selectAppliedChecksumsSql = (names: VersionTableNames): string =>
  `SELECT revision, direction, checksum FROM (SELECT DISTINCT ON (revision) revision, direction, checksum FROM ${historyTable(names)} WHERE status = 'done' AND direction <> 'stamp' ORDER BY revision, id DESC) last WHERE direction <> 'down'`;

/**
 * Closes the `running` progress rows of the given revisions as `stamped` (`retort stamp` moved
 * past them, so they no longer describe a half-done step).
 */
export function closeStaleProgressSql(
  names: VersionTableNames,
  revisions: readonly string[],
): string {
  return `UPDATE ${historyTable(names)} SET status = 'stamped', finished_at = clock_timestamp() WHERE status = 'running' AND revision IN (${revisions.map(quoteLiteral).join(', ')})`;
}
/** The newest `limit` rows of the history table, newest first (`retort log`). */
export const selectHistoryLogSql = (names: VersionTableNames, limit: number): string =>
  `SELECT id, revision, direction, status, checksum, started_at, finished_at, duration_ms, tool_version, statements_done, statements_total FROM ${historyTable(names)} ORDER BY id DESC LIMIT ${Math.max(0, Math.floor(limit))}`;
