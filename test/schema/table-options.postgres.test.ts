import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import { emptySchemaModel } from '../../src/core/model/schema-model.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { connect } from '../../src/database/connect.js';
import { introspectDatabase } from '../../src/database/introspect.js';
import { normaliseModel } from '../../src/database/normalise-declaration.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import {
  alterCycle,
  auditSchema,
  createAndDrop,
  expectPullRoundTrips,
  identityV1,
  identityV2,
  optionsSchema,
  optionsSql,
  plainSchema,
} from './table-options-cases.js';

describePostgres('constraint and index options on PostgreSQL', (adminUrl) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DatabaseClient;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl());
    db = await connect({ url: database.url, rootDir: process.cwd() });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  });

  it('declares, autogenerates, applies, pulls and drops every option', async () => {
    await createAndDrop(db, await normaliseModel(declarationToModel(optionsSchema())));
  });

  it('pulls raw SQL with every option and checks clean', async () => {
    await db.exec(optionsSql);
    const live = await introspectDatabase(db);
    await expectPullRoundTrips(live);
    expect(live).toEqual(await normaliseModel(declarationToModel(optionsSchema())));
  });

  it('adds the options to live tables and takes them off again', async () => {
    await alterCycle(
      db,
      await normaliseModel(declarationToModel(plainSchema())),
      await normaliseModel(declarationToModel(optionsSchema())),
      "INSERT INTO accounts VALUES (1, 'a@x', 'a', -1); INSERT INTO ledger VALUES (1, 1, 'n', -1);",
    );
  });

  it('adds an identity to a nullable column and to one with a default (and back)', async () => {
    await alterCycle(
      db,
      await normaliseModel(declarationToModel(identityV1())),
      await normaliseModel(declarationToModel(identityV2())),
      "INSERT INTO orders VALUES (1, 5, 'a'), (2, 6, 'b');",
    );
  });

  it('drops a schema after the enum, sequence and table in it (and back)', async () => {
    await alterCycle(
      db,
      await normaliseModel(declarationToModel(auditSchema())),
      emptySchemaModel,
      "INSERT INTO audit.events VALUES (1, 'low');",
    );
  });
});
