import { ExitCode, RetortError } from '../core/errors.js';
import { migrationLockKey } from '../core/runner/lock-key.js';
import type { VersionTableNames } from '../core/runner/version-table-sql.js';
import type { DatabaseClient } from './client.js';

/** Who holds the migration lock, from pg_stat_activity. */
export interface LockHolder {
  readonly pid: number;
  readonly applicationName: string;
  readonly clientAddr: string | null;
  readonly since: string | null;
}

/** Another migrator held the lock for longer than `run.lockWaitMs`. */
export class MigrationLockTimeoutError extends RetortError {
  constructor(waitedMs: number, holder: LockHolder | undefined, names: VersionTableNames) {
    const who = holder
      ? `held by pid ${holder.pid} (application_name '${holder.applicationName}', client ${holder.clientAddr ?? 'local socket'}, since ${holder.since ?? 'unknown'})`
      : 'held by another session';
    super(
      'LOCK_TIMEOUT',
      ExitCode.Lock,
      `Another migration is running: the migration lock of ${names.schema}.${names.table} is ${who}; gave up after ${waitedMs} ms.`,
      {
        hint: 'Wait for it to finish and run again, raise run.lockWaitMs, or end that session (SELECT pg_terminate_backend(pid)) if it is stuck.',
        details: { holder, waitedMs },
      },
    );
  }
}

/** Session locks are void behind a transaction-mode pooler: each query may land elsewhere. */
export class TransactionPoolerError extends RetortError {
  constructor() {
    super(
      'TRANSACTION_POOLER',
      ExitCode.Safety,
      'The connection changed server sessions between two queries: a transaction-mode pooler (e.g. PgBouncer) sits in front of the database, and the migration lock would not hold.',
      {
        hint: "Use the lease lock (run: { lock: 'table' } in the config, or leave run.lock at 'auto'), or point databaseUrl / DATABASE_URL straight at PostgreSQL (or a session-mode pool) for migrations.",
      },
    );
  }
}

export interface HeldLock {
  release(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Takes the session-level advisory lock of a version table by polling `pg_try_advisory_lock`
 * (never a blocking wait: a blocked waiter deadlocks with the holder's CREATE INDEX
 * CONCURRENTLY). Must be called with no transaction open.
 *
 * @example
 * const lock = await acquireMigrationLock(db, { schema: 'public', table: 'retort_version' }, 30000);
 * try { ... } finally { await lock.release(); }
 */
export async function acquireMigrationLock(
  db: DatabaseClient,
  names: VersionTableNames,
  waitMs: number,
): Promise<HeldLock> {
  if (db.exclusiveLock) return db.exclusiveLock(waitMs);
  const key = migrationLockKey(names.schema, names.table);
  const start = Date.now();
  let delay = 50;
  for (;;) {
    const r = await db.query<{ ok: boolean; pid: number }>(
      'SELECT pg_try_advisory_lock($1::bigint) AS ok, pg_backend_pid() AS pid',
      [key],
    );
    const row = r.rows[0];
    if (row?.ok) {
      const again = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      if (db.kind === 'postgres' && again.rows[0]?.pid !== row.pid) {
        // Best effort: the unlock may land on yet another session.
        await db.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
        throw new TransactionPoolerError();
      }
      return {
        async release() {
          await db.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
        },
      };
    }
    const waited = Date.now() - start;
    if (waited >= waitMs)
      throw new MigrationLockTimeoutError(waited, await lockHolder(db, key), names);
    await sleep(Math.min(delay, Math.max(1, waitMs - waited)));
    delay = Math.min(delay * 2, 1000);
  }
}

async function lockHolder(db: DatabaseClient, key: string): Promise<LockHolder | undefined> {
  const r = await db.query<{
    pid: number;
    application_name: string;
    client_addr: string | null;
    since: string | null;
  }>(
    `SELECT a.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start::text AS since
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.classid = (($1::bigint >> 32) & 4294967295)::oid
        AND l.objid = ($1::bigint & 4294967295)::oid
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      LIMIT 1`,
    [key],
  );
  const row = r.rows[0];
  return row
    ? {
        pid: row.pid,
        applicationName: row.application_name,
        clientAddr: row.client_addr,
        since: row.since,
      }
    : undefined;
}
