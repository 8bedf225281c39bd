import { expect } from 'vitest';
import { reverseChanges } from '../../src/core/changes/reverse-change.js';
import { changesToOps } from '../../src/core/codegen/changes-to-ops.js';
import { modelToDeclaration } from '../../src/core/codegen/model-to-declaration.js';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import type { SchemaDeclaration } from '../../src/core/declaration/schema-builder.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import { emptySchemaModel, type SchemaModel } from '../../src/core/model/schema-model.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { introspectDatabase } from '../../src/database/introspect.js';
import { normaliseModel } from '../../src/database/normalise-declaration.js';
import {
  bigint,
  check,
  columnOfType,
  exclude,
  defineSchema,
  foreignKey,
  index,
  integer,
  pgSchema,
  primaryKey,
  sequence,
  sql,
  table,
  text,
  unique,
  uniqueIndex,
} from '../../src/index.js';
import { runGenerated } from './run-generated.js';
import { loadDeclarationSource } from '../support/declaration.js';

/*
 * Constraint and index options (issue 14c): custom key names, NULLS NOT DISTINCT, index storage
 * parameters, DEFERRABLE keys, MATCH FULL, CHECK NOT VALID / NO INHERIT. Shared by the PGlite and
 * PostgreSQL test files: each passes a database to run on.
 */

type Declaration = ReturnType<typeof defineSchema>;

/** Plain v1: the same tables without any of the options. */
export function plainSchema(): Declaration {
  const accounts = table(
    'accounts',
    {
      id: integer().primaryKey(),
      email: text(),
      handle: text(),
      legacy: integer(),
    },
    (t) => [unique('accounts_id_legacy_key').on(t.id, t.legacy)],
  );
  const ledger = table(
    'ledger',
    { account_id: integer().notNull(), seq: integer().notNull(), note: text(), ref: integer() },
    (t) => [primaryKey(t.account_id, t.seq), index('ledger_note_idx').on(t.note)],
  );
  const bookings = table('bookings', {
    room: integer(),
    during: columnOfType('tstzrange'),
    note: text(),
  });
  const tickets = table('tickets', { id: bigint().identity(), code: integer() });
  const counters = table('counters', { n: integer().notNull() });
  return defineSchema({
    sequences: [sequence('legacy_seq')],
    tables: [accounts, ledger, bookings, tickets, counters],
  });
}

/** v2: every option this issue models. */
export function optionsSchema(): Declaration {
  const accounts = table(
    'accounts',
    { id: integer().notNull(), email: text(), handle: text(), legacy: integer() },
    (t) => [
      primaryKey({ name: 'accounts_pk', columns: [t.id] }),
      unique('accounts_email_nnd', { nullsNotDistinct: true }).on(t.email),
      unique(undefined, { deferrable: true, initiallyDeferred: true }).on(t.handle),
      check('accounts_legacy_positive', sql`${t.legacy} > 0`, { notValid: true, noInherit: true }),
      check('accounts_id_positive', sql`${t.id} > 0`),
      unique('accounts_id_legacy_key').on(t.id, t.legacy),
    ],
  );
  const ledger = table(
    'ledger',
    { account_id: integer().notNull(), seq: integer().notNull(), note: text(), ref: integer() },
    (t) => [
      primaryKey({ columns: [t.account_id, t.seq], deferrable: true }),
      index('ledger_note_idx').on(t.note).with({ fillfactor: 70 }),
      uniqueIndex('ledger_ref_key').on(t.ref).nullsNotDistinct().with({ deduplicate_items: 'off' }),
      foreignKey({
        columns: [t.account_id, t.ref],
        references: () => [accounts.columns.id, accounts.columns.legacy],
        match: 'full',
      }),
    ],
  );
  const bookings = table(
    'bookings',
    { room: integer(), during: columnOfType('tstzrange'), note: text() },
    (t) => [
      exclude('bookings_no_overlap')
        .on([t.during, '&&'])
        .where(sql`${t.room} IS NOT NULL`),
      exclude(undefined, { deferrable: true })
        .using('btree')
        .on([sql`lower(${t.note})`, '=']),
    ],
  );
  const tickets = table(
    'tickets',
    {
      id: bigint().identity({ start: 1000, increment: 10, max: 9999999, cache: 20, cycle: true }),
      code: integer(),
    },
    undefined,
    { unlogged: true, with: { fillfactor: 80, autovacuum_enabled: false } },
  );
  const counters = table('counters', {
    n: integer().identity({ always: false, increment: -1, min: -100, max: 100, start: 50 }),
  });
  return defineSchema({
    sequences: [sequence('legacy_seq', { ownedBy: { table: 'accounts', column: 'legacy' } })],
    tables: [accounts, ledger, bookings, tickets, counters],
  });
}

/** The same objects written as raw SQL (what a team had before retort). */
export const optionsSql = `
CREATE TABLE accounts (id integer NOT NULL, email text, handle text, legacy integer,
  CONSTRAINT accounts_pk PRIMARY KEY (id),
  CONSTRAINT accounts_email_nnd UNIQUE NULLS NOT DISTINCT (email),
  UNIQUE (handle) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT accounts_id_legacy_key UNIQUE (id, legacy),
  CONSTRAINT accounts_id_positive CHECK (id > 0));
ALTER TABLE accounts ADD CONSTRAINT accounts_legacy_positive CHECK (legacy > 0) NO INHERIT NOT VALID;
CREATE TABLE ledger (account_id integer NOT NULL, seq integer NOT NULL, note text, ref integer,
  PRIMARY KEY (account_id, seq) DEFERRABLE,
  FOREIGN KEY (account_id, ref) REFERENCES accounts (id, legacy) MATCH FULL);
CREATE INDEX ledger_note_idx ON ledger (note) WITH (fillfactor = 70);
CREATE TABLE bookings (room integer, during tstzrange, note text,
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (room IS NOT NULL),
  EXCLUDE USING btree (lower(note) WITH =) DEFERRABLE);
CREATE UNLOGGED TABLE tickets (id bigint GENERATED ALWAYS AS IDENTITY
  (START WITH 1000 INCREMENT BY 10 MAXVALUE 9999999 CACHE 20 CYCLE), code integer)
  WITH (fillfactor = 80, autovacuum_enabled = false);
CREATE TABLE counters (n integer GENERATED BY DEFAULT AS IDENTITY
  (INCREMENT BY -1 MINVALUE -100 MAXVALUE 100 START WITH 50));
CREATE SEQUENCE legacy_seq OWNED BY accounts.legacy;
CREATE UNIQUE INDEX ledger_ref_key ON ledger (ref) NULLS NOT DISTINCT WITH (deduplicate_items = off);
`;

/** Loads a pulled declaration (TypeScript source) the way `retort check` does. */
export async function loadPulled(source: string): Promise<SchemaDeclaration> {
  return loadDeclarationSource(source);
}

/** pull → check: the declaration written from `live` normalises back to `live`. */
export async function expectPullRoundTrips(live: SchemaModel): Promise<string> {
  const source = modelToDeclaration(live);
  const pulled = await normaliseModel(declarationToModel(await loadPulled(source)));
  expect(diffSchemas(live, pulled)).toEqual([]);
  expect(diffSchemas(pulled, live)).toEqual([]);
  return source;
}

/** declare → autogenerate → upgrade → introspect → diff empty; pull → check; downgrade → empty. */
export async function createAndDrop(
  db: DatabaseClient,
  declared: SchemaModel,
  options: { readonly pull?: boolean } = {},
): Promise<string> {
  const up = diffSchemas(emptySchemaModel, declared);
  const code = changesToOps(up, declared);
  await runGenerated(db, code);
  const live = await introspectDatabase(db);
  expect(diffSchemas(live, declared)).toEqual([]);
  expect(diffSchemas(declared, live)).toEqual([]);
  // `pull: false` when another test pulls: each pull costs a normalisation.
  if (options.pull !== false) await expectPullRoundTrips(live);
  await runGenerated(db, changesToOps(reverseChanges(up), declared));
  expect(await introspectDatabase(db)).toEqual(emptySchemaModel);
  return code;
}

/** v1 applied and seeded, then v1 → v2 → v1 through generated code on live tables. */
export async function alterCycle(
  db: DatabaseClient,
  v1: SchemaModel,
  v2: SchemaModel,
  seed: string,
): Promise<string> {
  await runGenerated(db, changesToOps(diffSchemas(emptySchemaModel, v1), v1));
  await db.exec(seed);
  const before = await introspectDatabase(db);
  const up = diffSchemas(before, v2);
  const code = changesToOps(up, v2);
  await runGenerated(db, code);
  expect(diffSchemas(await introspectDatabase(db), v2)).toEqual([]);
  await runGenerated(db, changesToOps(reverseChanges(up), v2));
  expect(diffSchemas(await introspectDatabase(db), before)).toEqual([]);
  await runGenerated(db, changesToOps(reverseChanges(diffSchemas(emptySchemaModel, v1)), v1));
  return code;
}

/**
 * Identity added to live columns that were nullable or had a default (bug 14c-a): SET NOT NULL
 * and DROP DEFAULT must come before ADD GENERATED … AS IDENTITY, the downgrade the other way.
 */
export function identityV1(): Declaration {
  return defineSchema({
    tables: [table('orders', { id: integer(), ref: bigint().default(sql`0`), note: text() })],
  });
}

export function identityV2(): Declaration {
  return defineSchema({
    tables: [
      table('orders', {
        id: integer().identity({ always: false }),
        ref: bigint().identity({ start: 100 }),
        note: text(),
      }),
    ],
  });
}

/** A schema with an enum, a sequence and a table in it (bug 14c-d: dropped before them). */
export function auditSchema(): Declaration {
  const audit = pgSchema('audit');
  const level = audit.enumType('level', ['low', 'high']);
  return defineSchema({
    schemas: [audit],
    enums: [level],
    sequences: [audit.sequence('event_seq')],
    tables: [audit.table('events', { id: integer(), level: level() })],
  });
}
