import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseClient } from '../../src/database/client.js';
import { connect } from '../../src/database/connect.js';
import { introspectUnmanaged } from '../../src/database/introspect.js';
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
    // One statement each: DROP SUBSCRIPTION refuses a transaction block.
    for (const drop of [
      'DROP SUBSCRIPTION IF EXISTS drift_sub',
      'DROP SERVER IF EXISTS dummy_srv',
      'DROP FOREIGN DATA WRAPPER IF EXISTS dummy_fdw',
    ])
      await db?.exec(drop);
    await db?.close();
    await database?.drop();
  });

  it('lists inheritance, range types, casts, operators, statistics, text search, servers…', async () => {
    await expectUnmanagedKinds(db, new URL(database.url).username);
  });

  it('lists a subscription (never reading its connection string)', async () => {
    await db.exec(
      "CREATE SUBSCRIPTION drift_sub CONNECTION 'dbname=nowhere' PUBLICATION p WITH (connect = false, enabled = false, create_slot = false, slot_name = NONE)",
    );
    const found = await introspectUnmanaged(db, { schemas: ['public'], exclude: ['extra'] });
    expect(found).toContainEqual({ kind: 'subscription', name: 'drift_sub' });
  });
});
