import { afterAll } from 'vitest';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { halfDoneSuite } from './half-done-suite.js';

describePostgres('half-done', (adminUrl) => {
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => drop?.());
  halfDoneSuite('PostgreSQL', async () => {
    const database = await createTestDatabase(adminUrl());
    drop = database.drop;
    return database.url;
  });
});
