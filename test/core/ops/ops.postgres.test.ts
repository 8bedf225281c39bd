import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, describePostgres } from '../../support/postgres.js';
import { defineOpScenarios, type TestDb } from './op-scenarios.js';

describePostgres('every op on PostgreSQL', (adminUrl) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: pg.Client;
  let db: TestDb;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl());
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    db = {
      exec: async (sql) => {
        await client.query(sql);
      },
      rows: async (sql, params) =>
        (await client.query(sql, params)).rows as Record<string, unknown>[],
    };
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });
  defineOpScenarios(() => db);
});
