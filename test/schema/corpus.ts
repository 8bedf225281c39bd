import {
  bigint,
  bigserial,
  boolean,
  bytea,
  char,
  check,
  cidr,
  date,
  defineSchema,
  desc,
  doublePrecision,
  enumType,
  foreignKey,
  index,
  inet,
  integer,
  interval,
  json,
  jsonb,
  numeric,
  opclass,
  pgSchema,
  primaryKey,
  real,
  sequence,
  serial,
  smallint,
  smallserial,
  sql,
  table,
  text,
  time,
  timestamp,
  timestamptz,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from '../../src/index.js';

/** A schema using every object kind and column type retort declares. */
export const status = enumType('status', ['draft', 'active', 'archived']);
const audit = pgSchema('audit');
export const level = audit.enumType('level', ['low', 'high']);
export const invoiceNumbers = sequence('invoice_number_seq', { start: 1000, increment: 1 });

export const orgs = table(
  'orgs',
  {
    id: uuid()
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    slug: varchar(64).notNull().unique(),
    name: text().notNull().comment('Display name'),
    status: status().notNull().default('draft'),
    tags: text().array().notNull().default([]),
    settings: jsonb().notNull().default({}),
    createdAt: timestamptz()
      .notNull()
      .default(sql`now()`),
  },
  undefined,
  { comment: 'Tenants' },
);

export const kinds = table('every_type', {
  a_smallint: smallint(),
  a_integer: integer().notNull().default(0),
  a_bigint: bigint(),
  a_serial: serial(),
  a_bigserial: bigserial(),
  a_smallserial: smallserial(),
  a_numeric: numeric(12, 2),
  a_numeric_plain: numeric(),
  a_real: real(),
  a_double: doublePrecision(),
  a_text: text(),
  a_varchar: varchar(20),
  a_char: char(3),
  a_bool: boolean().default(true),
  a_date: date(),
  a_time: time(),
  a_timestamp: timestamp({ precision: 3 }),
  a_timestamptz: timestamptz(),
  a_interval: interval(),
  a_uuid_array: uuid().array(),
  a_json: json(),
  a_jsonb: jsonb(),
  a_bytea: bytea(),
  a_inet: inet(),
  a_cidr: cidr(),
  a_int_matrix: integer().array(2),
  a_identity: bigint().identity(),
  a_identity_default: integer().identity({ always: false }),
  a_generated: numeric(14, 2).generatedAs(sql`a_numeric * 2`),
  a_invoice: bigint().default(sql`nextval('invoice_number_seq')`),
});

export const members = table(
  'members',
  {
    orgId: uuid()
      .notNull()
      .references(() => orgs.columns.id, { onDelete: 'cascade' }),
    userEmail: text().notNull(),
    role: text().notNull().default('viewer'),
    score: integer().check(sql`score BETWEEN 0 AND 100`, 'members_score_range'),
    note: text(),
  },
  (t) => [
    primaryKey(t.orgId, t.userEmail),
    unique('members_org_role').on(t.orgId, t.role),
    check('members_email_shape', sql`position('@' in ${t.userEmail}) > 1`),
    index('members_lower_email_idx').on(sql`lower(${t.userEmail})`),
    index('members_note_partial_idx')
      .on(t.note)
      .where(sql`note IS NOT NULL`),
    index('members_note_pattern_idx').on(desc(opclass(t.note, 'text_pattern_ops'), 'last')),
  ],
);

export const events = audit.table(
  'events',
  {
    id: bigint().identity(),
    orgId: uuid(),
    memberEmail: text(),
    level: level().notNull().default('low'),
    payload: jsonb(),
    tags: text().array(),
    at: timestamptz().notNull(),
  },
  (t) => ({
    pk: primaryKey(t.id),
    fk: foreignKey({
      columns: [t.orgId, t.memberEmail],
      references: () => [members.columns.orgId, members.columns.userEmail],
      onDelete: 'set null',
      onUpdate: 'cascade',
      deferrable: true,
      initiallyDeferred: true,
    }),
    byPayload: index('events_payload_gin').on(t.payload).using('gin'),
    byTags: index('events_tags_gin').on(t.tags).using('gin'),
    covering: uniqueIndex('events_org_at_key').on(t.orgId, t.at).include(t.level),
    recent: index('events_at_desc_idx').on(t.at),
  }),
);

export default defineSchema({
  extensions: ['pgcrypto'],
  enums: [status, level],
  sequences: [invoiceNumbers],
  tables: [orgs, kinds, members, events],
});
