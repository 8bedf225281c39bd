import { afterAll, beforeAll, expect, it } from 'vitest';
import { reverseChanges } from '../../src/core/changes/reverse-change.js';
import { changesToOps } from '../../src/core/codegen/changes-to-ops.js';
import { modelToDeclaration } from '../../src/core/codegen/model-to-declaration.js';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import { emptySchemaModel, type SchemaModel } from '../../src/core/model/schema-model.js';
import { createOpRecorder } from '../../src/core/ops/op-recorder.js';
import type { Op } from '../../src/core/ops/op.js';
import { sql } from '../../src/core/ops/sql-expression.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { connect } from '../../src/database/connect.js';
import { introspectDatabase } from '../../src/database/introspect.js';
import { normaliseModel } from '../../src/database/normalise-declaration.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import corpus from './corpus.js';
import { loadDeclarationSource } from '../support/declaration.js';

describePostgres('round trip on PostgreSQL', (adminUrl) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DatabaseClient;
  let declared: SchemaModel;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl());
    db = await connect({ url: database.url, rootDir: process.cwd() });
    declared = await normaliseModel(declarationToModel(corpus));
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('declare → autogenerate → apply → introspect gives no difference; downgrade empties it', async () => {
    const changes = diffSchemas(emptySchemaModel, declared);
    const run = async (code: string): Promise<void> => {
      const recorder = createOpRecorder();
      (new Function('op', 'sql', code) as (op: Op, s: typeof sql) => void)(recorder.op, sql);
      for (const statement of recorder.take()) await db.exec(statement.sql);
    };
    await run(changesToOps(changes, declared));
    const live = await introspectDatabase(db);
    expect(diffSchemas(live, declared)).toEqual([]);
    expect(diffSchemas(declared, live)).toEqual([]);

    // pull → check: the written declaration normalises to what the server holds.
    const pulled = await loadDeclarationSource(modelToDeclaration(live));
    expect(diffSchemas(live, await normaliseModel(declarationToModel(pulled)))).toEqual([]);

    await run(changesToOps(reverseChanges(changes), declared));
    expect(await introspectDatabase(db)).toEqual(emptySchemaModel);
  });
});
