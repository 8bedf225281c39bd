import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/commands/check.js';
import { downgrade } from '../../src/commands/downgrade.js';
import { declaredSchema } from '../../src/commands/schema-sources.js';
import { upgrade } from '../../src/commands/upgrade.js';
import type { ResolvedConfig } from '../../src/core/config.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import type { SchemaModel } from '../../src/core/model/schema-model.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { connect } from '../../src/database/connect.js';
import { introspectDatabase } from '../../src/database/introspect.js';
import { loadConfig } from '../../src/project/config-loader.js';
import { createTestDatabase, describePostgres } from '../../test/support/postgres.js';

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

async function userTables(db: DatabaseClient): Promise<string[]> {
  const r = await db.query<{ t: string }>(
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'retort_version%' ORDER BY 1",
  );
  return r.rows.map((row) => row.t);
}

/** The guide replayed, step by step, on one database. */
function guideScenario(
  open: () => Promise<{ url: string; close(): Promise<void> }>,
  applySqlScript: (script: string) => Promise<SchemaModel>,
): void {
  let config: ResolvedConfig;
  let target: { url: string; close(): Promise<void> };
  let declared: SchemaModel;
  const withDb = async <T>(body: (db: DatabaseClient) => Promise<T>): Promise<T> => {
    const db = await connect({ url: config.databaseUrl, rootDir: config.rootDir });
    try {
      return await body(db);
    } finally {
      await db.close();
    }
  };
  beforeAll(async () => {
    target = await open();
    config = await loadConfig({ cwd: EXAMPLE, env: { DATABASE_URL: target.url } });
    declared = await declaredSchema(config);
  });
  afterAll(() => target?.close());

  it('upgrade head → check is clean → the guide’s tables → plans seeded', async () => {
    // Supabase keeps its own tables in `auth`: not declared here, so not proposed for dropping.
    await withDb((db) =>
      db.exec('CREATE SCHEMA auth; CREATE TABLE auth.users (id uuid PRIMARY KEY)'),
    );
    await upgrade({ config, target: 'head' });
    const result = await check({ config });
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
  });

  it('downgrade base leaves no table, type or version row; upgrade again is clean', async () => {
    await downgrade({ config, target: 'base' });
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
      const versions = await db.query(`SELECT * FROM ${config.versionTable}`);
      expect(versions.rows).toEqual([]);
    });
    await upgrade({ config, target: 'head' });
    expect((await check({ config })).clean).toBe(true);
  });

  it('upgrade head --sql, applied as a script, gives the same schema', async () => {
    const offline = await upgrade({ config, target: 'head', sql: true });
    const model = await applySqlScript(offline.sql ?? '');
    expect(diffSchemas(model, declared)).toEqual([]);
  });
}

describe('RaptorFlow guide on PGlite', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  guideScenario(
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'raptorflow-pglite-'));
      dirs.push(dir);
      return { url: `pglite:${join(dir, 'db')}`, close: async () => undefined };
    },
    async (script) => {
      // No psql for an embedded database: the script goes through PGlite's simple protocol.
      const db = await connect({ url: 'pglite:memory', rootDir: EXAMPLE });
      try {
        await db.exec(script);
        return await introspectDatabase(db);
      } finally {
        await db.close();
      }
    },
  );
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
      const db = await connect({ url: database.url, rootDir: EXAMPLE });
      try {
        return await introspectDatabase(db);
      } finally {
        await db.close();
      }
    },
  );
});
