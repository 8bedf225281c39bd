import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reverseChanges } from '../../src/core/changes/reverse-change.js';
import { changesToOps } from '../../src/core/codegen/changes-to-ops.js';
import { modelToDeclaration } from '../../src/core/codegen/model-to-declaration.js';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import { emptySchemaModel, type SchemaModel } from '../../src/core/model/schema-model.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { introspectDatabase } from '../../src/database/introspect.js';
import { normaliseModel } from '../../src/database/normalise-declaration.js';
import { openScratchDatabase } from '../../src/database/scratch-database.js';
import {
  bigint,
  collation,
  compositeType,
  defineSchema,
  domainType,
  grant,
  integer,
  sql,
  table,
  text,
} from '../../src/index.js';
import corpus, { corpusRoles } from './corpus-types.js';
import { runGenerated } from './run-generated.js';
import { loadDeclarationSource } from '../support/declaration.js';

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
    const customers = normalised.tables.find((t) => t.name === 'customers')!;
    expect(customers.indexes.map((i) => i.keys)).toEqual([
      ['(lower(name)) COLLATE "C" DESC'],
      ['name'],
      ['"name" COLLATE "POSIX"'],
    ]);
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
        CREATE INDEX items_title_posix ON shop.items (title COLLATE "POSIX" text_pattern_ops DESC);
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
      const pulled = await loadDeclarationSource(source);
      const again = await normaliseModel(declarationToModel(pulled));
      expect(diffSchemas(live, again)).toEqual([]);
      expect(source).toContain("domainType('positive', integer(), {");
      expect(source).toContain(
        "index('items_title_posix').on(desc(opclass(collateKey(t.title, 'POSIX'), 'text_pattern_ops')))",
      );
      expect(source).toContain('code: shopCode(),');
    } finally {
      await db.close();
    }
  }, 180_000);
});

describe.sequential(
  'alter cycles of the type kinds (PGlite): v1 → v2 → v1 through generated code',
  () => {
    let db: DatabaseClient;
    let scratch: DatabaseClient;
    beforeAll(async () => {
      db = await openScratchDatabase();
      scratch = await openScratchDatabase();
      for (const client of [db, scratch]) await client.exec('CREATE ROLE app_reader NOLOGIN');
    }, 120_000);
    afterAll(async () => {
      await db?.close();
      await scratch?.close();
    });
    const wipe = (client: DatabaseClient): Promise<void> =>
      client.exec(
        'DROP SCHEMA public CASCADE; CREATE SCHEMA public; REVOKE ALL ON SCHEMA public FROM app_reader;',
      );

    async function cycle(
      v1Declaration: ReturnType<typeof defineSchema>,
      v2Declaration: ReturnType<typeof defineSchema>,
      seed = '',
    ): Promise<string> {
      await wipe(scratch);
      const v1 = await normaliseModel(declarationToModel(v1Declaration), { scratch });
      await wipe(scratch);
      const v2 = await normaliseModel(declarationToModel(v2Declaration), { scratch });
      await wipe(db);
      await runGenerated(db, changesToOps(diffSchemas(emptySchemaModel, v1), v1));
      if (seed !== '') await db.exec(seed);
      const up = diffSchemas(await introspectDatabase(db), v2);
      const code = changesToOps(up, v2);
      await runGenerated(db, code);
      expect(diffSchemas(await introspectDatabase(db), v2)).toEqual([]);
      await runGenerated(db, changesToOps(reverseChanges(up), v1));
      expect(diffSchemas(await introspectDatabase(db), v1)).toEqual([]);
      return code;
    }

    it('alters a domain in place: default, NOT NULL, checks, comment', async () => {
      const schema = (v2: boolean): ReturnType<typeof defineSchema> => {
        const qty = domainType('qty', integer(), {
          notNull: v2,
          default: v2 ? 1 : 0,
          checks: v2 ? { qty_positive: sql`VALUE > 0` } : { qty_not_negative: sql`VALUE >= 0` },
          ...(v2 ? { comment: 'a quantity' } : {}),
        });
        return defineSchema({ domains: [qty], tables: [table('lines', { n: qty() })] });
      };
      const code = await cycle(schema(false), schema(true), 'INSERT INTO lines VALUES (3)');
      expect(code).toContain(
        "op.alterDomain('qty', { addCheck: { name: 'qty_positive', expression: sql`VALUE > 0` } });",
      );
      expect(code).toContain("op.setComment('domain', 'qty', 'a quantity');");
      expect(code).not.toContain('dropDomain');
    });

    it('adds, drops and retypes attributes of a composite type', async () => {
      const schema = (v2: boolean): ReturnType<typeof defineSchema> => {
        const dims = compositeType(
          'dims',
          v2
            ? { w: bigint(), h: integer(), unit: text() }
            : { w: integer(), h: integer(), d: integer() },
        );
        return defineSchema({ compositeTypes: [dims], tables: [table('boxes', { size: dims() })] });
      };
      const code = await cycle(
        schema(false),
        schema(true),
        'INSERT INTO boxes VALUES (ROW(1, 2, 3))',
      );
      // A column uses the type: recreated, the column recast attribute by attribute.
      expect(code).toContain('ALTER TYPE "dims" RENAME TO "dims__old"');
      expect(code).toContain(
        'ROW(("size")."w"::bigint, ("size")."h"::integer, NULL::text)::"dims"',
      );
    });

    it("changes a column's collation, keeping the rows", async () => {
      const schema = (v2: boolean): ReturnType<typeof defineSchema> => {
        const bytes = collation('bytes', { locale: 'C' });
        const name = v2 ? text().collate(bytes) : text();
        return defineSchema({ collations: [bytes], tables: [table('people', { name })] });
      };
      const code = await cycle(schema(false), schema(true), "INSERT INTO people VALUES ('Ada')");
      expect(code).toContain('ALTER TABLE "people" ALTER COLUMN "name" TYPE text COLLATE "bytes"');
    });

    it('grants and revokes', async () => {
      const schema = (v2: boolean): ReturnType<typeof defineSchema> =>
        defineSchema({
          tables: [
            table('notes', { body: text() }, undefined, {
              grants: [
                {
                  to: 'app_reader',
                  privileges: v2 ? ['SELECT', 'UPDATE'] : ['SELECT'],
                  withGrantOption: v2,
                },
              ],
            }),
          ],
          grants: v2 ? [grant(['USAGE'], { on: 'schema', name: 'public', to: 'app_reader' })] : [],
        });
      const code = await cycle(schema(false), schema(true));
      expect(code).toContain("op.revoke('SELECT', 'table', 'notes', 'app_reader');");
      expect(code).toContain(
        "op.grant('UPDATE', 'table', 'notes', 'app_reader', { withGrantOption: true });",
      );
      expect(code).toContain("op.grant('USAGE', 'schema', 'public', 'app_reader');");
    });

    it('drops domains, composite types and collations after the tables using them', async () => {
      const full = (): ReturnType<typeof defineSchema> => {
        const bytes = collation('bytes', { locale: 'C' });
        const code = domainType('code', text(), { collate: bytes });
        const pair = compositeType('pair', { a: code(), b: code() });
        return defineSchema({
          collations: [bytes],
          domains: [code],
          compositeTypes: [pair],
          tables: [table('t', { p: pair(), c: code() })],
        });
      };
      const code = await cycle(full(), defineSchema({ tables: [] }));
      const order = [
        "op.dropTable('t')",
        "op.dropType('pair')",
        "op.dropDomain('code')",
        "op.dropCollation('bytes')",
      ];
      const at = order.map((s) => code.indexOf(s));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    });
  },
);
