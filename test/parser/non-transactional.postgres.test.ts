import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadParser, sqlToStatements } from '../../src/parser/sql-statements.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';

/** SQLSTATE of "cannot run inside a transaction block". */
const activeSqlTransaction = '25001';

// The forms classified non-transactional, checked against the server itself. The forms that need
// an existing subscription (DROP/ALTER SUBSCRIPTION) cannot be set up here; their classification
// is covered by the parser test only.
const refused = [
  'CREATE INDEX CONCURRENTLY ix2 ON t (a)',
  'DROP INDEX CONCURRENTLY ix',
  'REINDEX INDEX CONCURRENTLY ix',
  'REINDEX (CONCURRENTLY) TABLE t',
  'REINDEX TABLE CONCURRENTLY t',
  'REINDEX DATABASE {db}',
  'REINDEX SYSTEM {db}',
  'ALTER TABLE p DETACH PARTITION c CONCURRENTLY',
  'VACUUM',
  'VACUUM (ANALYZE) t',
  'VACUUM FULL t',
  'CREATE DATABASE retort_never_created',
  'DROP DATABASE IF EXISTS retort_never_created',
  "CREATE TABLESPACE fast LOCATION '/nonexistent'",
  'DROP TABLESPACE fast',
  "ALTER SYSTEM SET work_mem = '64MB'",
  'CLUSTER',
  "CREATE SUBSCRIPTION s CONNECTION 'host=127.0.0.1 port=1' PUBLICATION p",
];

// Their look-alikes that may run in a transaction (they may fail for other reasons, never 25001).
const accepted = [
  'CREATE INDEX ix3 ON t (a)',
  'DROP INDEX ix',
  'REINDEX TABLE t',
  'ALTER TABLE p DETACH PARTITION c',
  'ANALYZE t',
  'CLUSTER t USING ix',
  "CREATE SUBSCRIPTION s CONNECTION 'host=127.0.0.1 port=1' PUBLICATION p WITH (connect = false)",
];

describePostgres('non-transactional classification agrees with PostgreSQL', (adminUrl) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: pg.Client;

  beforeAll(async () => {
    await loadParser();
    database = await createTestDatabase(adminUrl());
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`CREATE TABLE t (a int);
      CREATE INDEX ix ON t (a);
      CREATE TABLE p (a int) PARTITION BY RANGE (a);
      CREATE TABLE c PARTITION OF p FOR VALUES FROM (0) TO (10);`);
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  /** The SQLSTATE the statement fails with inside BEGIN…ROLLBACK, or 'ok'. */
  async function inTransaction(sql: string): Promise<string> {
    await client.query('BEGIN');
    try {
      await client.query(sql);
      return 'ok';
    } catch (error) {
      return (error as { code?: string }).code ?? 'unknown';
    } finally {
      await client.query('ROLLBACK');
    }
  }

  it.each(refused)('%s: classified outside, refused in a transaction', async (template) => {
    const sql = template.replace('{db}', database.name);
    const [statement] = sqlToStatements(sql);
    expect(statement?.transactional).toBe(false);
    expect(await inTransaction(sql)).toBe(activeSqlTransaction);
  });

  it.each(accepted)('%s: classified inside, not refused in a transaction', async (sql) => {
    const [statement] = sqlToStatements(sql);
    expect(statement?.transactional).toBe(true);
    expect(await inTransaction(sql)).not.toBe(activeSqlTransaction);
  });
});
