import { quoteIdent, quoteLiteral, quoteQualified } from '../sql/quote.js';
import type { VersionTableNames } from './version-table-sql.js';

/** The lease table sits beside the version table as `<table>_lock`. */
export const leaseTableName = (names: VersionTableNames): string => `${names.table}_lock`;

const leaseTable = (n: VersionTableNames): string => quoteQualified(leaseTableName(n), n.schema);

/** DDL creating the lease table if absent (one row per lock name). */
export function createLeaseTableSql(names: VersionTableNames): string[] {
  return [
    ...(names.schema !== 'public'
      ? [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(names.schema)}`]
      : []),
    `CREATE TABLE IF NOT EXISTS ${leaseTable(names)} (name text PRIMARY KEY, holder text NOT NULL, run_id text NOT NULL, acquired_at timestamptz NOT NULL, heartbeat_at timestamptz NOT NULL, expires_at timestamptz NOT NULL)`,
  ];
}

/** What a lease row says, as the server's clock sees it. */
export const LEASE_COLUMNS =
  'holder, run_id, acquired_at::text AS acquired_at, heartbeat_at::text AS heartbeat_at, expires_at::text AS expires_at, (extract(epoch from expires_at - clock_timestamp()) * 1000)::bigint AS expires_in_ms';

/**
 * One statement that takes the lease when it is free or expired and returns the row it replaced
 * (`prev_*`, null when free); no row when another run holds a live lease. Times come from the
 * server's clock, so clients with skewed clocks agree.
 */
export function takeLeaseSql(
  names: VersionTableNames,
  lease: { holder: string; runId: string; ttlMs: number },
): string {
  const t = leaseTable(names);
  const expires = `clock_timestamp() + ${Math.ceil(lease.ttlMs)} * interval '1 millisecond'`;
  return `WITH prev AS (SELECT holder, run_id, expires_at FROM ${t} WHERE name = 'migrate') INSERT INTO ${t} AS l (name, holder, run_id, acquired_at, heartbeat_at, expires_at) VALUES ('migrate', ${quoteLiteral(lease.holder)}, ${quoteLiteral(lease.runId)}, clock_timestamp(), clock_timestamp(), ${expires}) ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, run_id = EXCLUDED.run_id, acquired_at = EXCLUDED.acquired_at, heartbeat_at = EXCLUDED.heartbeat_at, expires_at = EXCLUDED.expires_at WHERE l.expires_at < clock_timestamp() RETURNING (SELECT holder FROM prev) AS prev_holder, (SELECT run_id FROM prev) AS prev_run_id, (SELECT expires_at::text FROM prev) AS prev_expires_at`;
}

/** Extends a lease this run holds; touches no row when it was lost. */
export const renewLeaseSql = (names: VersionTableNames, runId: string, ttlMs: number): string =>
  `UPDATE ${leaseTable(names)} SET heartbeat_at = clock_timestamp(), expires_at = clock_timestamp() + ${Math.ceil(ttlMs)} * interval '1 millisecond' WHERE name = 'migrate' AND run_id = ${quoteLiteral(runId)}`;

/** Gives the lease back (only if this run still holds it). */
export const releaseLeaseSql = (names: VersionTableNames, runId: string): string =>
  `DELETE FROM ${leaseTable(names)} WHERE name = 'migrate' AND run_id = ${quoteLiteral(runId)}`;

/** The current lease row, if any. */
export const selectLeaseSql = (names: VersionTableNames): string =>
  `SELECT ${LEASE_COLUMNS} FROM ${leaseTable(names)} WHERE name = 'migrate'`;
