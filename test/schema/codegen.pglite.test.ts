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
import corpus from './corpus.js';
import { runGenerated } from './run-generated.js';

describe.sequential('generated op calls (autogenerate) on PGlite', () => {
  let db: DatabaseClient;
  let declared: SchemaModel;
  beforeAll(async () => {
    declared = await normaliseModel(declarationToModel(corpus));
    db = await openScratchDatabase({ extensions: ['pgcrypto'] });
  });
  afterAll(() => db?.close());

  it('upgrade reaches the declaration, downgrade returns to an empty database', async () => {
    const changes = diffSchemas(emptySchemaModel, declared);
    await runGenerated(db, changesToOps(changes, declared));
    const after = await introspectDatabase(db);
    expect(diffSchemas(after, declared)).toEqual([]);

    await runGenerated(db, changesToOps(reverseChanges(changes), declared));
    expect(await introspectDatabase(db)).toEqual(emptySchemaModel);
  });

  it('generates alterations both ways between two versions of a schema', async () => {
    const v1 = declared;
    const orgs = v1.tables.find((t) => t.name === 'orgs')!;
    const v2: SchemaModel = {
      ...v1,
      enums: v1.enums.map((e) =>
        e.name === 'status' ? { ...e, values: ['draft', 'review', 'active', 'archived'] } : e,
      ),
      tables: v1.tables.map((t) =>
        t === orgs
          ? {
              ...t,
              name: 'organizations',
              renamedFrom: 'orgs',
              comment: 'Tenants of the product',
              columns: [
                ...t.columns.map((c) =>
                  c.name === 'slug'
                    ? { ...c, type: 'text' }
                    : c.name === 'name'
                      ? { ...c, name: 'display_name', renamedFrom: 'name' }
                      : c,
                ),
                { name: 'plan', type: 'text', notNull: true, default: "'free'::text" },
              ],
            }
          : t,
      ),
    };
    await runGenerated(db, changesToOps(diffSchemas(emptySchemaModel, v1), v1));
    await db.exec("INSERT INTO orgs (slug, name) VALUES ('acme', 'Acme')");
    const up = diffSchemas(v1, v2);
    expect(up.map((c) => c.kind)).toEqual([
      'AddEnumValues',
      'RenameTable',
      'RenameColumn',
      'AlterColumnType',
      'AddColumn',
      'SetTableComment',
    ]);
    await runGenerated(db, changesToOps(up, v2));
    const rows = await db.query<{ display_name: string; plan: string }>(
      'SELECT display_name, plan FROM organizations',
    );
    expect(rows.rows).toEqual([{ display_name: 'Acme', plan: 'free' }]);
    const down = reverseChanges(up);
    await runGenerated(db, changesToOps(down, v1));
    const back = await introspectDatabase(db);
    expect(diffSchemas(back, v1)).toEqual([]);
  });

  it('a declaration PostgreSQL refuses is a DECLARATION_INVALID error naming the statement', async () => {
    const bad: SchemaModel = {
      ...emptySchemaModel,
      tables: [
        {
          schema: 'public',
          name: 'broken',
          columns: [
            { name: 'at', type: 'timestamptz', notNull: true, default: 'no_such_function()' },
          ],
          uniques: [],
          foreignKeys: [],
          checks: [],
          indexes: [],
        },
      ],
    };
    await expect(normaliseModel(bad, { file: 'schema.ts', scratch: db })).rejects.toMatchObject({
      code: 'DECLARATION_INVALID',
      exitCode: 3,
      message: expect.stringMatching(/schema\.ts.*no_such_function[\s\S]*CREATE TABLE "broken"/),
    });
  });
});
