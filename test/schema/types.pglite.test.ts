import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reverseChanges } from '../../src/core/changes/reverse-change.js';
import { changesToOps } from '../../src/core/codegen/changes-to-ops.js';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import { emptySchemaModel, type SchemaModel } from '../../src/core/model/schema-model.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { introspectDatabase } from '../../src/database/introspect.js';
import { normaliseModel } from '../../src/database/normalise-declaration.js';
import { openScratchDatabase } from '../../src/database/scratch-database.js';
import corpus, { corpusRoles } from './corpus-types.js';
import { runGenerated } from './run-generated.js';

describe('domains, composite types, collations and grants on PGlite', () => {
  let normalised: SchemaModel;
  let db: DatabaseClient;
  beforeAll(async () => {
    normalised = await normaliseModel(declarationToModel(corpus));
    db = await openScratchDatabase({ extensions: ['pgcrypto'] });
    for (const role of corpusRoles) await db.exec(`CREATE ROLE ${role} NOLOGIN`);
  }, 120_000);
  afterAll(() => db?.close());

  it('normalises the declaration (the types are created before the tables using them)', () => {
    expect(normalised.domains.map((d) => d.name)).toEqual(['email', 'price']);
  });

  it('autogenerates, applies, reads back equal, and downgrades to empty', async () => {
    const changes = diffSchemas(emptySchemaModel, normalised);
    const code = changesToOps(changes, normalised);
    await runGenerated(db, code);
    const live = await introspectDatabase(db);
    expect(diffSchemas(live, normalised)).toEqual([]);
    expect(diffSchemas(normalised, live)).toEqual([]);
    await runGenerated(db, changesToOps(reverseChanges(changes), normalised));
    expect(await introspectDatabase(db)).toEqual(emptySchemaModel);
  }, 120_000);
});
