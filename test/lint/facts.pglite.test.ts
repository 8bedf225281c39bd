import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe } from 'vitest';
import { createPglite } from '../../src/database/pglite-client.js';
import { factsSuite, type Sql } from './facts-suite.js';

describe('lint facts on PGlite', () => {
  let db: PGlite;
  beforeAll(async () => {
    // retort's adapter: the cached pristine cluster instead of initdb.
    db = await createPglite();
  });
  afterAll(async () => {
    await db?.close();
  });
  // PGlite's query() takes one statement; exec() runs a script and returns one result per statement.
  const sql = (): Sql => ({
    async query(text) {
      const results = await db.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
    },
  });
  factsSuite(sql);
});
