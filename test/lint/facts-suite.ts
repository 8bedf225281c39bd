import { expect, test } from 'vitest';
import { lintSql, rulesOf } from './lint-sql.js';

/** The slice of a database connection these tests need (pg.Client and PGlite both fit). */
export interface Sql {
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
}

async function sqlstate(db: Sql, sql: string): Promise<string | undefined> {
  try {
    await db.query(sql);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  } finally {
    await db.query('ROLLBACK').catch(() => undefined);
  }
}

async function relfilenode(db: Sql, table: string): Promise<unknown> {
  const { rows } = await db.query(`SELECT relfilenode FROM pg_class WHERE relname = '${table}'`);
  return rows[0]?.['relfilenode'];
}

/**
 * The facts the rules rest on, checked against a real database: what the linter flags fails or
 * rewrites there, and the safe alternative it suggests runs without a rewrite.
 */
export function factsSuite(db: () => Sql): void {
  test('ADD COLUMN … NOT NULL without default fails on a populated table (adding-required-field)', async () => {
    await db().query('CREATE TABLE f1 (id bigint PRIMARY KEY); INSERT INTO f1 VALUES (1)');
    const risky = 'ALTER TABLE f1 ADD COLUMN owner_id bigint NOT NULL';
    expect(rulesOf(await lintSql(risky))).toContain('adding-required-field');
    expect(await sqlstate(db(), risky)).toBe('23502');
    const safe = 'ALTER TABLE f1 ADD COLUMN owner_id bigint NOT NULL DEFAULT 0';
    expect(await lintSql(safe)).toEqual([]);
    expect(await sqlstate(db(), safe)).toBeUndefined();
  });

  test('a volatile default rewrites the table, now() does not (adding-field-with-default)', async () => {
    await db().query('CREATE TABLE f2 (id bigint PRIMARY KEY); INSERT INTO f2 VALUES (1), (2)');
    const before = await relfilenode(db(), 'f2');
    const stable = 'ALTER TABLE f2 ADD COLUMN created_at timestamptz DEFAULT now()';
    expect(await lintSql(stable)).toEqual([]);
    await db().query(stable);
    expect(await relfilenode(db(), 'f2')).toEqual(before);
    const volatile = 'ALTER TABLE f2 ADD COLUMN jitter float8 DEFAULT random()';
    expect(rulesOf(await lintSql(volatile))).toContain('adding-field-with-default');
    await db().query(volatile);
    expect(await relfilenode(db(), 'f2')).not.toEqual(before);
  });

  test('int → bigint rewrites; varchar(n) → text does not (changing-column-type)', async () => {
    await db().query('CREATE TABLE f3 (id bigint PRIMARY KEY, n int, s varchar(20))');
    const before = await relfilenode(db(), 'f3');
    const coercible = 'ALTER TABLE f3 ALTER COLUMN s TYPE text';
    expect((await lintSql(coercible))[0]?.message).toMatch(
      /Metadata-only if the column was varchar/,
    );
    await db().query(coercible);
    expect(await relfilenode(db(), 'f3')).toEqual(before);
    await db().query('ALTER TABLE f3 ALTER COLUMN n TYPE bigint');
    expect(await relfilenode(db(), 'f3')).not.toEqual(before);
  });

  test('an enum label cannot be used in the transaction that added it (enum-value-used-in-same-transaction)', async () => {
    await db().query("CREATE TYPE f4_mood AS ENUM ('ok')");
    const block =
      "BEGIN;\nALTER TYPE f4_mood ADD VALUE 'meh' AFTER 'ok';\nSELECT 'meh'::f4_mood;\nCOMMIT;";
    expect(rulesOf(await lintSql(block, { transactional: false }))).toContain(
      'enum-value-used-in-same-transaction',
    );
    expect(await sqlstate(db(), block)).toBe('55P04');
  });

  test('CREATE INDEX CONCURRENTLY refuses a transaction block (ban-concurrent-index-creation-in-transaction)', async () => {
    await db().query('CREATE TABLE f5 (id bigint PRIMARY KEY, a int)');
    const block = 'BEGIN;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS f5_a_idx ON f5 (a);\nCOMMIT;';
    expect(rulesOf(await lintSql(block, { transactional: false }))).toContain(
      'ban-concurrent-index-creation-in-transaction',
    );
    expect(await sqlstate(db(), block)).toBe('25001');
  });

  test('the NOT NULL safe sequence the linter accepts runs', async () => {
    await db().query(
      'CREATE TABLE f6 (id bigint PRIMARY KEY, u bigint); INSERT INTO f6 VALUES (1, 1)',
    );
    const first = 'ALTER TABLE f6 ADD CONSTRAINT f6_u_nn CHECK (u IS NOT NULL) NOT VALID';
    const second =
      'ALTER TABLE f6 VALIDATE CONSTRAINT f6_u_nn;\nALTER TABLE f6 ALTER COLUMN u SET NOT NULL;\nALTER TABLE f6 DROP CONSTRAINT f6_u_nn';
    expect(await lintSql(first)).toEqual([]);
    await db().query(first);
    await db().query(second);
    const { rows } = await db().query(
      "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'f6'::regclass AND attname = 'u'",
    );
    expect(rows[0]?.['attnotnull']).toBe(true);
  });
}
