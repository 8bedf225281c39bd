import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import { emptySchemaModel } from '../../src/core/model/schema-model.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { introspectDatabase } from '../../src/database/introspect.js';
import { normaliseModel } from '../../src/database/normalise-declaration.js';
import { openScratchDatabase } from '../../src/database/scratch-database.js';
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
import { expectText } from '../support/generated-text.js';

describe.sequential('constraint and index options on PGlite', () => {
  let db: DatabaseClient;
  beforeAll(async () => {
    db = await openScratchDatabase();
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  });

  it('declares, autogenerates, applies, pulls and drops every option', async () => {
    const declared = await normaliseModel(declarationToModel(optionsSchema()));
    const accounts = declared.tables.find((t) => t.name === 'accounts')!;
    expect(accounts.primaryKey).toEqual({ name: 'accounts_pk', columns: ['id'] });
    expect(accounts.uniques).toContainEqual({
      name: 'accounts_handle_key',
      columns: ['handle'],
      deferrable: true,
      initiallyDeferred: true,
    });
    expect(accounts.checks.find((c) => c.name === 'accounts_legacy_positive')).toMatchObject({
      notValid: true,
      noInherit: true,
    });
    const code = await createAndDrop(db, declared);
    expectText(code).toContain("with: { fillfactor: '70' }");
    expectText(code).toContain("match: 'full'");
    expectText(code).toContain('notValid: true');
    expectText(code).toContain(
      "op.createExclusionConstraint('bookings_no_overlap', 'bookings', [{ key: 'during', operator: '&&' }], { where: sql`room IS NOT NULL` });",
    );
  });

  it('pulls raw SQL with every option and checks clean', async () => {
    await db.exec(optionsSql);
    const live = await introspectDatabase(db);
    const source = await expectPullRoundTrips(live);
    expectText(source).toContain("primaryKey({ name: 'accounts_pk', columns: [t.id] })");
    expectText(source).toContain(
      "unique('accounts_email_nnd', { nullsNotDistinct: true }).on(t.email)",
    );
    expectText(source).toContain(".nullsNotDistinct().with({ deduplicate_items: 'off' })");
    expectText(source).toContain('.with({ fillfactor: 70 })');
    expectText(source).toContain("match: 'full'");
    expectText(source).toContain('{ notValid: true, noInherit: true }');
    expectText(source).toContain('deferrable: true');
    expectText(source).toContain(
      'id: bigint().identity({ start: 1000, increment: 10, max: 9999999, cache: 20, cycle: true }),',
    );
    expectText(source).toContain("ownedBy: { table: 'accounts', column: 'legacy' }");
    expectText(source).toContain(
      "{ unlogged: true, with: { fillfactor: 80, autovacuum_enabled: 'false' } }",
    );
    expectText(source).toContain(
      'n: integer().identity({ always: false, start: 50, increment: -1, min: -100, max: 100 })',
    );
    expectText(source).toContain(
      "exclude('bookings_no_overlap').on([t.during, '&&']).where(sql`room IS NOT NULL`)",
    );
    expectText(source).toContain(
      "exclude('bookings_lower_excl', { deferrable: true }).using('btree').on([sql`lower(note)`, '='])",
    );
    // The pulled declaration equals what the raw SQL made.
    expect(live).toEqual(await normaliseModel(declarationToModel(optionsSchema())));
  });

  it('adds the options to live tables and takes them off again (safe forms, exact downgrade)', async () => {
    const v1 = await normaliseModel(declarationToModel(plainSchema()));
    const v2 = await normaliseModel(declarationToModel(optionsSchema()));
    const code = await alterCycle(
      db,
      v1,
      v2,
      "INSERT INTO accounts VALUES (1, 'a@x', 'a', -1); INSERT INTO ledger VALUES (1, 1, 'n', -1);",
    );
    expectText(code).toContain("op.renameConstraint('accounts', 'accounts_pkey', 'accounts_pk');");
    // The NOT VALID check is not validated (a row breaks it on purpose).
    expectText(code).not.toContain("op.validateConstraint('accounts_legacy_positive'");
  });

  it('adds an identity to a nullable column and to one with a default (and back)', async () => {
    const code = await alterCycle(
      db,
      await normaliseModel(declarationToModel(identityV1())),
      await normaliseModel(declarationToModel(identityV2())),
      "INSERT INTO orders VALUES (1, 5, 'a'), (2, 6, 'b');",
    );
    expect(code.indexOf('op.alterIdentity(')).toBeGreaterThan(code.indexOf('op.commit()'));
  });

  it('drops a schema after the enum, sequence and table in it (and back)', async () => {
    const code = await alterCycle(
      db,
      await normaliseModel(declarationToModel(auditSchema())),
      emptySchemaModel,
      "INSERT INTO audit.events VALUES (1, 'low');",
    );
    expect(code.indexOf("op.dropSchema('audit')")).toBeGreaterThan(code.indexOf('op.dropEnum'));
  });
});
