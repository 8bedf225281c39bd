import {
  collation,
  collateKey,
  desc,
  index,
  compositeType,
  defineSchema,
  domainType,
  grant,
  integer,
  numeric,
  pgSchema,
  sql,
  table,
  text,
  uuid,
  varchar,
} from '../../src/index.js';

/**
 * Domains, composite types, collations, column and attribute COLLATE, and grants: the round-trip
 * corpus of issue 14's type kinds (test/schema/types.*.test.ts).
 */
export const caseInsensitive = collation('case_insensitive', {
  provider: 'icu',
  locale: 'und-u-ks-level2',
  deterministic: false,
  comment: 'Compares without case',
});
export const cCollation = collation('c_bytes', { locale: 'C' });

export const email = domainType('email', text(), {
  collate: caseInsensitive,
  checks: { email_has_at: sql`VALUE LIKE '%@%'` },
  comment: 'An e-mail address',
});
export const price = domainType('price', numeric(12, 2), {
  notNull: true,
  default: 0,
  checks: { price_not_negative: sql`VALUE >= 0`, price_bounded: sql`VALUE < 1000000` },
});
export const address = compositeType(
  'address',
  { street: text(), city: text().collate('C'), zip: varchar(10) },
  { comment: 'A postal address' },
);
const billing = pgSchema('billing');
export const money = compositeType(
  'money',
  { amount: price(), currency: varchar(3) },
  { schema: 'billing' },
);

export const invoiceNumbers = billing.sequence('invoice_numbers');

export const customers = table(
  'customers',
  {
    id: uuid()
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    contact: email().notNull(),
    name: text().collate(cCollation),
    shipTo: address(),
    credit: price(),
    visits: integer(),
  },
  (t) => [
    index('customers_name_posix_idx').on(collateKey(t.name, 'POSIX')),
    index('customers_lower_name_c_idx').on(desc(collateKey(sql`lower(${t.name})`, 'C'))),
    index('customers_name_default_idx').on(t.name),
  ],
  {
    grants: [
      { to: 'app_reader', privileges: ['SELECT'] },
      { to: 'app_writer', privileges: ['select', 'insert', 'update'] },
    ],
  },
);

export const invoices = billing.table(
  'invoices',
  { id: integer().primaryKey(), total: money().notNull(), note: text().collate('C') },
  undefined,
  { grants: [{ to: 'app_reader', privileges: ['SELECT'], withGrantOption: true }] },
);

export default defineSchema({
  extensions: ['pgcrypto'],
  collations: [caseInsensitive, cCollation],
  domains: [email, price],
  compositeTypes: [address, money],
  sequences: [invoiceNumbers],
  tables: [customers, invoices],
  grants: [
    grant(['USAGE'], { on: 'schema', name: 'billing', to: ['app_reader', 'app_writer'] }),
    grant(['USAGE', 'SELECT'], {
      on: 'sequence',
      schema: 'billing',
      name: 'invoice_numbers',
      to: 'app_writer',
    }),
  ],
});

/** The roles the corpus grants to (created by the tests, not by the declaration). */
export const corpusRoles = ['app_reader', 'app_writer'];
