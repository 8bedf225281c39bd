import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseClient } from '../../src/database/client.js';
import { connect } from '../../src/database/connect.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { runRawPull, runRoutinesCycle } from './corpus-routines.js';

describePostgres('functions, triggers, views, RLS and policies on PostgreSQL', (adminUrl) => {
  const made: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
  const clients: DatabaseClient[] = [];
  const open = async (): Promise<DatabaseClient> => {
    const database = await createTestDatabase(adminUrl());
    made.push(database);
    const db = await connect({ url: database.url, rootDir: process.cwd() });
    clients.push(db);
    return db;
  };
  beforeAll(() => undefined);
  afterAll(async () => {
    for (const db of clients) await db.close();
    for (const database of made) await database.drop();
  });

  it('declare → autogenerate → apply → no difference; change cycle and downgrade; pull', async () => {
    await runRoutinesCycle(await open());
    expect(true).toBe(true);
  }, 500_000);

  it('raw SQL → pull → the pulled declaration normalises to the same model', async () => {
    await runRawPull(await open());
  }, 500_000);
});
