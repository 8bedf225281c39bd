import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJiti } from 'jiti';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reverseChanges } from '../../src/core/changes/reverse-change.js';
import { changesToOps } from '../../src/core/codegen/changes-to-ops.js';
import { modelToDeclaration } from '../../src/core/codegen/model-to-declaration.js';
import type { SchemaDeclaration } from '../../src/core/declaration/schema-builder.js';
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

describe('pull writes domains, composite types, collations and grants back', () => {
  it('raw SQL → pull → the pulled declaration normalises to the same model', async () => {
    const db = await openScratchDatabase({});
    try {
      await db.exec(`CREATE ROLE reporting NOLOGIN;
        CREATE SCHEMA shop;
        CREATE COLLATION shop.nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
        CREATE COLLATION bytes (locale = 'C');
        COMMENT ON COLLATION bytes IS 'byte order';
        CREATE DOMAIN positive AS integer NOT NULL DEFAULT 1 CONSTRAINT positive_check CHECK (VALUE > 0);
        CREATE DOMAIN shop.code AS varchar(12) COLLATE "C" CHECK (VALUE ~ '^[A-Z]+$');
        COMMENT ON DOMAIN positive IS 'greater than zero';
        CREATE TYPE shop.dims AS (w positive, h positive, label text COLLATE bytes);
        CREATE TABLE shop.items (id integer PRIMARY KEY, code shop.code, size shop.dims, sizes shop.dims[], title text COLLATE bytes);
        CREATE SEQUENCE shop.numbers;
        GRANT USAGE ON SCHEMA shop TO reporting;
        GRANT SELECT, UPDATE (title) ON shop.items TO reporting;
        GRANT SELECT ON shop.items TO PUBLIC;
        GRANT USAGE ON SEQUENCE shop.numbers TO reporting WITH GRANT OPTION;`);
      const live = await introspectDatabase(db);
      expect(live.domains.map((d) => `${d.schema}.${d.name}`)).toEqual([
        'public.positive',
        'shop.code',
      ]);
      expect(live.compositeTypes[0]!.attributes.map((a) => a.collation ?? '')).toEqual([
        '',
        '',
        'bytes',
      ]);
      expect(live.tables[0]!.columns.find((c) => c.name === 'title')!.collation).toBe('bytes');
      const source = modelToDeclaration(live);
      const dir = mkdtempSync(join(tmpdir(), 'retort-pull-types-'));
      writeFileSync(join(dir, 'schema.ts'), source);
      const jiti = createJiti(import.meta.url, {
        alias: { 'retort-pg': join(import.meta.dirname, '../../src/index.ts') },
        moduleCache: false,
      });
      const pulled = await jiti.import<SchemaDeclaration>(join(dir, 'schema.ts'), {
        default: true,
      });
      const again = await normaliseModel(declarationToModel(pulled));
      expect(diffSchemas(live, again)).toEqual([]);
      expect(source).toContain("domainType('positive', integer(), {");
      expect(source).toContain('code: shopCode(),');
    } finally {
      await db.close();
    }
  }, 180_000);
});
