import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe } from 'vitest';
import { createPglite } from '../../../src/database/pglite-client.js';
import { defineOpScenarios, type TestDb } from './op-scenarios.js';

// One PGlite per file (retort's adapter: the cached pristine cluster, no initdb).
describe('every op on PGlite', () => {
  let pglite: PGlite;
  let db: TestDb;
  beforeAll(async () => {
    pglite = await createPglite({ extensions: ['pg_trgm', 'btree_gin'] });
    db = {
      exec: async (sql) => {
        await pglite.query(sql);
      },
      rows: async (sql, params) => (await pglite.query<Record<string, unknown>>(sql, params)).rows,
    };
  });
  afterAll(async () => {
    await pglite.close();
  });
  defineOpScenarios(() => db);
});
