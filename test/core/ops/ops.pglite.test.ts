import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { afterAll, beforeAll, describe } from 'vitest';
import { defineOpScenarios, type TestDb } from './op-scenarios.js';

// One PGlite per file: initdb costs over a second.
describe('every op on PGlite', () => {
  let pglite: PGlite;
  let db: TestDb;
  beforeAll(async () => {
    pglite = await PGlite.create({ extensions: { pg_trgm, btree_gin } });
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
