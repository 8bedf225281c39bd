import { afterAll, beforeAll, expect, it } from 'vitest';
import { reverseChanges } from '../../src/core/changes/reverse-change.js';
import { changesToOps } from '../../src/core/codegen/changes-to-ops.js';
import { modelToDeclaration } from '../../src/core/codegen/model-to-declaration.js';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import type { SchemaDeclaration } from '../../src/core/declaration/schema-builder.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import { emptySchemaModel, type SchemaModel } from '../../src/core/model/schema-model.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { connect } from '../../src/database/connect.js';
import { introspectDatabase } from '../../src/database/introspect.js';
import { normaliseModel } from '../../src/database/normalise-declaration.js';
import { compositeType, defineSchema, domainType, integer, text } from '../../src/index.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import corpus, { corpusRoles } from './corpus-types.js';
import { runGenerated } from './run-generated.js';
import { loadDeclarationSource } from '../support/declaration.js';

/*
 * Domains, composite types, collations (libc and ICU: PostgreSQL 15 as Debian builds it has ICU)
 * and grants on a real server: the declaration normalised on PGlite, applied to PostgreSQL through
 * the generated op code, read back equal, pulled back, and downgraded to nothing.
 */
describePostgres('domains, composite types, collations and grants on PostgreSQL', (adminUrl) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DatabaseClient;
  let declared: SchemaModel;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl());
    db = await connect({ url: database.url, rootDir: process.cwd() });
    // Roles are cluster-wide: created once, left for the next run.
    for (const role of corpusRoles)
      await db.exec(
        `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF; END $$`,
      );
    declared = await normaliseModel(declarationToModel(corpus));
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('declare → autogenerate → apply → introspect equal → pull → downgrade to empty', async () => {
    const changes = diffSchemas(emptySchemaModel, declared);
    await runGenerated(db, changesToOps(changes, declared));
    const live = await introspectDatabase(db);
    expect(diffSchemas(live, declared)).toEqual([]);
    expect(diffSchemas(declared, live)).toEqual([]);

    const pulled = await loadDeclarationSource(modelToDeclaration(live));
    expect(diffSchemas(live, await normaliseModel(declarationToModel(pulled)))).toEqual([]);

    await runGenerated(db, changesToOps(reverseChanges(changes), declared));
    expect(await introspectDatabase(db)).toEqual(emptySchemaModel);
  }, 180_000);

  it('recreates a composite type a column uses, keeping the rows, and back', async () => {
    const v = (v2: boolean): SchemaDeclaration => {
      const qty = domainType('qty', integer(), { default: v2 ? 1 : 0 });
      const dims = compositeType('dims', v2 ? { w: qty(), label: text() } : { w: qty(), h: qty() });
      return defineSchema({ domains: [qty], compositeTypes: [dims], tables: [] });
    };
    const v1 = await normaliseModel(declarationToModel(v(false)));
    const v2 = await normaliseModel(declarationToModel(v(true)));
    await runGenerated(db, changesToOps(diffSchemas(emptySchemaModel, v1), v1));
    await db.exec('CREATE TABLE boxes (size dims); INSERT INTO boxes VALUES (ROW(4, 5))');
    const from = await introspectDatabase(db);
    const up = diffSchemas(from, { ...v2, tables: from.tables });
    await runGenerated(db, changesToOps(up, v2));
    const rows = await db.query<{ w: number }>('SELECT (size).w AS w FROM boxes');
    expect(rows.rows).toEqual([{ w: 4 }]);
    await runGenerated(db, changesToOps(reverseChanges(up), v1));
    expect(diffSchemas(await introspectDatabase(db), from)).toEqual([]);
  }, 180_000);
});
