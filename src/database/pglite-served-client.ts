import type { DatabaseClient } from './client.js';
import { acquireDirectoryLock, type LockHolderInfo } from './directory-lock.js';
import { openPg } from './pg-client.js';

/**
 * A connection to an embedded database that `retort db serve` holds, through its loopback
 * socket: fast (no PGlite in this process) and safe (the server owns the directory). Every
 * client of the server shares one PostgreSQL session, so the migration lock is a lock file
 * (`<dir>.migrate.lock`) instead of an advisory lock.
 */
export async function connectServed(
  dataDir: string,
  holder: LockHolderInfo,
  lockWaitMs: number,
): Promise<DatabaseClient> {
  const host = holder.host ?? '127.0.0.1';
  const client = await openPg(`postgres://postgres@${host}:${holder.port}/postgres`, {
    rootDir: dataDir,
    passwordFile: undefined,
    ssl: false,
    connectTimeoutMs: 10_000,
    env: {},
  });
  return {
    kind: 'pglite',
    query: (sql, params) => client.query(sql, params),
    exec: (sql) => client.exec(sql),
    serverVersion: () => client.serverVersion(),
    close: () => client.close(),
    async exclusiveLock(waitMs: number) {
      const r = await acquireDirectoryLock(`${dataDir}.migrate`, { waitMs: waitMs ?? lockWaitMs });
      if (r.kind !== 'held') throw new Error('unreachable: a migrate lock is never served');
      return { release: () => r.lock.release() };
    },
  };
}
