import { afterAll, beforeAll, it } from 'vitest';
import type { DatabaseClient } from '../../src/database/client.js';
import { connect } from '../../src/database/connect.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { expectUnmanagedKinds } from './unmanaged-kinds-cases.js';

describePostgres('unmanaged objects (PostgreSQL)', (adminUrl) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DatabaseClient;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl());
    db = await connect({ url: database.url, rootDir: process.cwd() });
  });
  afterAll(async () => {
    // Database-wide objects outlive the database's tables: drop them with it.
    await db?.exec(
      'DROP SERVER IF EXISTS dummy_srv; DROP FOREIGN DATA WRAPPER IF EXISTS dummy_fdw;',
    );
    await db?.close();
    await database?.drop();
  });

  it('lists inheritance, range types, casts, operators, statistics, text search, servers…', async () => {
    await expectUnmanagedKinds(db, new URL(database.url).username);
  });
});
