import type { DatabaseClient, QueryResult } from './client.js';

/**
 * Minimal PGlite and node-postgres adapters for introspection and scratch databases.
 * (Stand-in until the runner's drivers are merged; same DatabaseClient interface.)
 */

/** The slice of the PGlite API used here. */
interface PGliteLike {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

/** Wraps an open PGlite instance. */
export function pgliteClient(db: PGliteLike): DatabaseClient {
  return {
    kind: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await db.query<Row>(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
    async serverVersion(): Promise<number> {
      const r = await db.query<{ v: string }>('SELECT current_setting($1) AS v', [
        'server_version_num',
      ]);
      return Number(r.rows[0]?.v);
    },
    close: () => db.close(),
  };
}

/** Opens a node-postgres client on `url`. */
export async function openPostgresClient(url: string): Promise<DatabaseClient> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    kind: 'postgres',
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await client.query(sql, [...params]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
    async serverVersion(): Promise<number> {
      const r = await client.query<{ v: string }>('SHOW server_version_num');
      return Number(r.rows[0]?.v);
    },
    close: () => client.end(),
  };
}

/** Opens the database a URL names: `postgres://…`, `pglite:memory` or `pglite:<dir>`. */
export async function openDatabaseUrl(url: string, rootDir: string): Promise<DatabaseClient> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return openPostgresClient(url);
  if (url.startsWith('pglite:')) {
    const { PGlite } = await import('@electric-sql/pglite');
    const { resolve } = await import('node:path');
    const where = url.slice('pglite:'.length);
    const db =
      where === 'memory' || where === ''
        ? await PGlite.create()
        : await PGlite.create(resolve(rootDir, where));
    return pgliteClient(db);
  }
  const { RetortError, ExitCode } = await import('../core/errors.js');
  throw new RetortError(
    'DATABASE_URL_INVALID',
    ExitCode.Config,
    `Unsupported database URL scheme in ${url.split(':')[0]}:…`,
    {
      hint: 'Use postgres://user@host/db, pglite:memory or pglite:./path.',
    },
  );
}
