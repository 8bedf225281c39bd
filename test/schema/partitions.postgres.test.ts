import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import type { SchemaModel } from '../../src/core/model/schema-model.js';
import { partitionedTableKeys } from '../../src/core/model/partitions.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { connect } from '../../src/database/connect.js';
import { introspectDatabase, introspectUnmanaged } from '../../src/database/introspect.js';
import { normaliseModel } from '../../src/database/normalise-declaration.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { partitionedSchema, partitionSeed, partitionSql } from './partitions-cases.js';
import { alterCycle, createAndDrop, expectPullRoundTrips } from './table-options-cases.js';

describePostgres('declarative partitioning on PostgreSQL', (adminUrl) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DatabaseClient;
  let v1: SchemaModel;
  let v2: SchemaModel;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl());
    db = await connect({ url: database.url, rootDir: process.cwd() });
    v1 = await normaliseModel(declarationToModel(partitionedSchema(1)));
    v2 = await normaliseModel(declarationToModel(partitionedSchema(2)));
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  });

  it('declares, autogenerates, applies and drops every kind', async () => {
    await createAndDrop(db, v1, { pull: false });
  });

  it('adds, drops, rebounds and re-keys, and the downgrade returns the catalog', async () => {
    const partitioned = partitionedTableKeys(v1, v2);
    await alterCycle(db, v1, { ...v2, partitioned } as SchemaModel, partitionSeed);
  });

  it('pulls raw SQL and checks clean; nothing of it is unmanaged', async () => {
    // Bounds on a timestamptz key read the same whatever the session's TimeZone (PGlite: UTC).
    await db.exec("SET TimeZone = 'America/New_York'");
    expect(
      (await db.query<{ tz: string }>('SELECT current_setting($1) AS tz', ['TimeZone'])).rows,
    ).toEqual([{ tz: 'America/New_York' }]);
    await db.exec(partitionSql);
    await expectPullRoundTrips(await introspectDatabase(db));
    expect(await introspectUnmanaged(db, { schemas: ['public', 'archive'] })).toEqual([]);
  });
});
