import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { factsSuite } from './facts-suite.js';

describePostgres('lint facts on PostgreSQL', (adminUrl) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl());
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });
  factsSuite(() => client);
});
