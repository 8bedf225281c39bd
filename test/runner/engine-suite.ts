import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/database/connect.js';
import type { DatabaseClient } from '../../src/database/client.js';
import {
  ensureVersionTables,
  readHeads,
  readRunningSteps,
} from '../../src/database/version-table.js';
import { onlineTarget } from '../../src/runner/online-target.js';
import { offlineTarget } from '../../src/runner/offline-target.js';
import { runPlan, type RunPlanOptions } from '../../src/runner/run-plan.js';
import { tsRevisions } from './support.js';

const names = { schema: 'public', table: 'retort_version' };

const base = {
  names,
  transaction: 'per-migration' as const,
  lockTimeoutMs: 5000,
  statementTimeoutMs: 0,
  lockRetries: 3,
  toolVersion: 'test',
};
/** The engine's behaviour, identical on PGlite and PostgreSQL. */
export function engineSuite(label: string, databaseUrl: () => Promise<string>): void {
  let db: DatabaseClient;
  beforeAll(async () => {
    db = await connect({ url: await databaseUrl(), rootDir: '.' });
    await ensureVersionTables(db, names);
  });
  afterAll(async () => db?.close());
  const run = (o: Pick<RunPlanOptions, 'steps' | 'files'> & Partial<RunPlanOptions>) =>
    runPlan({ ...base, target: onlineTarget(db), ...o });
  const tables = async (): Promise<string[]> =>
    (
      await db.query<{ t: string }>(
        "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'e\\_%' ORDER BY 1",
      )
    ).rows.map((r) => r.t);

  describe(`runPlan on ${label}`, () => {
    const revs = tsRevisions();
    revs.add(
      'a1',
      "op.execute('CREATE TABLE e_a (id int PRIMARY KEY)');",
      "op.execute('DROP TABLE e_a');",
    );
    revs.add(
      'b2',
      "op.execute('CREATE TABLE e_b (id int PRIMARY KEY, a int REFERENCES e_a)');\n op.execute('CREATE INDEX CONCURRENTLY e_b_a ON e_b (a)');",
      "op.execute('DROP TABLE e_b');",
    );
    revs.add(
      'c3',
      "op.execute('CREATE TABLE e_c (id int)');\n op.execute('SELECT * FROM nope');",
      "op.execute('DROP TABLE e_c');",
    );

    it('applies revisions, one transaction each, with version and history rows', async () => {
      const results = await run({ steps: revs.up('a1', 'b2'), files: revs.files });
      expect(results.map((r) => [r.revision, r.statements, r.units])).toEqual([
        ['a1', 1, 1],
        ['b2', 2, 2],
      ]);
      expect(await tables()).toEqual(['e_a', 'e_b']);
      expect(await readHeads(db, names)).toEqual(['b2']);
      const history = await db.query<{
        revision: string;
        status: string;
        statements_done: number;
        checksum: string;
      }>(
        'SELECT revision, status, statements_done, checksum FROM retort_version_history ORDER BY id',
      );
      expect(history.rows.map((r) => [r.revision, r.status, r.statements_done])).toEqual([
        ['a1', 'done', 1],
        ['b2', 'done', 2],
      ]);
      expect(history.rows[0]?.checksum).toMatch(/^v1:[0-9a-f]{64}$/);
      expect(await readRunningSteps(db, names)).toEqual([]);
    });

    it('rolls back a failing migration and names revision, file, statement and SQLSTATE', async () => {
      const error = await run({ steps: revs.up('c3'), files: revs.files }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MIGRATION_FAILED', exitCode: 5 });
      const message = (error as Error).message;
      expect(message).toContain('c3');
      expect(message).toContain('c3_m.ts');
      expect(message).toContain('SELECT * FROM nope');
      expect(message).toContain('42P01');
      expect(await tables()).toEqual(['e_a', 'e_b']);
      expect(await readHeads(db, names)).toEqual(['b2']);
    });

    it('downgrades', async () => {
      await run({ steps: revs.down('b2', 'a1'), files: revs.files });
      expect(await tables()).toEqual([]);
      expect(await readHeads(db, names)).toEqual([]);
    });

    it('writes the same plan offline: BEGIN/COMMIT per unit, CONCURRENTLY outside', async () => {
      const target = offlineTarget();
      await runPlan({ ...base, target, steps: revs.up('a1', 'b2'), files: revs.files });
      const text = target.text();
      expect(text).toContain('CREATE INDEX CONCURRENTLY e_b_a ON e_b (a);');
      const idx = text.indexOf('CREATE INDEX CONCURRENTLY');
      expect(text.lastIndexOf('COMMIT;', idx)).toBeGreaterThan(text.lastIndexOf('BEGIN;', idx));
      expect(text).toContain(`INSERT INTO "public"."retort_version" (version_num) VALUES ('a1')`);
      expect(text).toContain(`DELETE FROM "public"."retort_version" WHERE version_num IN ('a1')`);
      expect(text).not.toMatch(/pglite|postgres:\/\//);
    });
  });
}
