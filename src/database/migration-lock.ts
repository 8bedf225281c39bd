import type { VersionTableNames } from '../core/runner/version-table-sql.js';
import { acquireMigrationLock, TransactionPoolerError, type HeldLock } from './advisory-lock.js';
import type { DatabaseClient } from './client.js';
import { acquireLeaseLock, type TakenOverLease } from './lease-lock.js';

/** `run.lock`: `auto` takes the advisory lock unless the server cannot give one that holds. */
export type LockStrategy = 'auto' | 'advisory' | 'table';

export interface LockSettings {
  readonly lock: LockStrategy;
  readonly lockWaitMs: number;
  readonly leaseTtlMs: number;
}

/** The migration lock a run holds, and which kind it is. */
export interface TakenLock extends HeldLock {
  readonly strategy: 'advisory' | 'table';
  /** Why `auto` chose the lease lock. */
  readonly reason?: 'transaction-pooler' | 'no-advisory-locks';
  /** A stale lease this run took over. */
  readonly tookOver?: TakenOverLease;
}

const pid = async (db: DatabaseClient): Promise<number | undefined> =>
  (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;

/**
 * Whether a transaction-mode (or statement-mode) pooler sits between retort and the server:
 * two client connections that land on the same server session, or one that moves between
 * sessions, prove it (a direct connection or a session-mode pool never does either). Returns
 * the second connection so the lease lock can reuse it for its heartbeats.
 */
export async function detectTransactionPooler(
  db: DatabaseClient,
  openSide: () => Promise<DatabaseClient>,
): Promise<{ pooled: boolean; side: DatabaseClient }> {
  const side = await openSide();
  try {
    const seen: [number | undefined, number | undefined][] = [];
    for (let i = 0; i < 3; i++) seen.push([await pid(db), await pid(side)]);
    const pooled = seen.some(
      ([a, b], i) =>
        a === b || a !== seen[0]![0] || b !== seen[0]![1] || (i > 0 && a === seen[i - 1]![1]),
    );
    return { pooled, side };
  } catch (error) {
    await side.close();
    throw error;
  }
}

/**
 * CockroachDB and YugabyteDB speak PostgreSQL's protocol but give no advisory lock that holds
 * across the cluster (absent, no-op or behind a flag, depending on the version).
 */
export const distributedEngine = async (db: DatabaseClient): Promise<boolean> => {
  const r = await db.query<{ v: string }>('SELECT version() AS v');
  return /CockroachDB|-YB-/.test(r.rows[0]?.v ?? '');
};

const noAdvisoryLocks = (error: unknown): boolean => {
  const code = (error as { code?: string }).code;
  // undefined_function (CockroachDB before advisory support), feature_not_supported
  return code === '42883' || code === '0A000';
};

/**
 * Takes the migration lock of a version table with the configured strategy. `openSide` opens a
 * second connection to the same database (the pooler probe and the lease heartbeat use it);
 * `known`, when the caller already probed this server, skips the probes.
 *
 * @example
 * const lock = await takeMigrationLock(db, names, config.run, () => connectWithConfig(config));
 * try { ... } finally { await lock.release(); }
 */
export async function takeMigrationLock(
  db: DatabaseClient,
  names: VersionTableNames,
  settings: LockSettings,
  openSide: () => Promise<DatabaseClient>,
  known: { pooled?: boolean; distributed?: boolean } = {},
): Promise<TakenLock> {
  const lease = async (
    side: DatabaseClient | undefined,
    reason?: TakenLock['reason'],
  ): Promise<TakenLock> => {
    const client = side ?? (db.kind === 'pglite' ? db : await openSide());
    const close = async () => {
      if (client !== db) await client.close();
    };
    try {
      const held = await acquireLeaseLock(client, names, {
        waitMs: settings.lockWaitMs,
        ttlMs: settings.leaseTtlMs,
      });
      return {
        strategy: 'table',
        ...(reason ? { reason } : {}),
        ...(held.tookOver ? { tookOver: held.tookOver } : {}),
        async release() {
          try {
            await held.release();
          } finally {
            await close();
          }
        },
      };
    } catch (error) {
      await close();
      throw error;
    }
  };

  if (settings.lock === 'table') return lease(undefined);
  if (
    settings.lock === 'auto' &&
    db.kind === 'postgres' &&
    (known.distributed ?? (await distributedEngine(db)))
  )
    return lease(undefined, 'no-advisory-locks');
  let pooled = known.pooled ?? false;
  if (db.kind === 'postgres' && known.pooled === undefined) {
    // A server with no connection to spare for the probe still gets the advisory lock, whose
    // own session check catches a pooler.
    const probe = await detectTransactionPooler(db, openSide).catch(() => undefined);
    pooled = probe?.pooled ?? false;
    if (probe && pooled && settings.lock === 'auto') return lease(probe.side, 'transaction-pooler');
    await probe?.side.close();
  }
  if (pooled) {
    if (settings.lock === 'auto') return lease(undefined, 'transaction-pooler');
    throw new TransactionPoolerError();
  }
  try {
    const held = await acquireMigrationLock(db, names, settings.lockWaitMs);
    return { strategy: 'advisory', release: () => held.release() };
  } catch (error) {
    if (settings.lock === 'auto' && noAdvisoryLocks(error))
      return lease(undefined, 'no-advisory-locks');
    // The probe can miss a pooler under load; the lock's own session check catches it.
    if (settings.lock === 'auto' && error instanceof TransactionPoolerError)
      return lease(undefined, 'transaction-pooler');
    throw error;
  }
}
