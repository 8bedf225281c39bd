import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { checkSchema, downgrade, upgrade, type RetortConfig } from 'retort-pg';
import { createTestDatabase, describePostgres } from '../../test/support/postgres.js';
import exampleConfig from './retort.config.js';

/** The tables the guide's "Verify Database Schema" step lists. */
const GUIDE_TABLES = [
  'users',
  'organizations',
  'memberships',
  'workspaces',
  'plans',
  'subscriptions',
  'payments',
  'ledger_entries',
  'invoices',
  'projects',
  'indicators',
  'threat_actors',
  'campaigns',
  'vulnerabilities',
  'threat_reports',
];

const EXAMPLE = import.meta.dirname;

/** This example's config (retort.config.ts itself, so the two never drift) on another database. */
const configFor = (databaseUrl: string): RetortConfig => ({ ...exampleConfig, databaseUrl });

interface Db {
  query<Row>(sql: string): Promise<{ rows: Row[] }>;
  exec(sql: string): Promise<unknown>;
}

/** A plain driver connection (PGlite for `pglite:<dir>`, node-postgres otherwise), as an app has. */
async function withDriver<T>(url: string, body: (db: Db) => Promise<T>): Promise<T> {
  if (url.startsWith('pglite:')) {
    const db = new PGlite(url.slice('pglite:'.length));
    try {
      return await body(db);
    } finally {
      await db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body({
      query: async <Row>(sql: string) => ({ rows: (await client.query(sql)).rows as Row[] }),
      exec: (sql: string) => client.query(sql),
    });
  } finally {
    await client.end();
  }
}

async function userTables(db: Db): Promise<string[]> {
  const r = await db.query<{ t: string }>(
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'retort_version%' ORDER BY 1",
  );
  return r.rows.map((row) => row.t);
}

/**
 * The guide replayed, step by step, on one database. With `applySqlScript`, also the round trips:
 * down to base and up again, and the offline script applied to a fresh database.
 */
function guideScenario(
  open: () => Promise<{ url: string; close(): Promise<void> }>,
  /** Applies a SQL script to a fresh database and returns that database's URL. */
  applySqlScript?: (script: string) => Promise<string>,
): void {
  let config: RetortConfig;
  let target: { url: string; close(): Promise<void> };
  const withDb = <T>(body: (db: Db) => Promise<T>): Promise<T> => withDriver(target.url, body);
  const project = (c: RetortConfig = config) => ({ config: c, cwd: EXAMPLE });
  beforeAll(async () => {
    target = await open();
    config = configFor(target.url);
  }, 120_000);
  afterAll(() => target?.close());

  it('upgrade head → check is clean → the guide’s tables → plans seeded', async () => {
    // Supabase keeps its own tables in `auth`: excluded in retort.config.ts (excludeSchemas), so
    // not proposed for dropping.
    await withDb((db) =>
      db.exec('CREATE SCHEMA auth; CREATE TABLE auth.users (id uuid PRIMARY KEY)'),
    );
    await upgrade({ ...project(), target: 'head' });
    const result = await checkSchema(project());
    expect(result.differences).toEqual([]);
    expect(result.clean).toBe(true);
    await withDb(async (db) => {
      expect(await userTables(db)).toEqual([...GUIDE_TABLES].sort());
      const plans = await db.query<{ id: string; features: unknown }>(
        'SELECT id, features FROM plans ORDER BY price_cents',
      );
      expect(plans.rows.map((p) => p.id)).toEqual(['free', 'pro', 'enterprise']);
      expect(plans.rows[2]?.features).toMatchObject({ sla: true, support: 'priority' });
    });
  }, 600_000);

  it('tenant isolation: authenticated sees and writes its organisation only; updated_at moves; the view shows its active projects', async () => {
    const orgA = '00000000-0000-0000-0000-0000000000a1';
    const orgB = '00000000-0000-0000-0000-0000000000b1';
    await withDb(async (db) => {
      // As the owner (row-level security does not apply to it), like a Supabase migration.
      await db.exec(`INSERT INTO organizations (id, name, slug) VALUES ('${orgA}', 'A', 'a'), ('${orgB}', 'B', 'b');
        INSERT INTO projects (org_id, name) VALUES ('${orgA}', 'a1'), ('${orgA}', 'a2'), ('${orgB}', 'b1');
        UPDATE projects SET archived = true WHERE name = 'a2'`);
      await db.exec(`UPDATE projects SET description = 'touched' WHERE name = 'a1'`);
      const touched = await db.query<{ moved: boolean }>(
        "SELECT updated_at > created_at AS moved FROM projects WHERE name = 'a1'",
      );
      expect(touched.rows).toEqual([{ moved: true }]);
      // A request of organisation A as Supabase's `authenticated` role (Supabase grants the
      // table privileges; here the test does, inside the transaction it rolls back).
      await db.exec(`BEGIN;
        GRANT SELECT, INSERT ON projects, plans, active_projects TO authenticated;
        SET LOCAL ROLE authenticated;
        SELECT set_config('app.current_org', '${orgA}', true)`);
      try {
        const seen = await db.query<{ name: string }>('SELECT name FROM projects ORDER BY name');
        expect(seen.rows.map((r) => r.name)).toEqual(['a1', 'a2']);
        const active = await db.query<{ name: string }>('SELECT name FROM active_projects');
        expect(active.rows.map((r) => r.name)).toEqual(['a1']);
        const plans = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM plans');
        expect(Number(plans.rows[0]?.n)).toBe(3);
        await expect(
          db.exec(`INSERT INTO projects (org_id, name) VALUES ('${orgB}', 'intruder')`),
        ).rejects.toThrow(/row-level security/);
      } finally {
        await db.exec('ROLLBACK');
      }
    });
  }, 600_000);

  if (applySqlScript === undefined) return;

  it('downgrade base leaves no table, type or version row; upgrade again is clean', async () => {
    await downgrade({ ...project(), target: 'base' });
    await withDb(async (db) => {
      expect(await userTables(db)).toEqual([]);
      const types = await db.query(
        "SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'",
      );
      expect(types.rows).toEqual([]);
      const sequences = await db.query(
        "SELECT relname FROM pg_class WHERE relkind = 'S' AND relname = 'invoice_number_seq'",
      );
      expect(sequences.rows).toEqual([]);
      const versions = await db.query('SELECT * FROM retort_version');
      expect(versions.rows).toEqual([]);
    });
    await upgrade({ ...project(), target: 'head' });
    expect((await checkSchema(project())).clean).toBe(true);
  }, 600_000);

  it('upgrade head --sql, applied as a script, gives the same schema', async () => {
    const offline = await upgrade({ ...project(), target: 'head', sql: true });
    const applied = await applySqlScript(offline.sql ?? '');
    expect((await checkSchema(project(configFor(applied)))).differences).toEqual([]);
  }, 600_000);
}

describe('RaptorFlow guide on PGlite', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  // The round trips on the embedded database are `retort test`'s stairway (every revision up,
  // down to the catalog it started from, up again, then the declaration) and its offline check
  // (the --sql script gives the same schema): test/testing/examples.test.ts runs both on this
  // example. They run here on PostgreSQL (below), where the script goes through psql.
  guideScenario(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'raptorflow-pglite-'));
    dirs.push(dir);
    return { url: `pglite:${join(dir, 'db')}`, close: async () => undefined };
  });
});

describePostgres('RaptorFlow guide on PostgreSQL', (adminUrl) => {
  const dropLater: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of dropLater) await drop();
  });
  guideScenario(
    async () => {
      const database = await createTestDatabase(adminUrl());
      dropLater.push(() => database.drop());
      return { url: database.url, close: async () => undefined };
    },
    async (script) => {
      const database = await createTestDatabase(adminUrl());
      dropLater.push(() => database.drop());
      const file = join(mkdtempSync(join(tmpdir(), 'raptorflow-sql-')), 'upgrade.sql');
      writeFileSync(file, script);
      execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, database.url], {
        stdio: 'pipe',
      });
      return database.url;
    },
  );
});
