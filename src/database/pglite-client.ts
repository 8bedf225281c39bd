import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { DatabaseClient, QueryResult } from './client.js';
import { ConnectionError } from './connection-error.js';

/**
 * Opens the embedded database: `pglite:memory` in memory, `pglite:<dir>` on disk (relative to
 * the project root). PGlite is one in-process connection; everything above treats it like pg.
 */
export async function openPglite(url: string, rootDir: string): Promise<DatabaseClient> {
  const target = url.slice('pglite:'.length);
  const { PGlite } = await import('@electric-sql/pglite');
  let db: InstanceType<typeof PGlite>;
  try {
    if (target === 'memory' || target === '') db = await PGlite.create();
    else {
      const dir = isAbsolute(target) ? target : resolve(rootDir, target);
      await mkdir(dirname(dir), { recursive: true });
      db = await PGlite.create(dir);
    }
  } catch (error) {
    throw new ConnectionError(url, error instanceof Error ? error.message : String(error), {
      hint: 'The embedded database directory may be damaged or in use by another process.',
    });
  }
  return {
    kind: 'pglite',
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const result = await db.query<Row>(sql, params ? [...params] : undefined);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
    async serverVersion(): Promise<number> {
      const r = await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
      return Number(r.rows[0]?.v ?? 0);
    },
    async close(): Promise<void> {
      await db.close();
    },
  };
}
