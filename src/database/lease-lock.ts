import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ExitCode, RetortError } from '../core/errors.js';
import {
  createLeaseTableSql,
  leaseTableName,
  releaseLeaseSql,
  renewLeaseSql,
  selectLeaseSql,
  takeLeaseSql,
} from '../core/runner/lease-sql.js';
import type { VersionTableNames } from '../core/runner/version-table-sql.js';
import type { HeldLock } from './advisory-lock.js';
import type { DatabaseClient } from './client.js';

/** A lease row as read from the lease table. */
export interface Lease {
  readonly holder: string;
  readonly runId: string;
  readonly acquiredAt: string;
  readonly heartbeatAt: string;
  readonly expiresAt: string;
  /** Negative once expired (stale). */
  readonly expiresInMs: number;
}

/** The stale lease a run took over. */
export interface TakenOverLease {
  readonly holder: string;
  readonly runId: string;
  readonly expiredAt: string;
}

export interface HeldLease extends HeldLock {
  readonly runId: string;
  readonly tookOver?: TakenOverLease;
  /** True once a renewal found the lease held by someone else (it expired and was taken over). */
  readonly lost: boolean;
}

export interface LeaseOptions {
  readonly waitMs: number;
  /** How long a lease lives without a heartbeat. */
  readonly ttlMs: number;
  /** Who holds it, for the wait message; default `<host> pid <pid>`. */
  readonly holder?: string;
}

/** Another migrator held the lease for longer than `run.lockWaitMs`. */
export class LeaseLockTimeoutError extends RetortError {
  constructor(waitedMs: number, lease: Lease | undefined, names: VersionTableNames) {
    const table = `${names.schema}.${leaseTableName(names)}`;
    const who = lease
      ? `held by ${lease.holder} (run ${lease.runId}, since ${lease.acquiredAt}, last heartbeat ${lease.heartbeatAt}, ${lease.expiresInMs >= 0 ? `expires in ${Math.ceil(lease.expiresInMs / 1000)} s unless renewed` : 'expired'})`
      : 'held by another run';
    super(
      'LOCK_TIMEOUT',
      ExitCode.Lock,
      `Another migration is running: the lease in ${table} is ${who}; gave up after ${waitedMs} ms.`,
      {
        hint: `Wait for it to finish and run again, or raise run.lockWaitMs. A run that died leaves a lease that expires ${'after run.leaseTtlMs'} without heartbeats and is then taken over; to clear it at once: DELETE FROM ${table} WHERE run_id = '${lease?.runId ?? '…'}'.`,
        details: { lease, waitedMs, strategy: 'table' },
      },
    );
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const defaultHolder = (): string => `${hostname()} pid ${process.pid}`;

/** Creates the lease table; two runs racing to create it both succeed. */
async function ensureLeaseTable(db: DatabaseClient, names: VersionTableNames): Promise<void> {
  for (const sql of createLeaseTableSql(names)) {
    try {
      await db.query(sql);
    } catch (error) {
      // A concurrent CREATE … IF NOT EXISTS can still collide on the catalog's unique index.
      const code = (error as { code?: string }).code;
      if (code !== '23505' && code !== '42P07' && code !== '42P06') throw error;
    }
  }
}

async function readLease(db: DatabaseClient, names: VersionTableNames): Promise<Lease | undefined> {
  const r = await db.query<{
    holder: string;
    run_id: string;
    acquired_at: string;
    heartbeat_at: string;
    expires_at: string;
    expires_in_ms: string;
  }>(selectLeaseSql(names));
  const row = r.rows[0];
  return row
    ? {
        holder: row.holder,
        runId: row.run_id,
        acquiredAt: row.acquired_at,
        heartbeatAt: row.heartbeat_at,
        expiresAt: row.expires_at,
        expiresInMs: Number(row.expires_in_ms),
      }
    : undefined;
}

/**
 * Takes the lease-table lock of a version table: one row in `<table>_lock`, taken by a single
 * short statement (so it holds through a transaction-mode pooler and on engines without advisory
 * locks), renewed every third of `ttlMs` while the run lasts, taken over once expired.
 * `db` should be a connection of its own: a heartbeat queued behind a long migration statement
 * on the same connection would let the lease expire.
 *
 * @example
 * const lease = await acquireLeaseLock(side, names, { waitMs: 30000, ttlMs: 30000 });
 * try { ... } finally { await lease.release(); }
 */
export async function acquireLeaseLock(
  db: DatabaseClient,
  names: VersionTableNames,
  options: LeaseOptions,
): Promise<HeldLease> {
  await ensureLeaseTable(db, names);
  const runId = randomUUID();
  const holder = options.holder ?? defaultHolder();
  const start = Date.now();
  let delay = 50;
  for (;;) {
    const r = await db.query<{
      prev_holder: string | null;
      prev_run_id: string | null;
      prev_expires_at: string | null;
    }>(takeLeaseSql(names, { holder, runId, ttlMs: options.ttlMs }));
    const row = r.rows[0];
    if (row) {
      const tookOver =
        row.prev_run_id !== null
          ? {
              holder: row.prev_holder ?? '',
              runId: row.prev_run_id,
              expiredAt: row.prev_expires_at ?? '',
            }
          : undefined;
      return heldLease(db, names, runId, options.ttlMs, tookOver);
    }
    const waited = Date.now() - start;
    if (waited >= options.waitMs)
      throw new LeaseLockTimeoutError(waited, await readLease(db, names), names);
    await sleep(Math.min(delay, Math.max(1, options.waitMs - waited)));
    delay = Math.min(delay * 2, 1000);
  }
}

function heldLease(
  db: DatabaseClient,
  names: VersionTableNames,
  runId: string,
  ttlMs: number,
  tookOver: TakenOverLease | undefined,
): HeldLease {
  let lost = false;
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = db.query(renewLeaseSql(names, runId, ttlMs)).then(
        (r) => {
          if (r.rowCount === 0) lost = true;
        },
        () => undefined, // a failed heartbeat is retried on the next tick
      );
    },
    Math.max(10, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    runId,
    ...(tookOver ? { tookOver } : {}),
    get lost() {
      return lost;
    },
    async release() {
      clearInterval(timer);
      await renewing;
      await db.query(releaseLeaseSql(names, runId)).catch(() => undefined);
    },
  };
}
