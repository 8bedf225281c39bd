import { afterAll } from 'vitest';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { engineSuite } from './engine-suite.js';

describePostgres('engine', (adminUrl) => {
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => drop?.());
  engineSuite('PostgreSQL', async () => {
    const database = await createTestDatabase(adminUrl());
    drop = database.drop;
    return database.url;
  });
});
