import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectText } from '../support/generated-text.js';
import { runCli, seedPglite, tempProject } from '../support/cli.js';

const SCHEMA = `import { collation, compositeType, defineSchema, domainType, grant, integer, numeric, pgSchema, sql, table, text } from 'retort-pg';

export const nocase = collation('nocase', { provider: 'icu', locale: 'und-u-ks-level2', deterministic: false });
export const email = domainType('email', text(), { collate: nocase, checks: { email_has_at: sql\`VALUE LIKE '%@%'\` } });
export const price = domainType('price', numeric(12, 2), { notNull: true, default: 0, checks: { price_positive: sql\`VALUE >= 0\` } });
export const address = compositeType('address', { street: text(), city: text().collate('C') });
const billing = pgSchema('billing');
export const customers = table('customers', {
  id: integer().primaryKey(),
  contact: email().notNull(),
  shipTo: address(),
  credit: price(),
  name: text().collate('C'),
}, undefined, { grants: [{ to: 'app_reader', privileges: ['SELECT'] }] });
export const invoices = billing.table('invoices', { id: integer().primaryKey(), total: price() });
export default defineSchema({
  collations: [nocase],
  domains: [email, price],
  compositeTypes: [address],
  tables: [customers, invoices],
  grants: [grant(['USAGE'], { on: 'schema', name: 'billing', to: 'app_reader' })],
});
`;

const config = `import { defineConfig } from 'retort-pg';\nexport default defineConfig({ schema: './schema.ts', databaseUrl: 'pglite:./.retort/db' });\n`;

describe('domains, composite types, collations and grants through the CLI (PGlite)', () => {
  let dir: string;
  const retort = (...args: string[]) => runCli(args, { cwd: dir });
  const migrations = (): string[] => readdirSync(join(dir, 'migrations')).sort();

  beforeAll(async () => {
    dir = tempProject();
    await seedPglite(dir);
    // Roles are referenced, not created: the database has them.
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(join(dir, '.retort/db'));
    await db.exec('CREATE ROLE app_reader NOLOGIN');
    await db.close();
    expect((await retort('init')).code).toBe(0);
    writeFileSync(join(dir, 'retort.config.ts'), config);
    writeFileSync(join(dir, 'schema.ts'), SCHEMA);
  }, 120_000);

  it('autogenerates (lint-clean), upgrades, checks clean, and finds nothing more to do', async () => {
    const first = await retort('revision', '--autogenerate', '-m', 'types');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('+ add domain email (text)');
    const text = readFileSync(join(dir, 'migrations', migrations()[0]!), 'utf8');
    expectText(text).toContain(
      "op.createDomain('price', 'numeric(12,2)', { default: sql`0`, notNull: true,",
    );
    expectText(text).toContain("op.grant('SELECT', 'table', 'customers', 'app_reader');");
    expectText(text).toContain("op.dropDomain('email');");

    const upgrade = await retort('upgrade', 'head');
    expect(upgrade.code).toBe(0);
    const clean = await retort('check');
    expect(clean.stdout).toContain('No differences');
    expect(clean.code).toBe(0);
    expect((await retort('check', '--migrations')).code).toBe(0);
    const again = await retort('revision', '--autogenerate', '-m', 'nothing');
    expect(again.stdout.trim()).toBe('No changes detected');

    // Drift in a domain and a grant is seen.
    writeFileSync(
      join(dir, 'schema.ts'),
      SCHEMA.replace("privileges: ['SELECT']", "privileges: ['SELECT', 'INSERT']").replace(
        '{ notNull: true, default: 0,',
        '{ notNull: true, default: 1,',
      ),
    );
    const drift = await retort('check');
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('change domain price');
    expect(drift.stdout).toContain('grant INSERT on table customers to app_reader');
    expect((await retort('revision', '--autogenerate', '-m', 'more')).code).toBe(0);
    expect((await retort('upgrade', 'head')).code).toBe(0);
    expect((await retort('check')).code).toBe(0);
    expect((await retort('downgrade', '-1')).code).toBe(0);
    writeFileSync(join(dir, 'schema.ts'), SCHEMA);
    expect((await retort('check')).code).toBe(0);
  }, 600_000);
});
