import type { DatabaseClient, QueryResult } from './client.js';

/**
 * Wraps an already created PGlite instance (the scratch database, created with extensions that
 * the runner's `openPglite` does not load) as a DatabaseClient.
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
