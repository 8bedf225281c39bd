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
import { checkHalfDone } from '../../src/runner/migrate.js';
import { insertHistorySql } from '../../src/core/runner/version-table-sql.js';

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
      expect(text).toContain(
        `UPDATE "public"."retort_version" SET version_num = 'b2' WHERE version_num = 'a1'`,
      );
      expect(text).not.toMatch(/pglite|postgres:\/\//);
    });

    it('a failed CONCURRENTLY build: refuses until --resume, names the INVALID index, drops and rebuilds it on --resume', async () => {
      revs.add(
        'd4',
        [
          "op.execute('CREATE TABLE e_d (v int)');",
          "op.execute('INSERT INTO e_d VALUES (1), (1)');",
          "op.execute('CREATE UNIQUE INDEX CONCURRENTLY e_d_v ON e_d (v)');",
          "op.execute('CREATE TABLE e_d2 (id int)');",
        ].join('\n'),
        "op.execute('DROP TABLE e_d2');\nop.execute('DROP TABLE e_d');",
      );
      const files = revs.files;
      await run({ steps: revs.up('a1', 'b2', 'c3').slice(0, 2), files });
      const steps = [{ ...revs.up('d4')[0]!, headsBefore: ['b2'] }];
      const error = await run({ steps, files }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MIGRATION_FAILED', exitCode: 5 });
      expect((error as Error).message).toContain('23505');
      expect(await readHeads(db, names)).toEqual(['b2']);

      const running = await readRunningSteps(db, names);
      expect(running).toMatchObject([
        { revision: 'd4', direction: 'up', statementsDone: 2, statementsTotal: 4 },
      ]);
      const refused = await checkHalfDone(db, running, files, false).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'HALF_APPLIED', exitCode: 8 });
      expect((refused as Error).message).toContain('2 of 4');
      expect((refused as Error).message).toContain('e_d_v');
      expect((refused as Error).message).toContain('CREATE UNIQUE INDEX CONCURRENTLY');
      expect((refused as { hint: string }).hint).toContain('--resume');
      // On --resume the INVALID index is dropped and built again (IF NOT EXISTS would skip it).
      expect((refused as Error).message).toContain('dropped (DROP INDEX CONCURRENTLY');
      await db.exec('DELETE FROM e_d');
      const resume = await checkHalfDone(db, running, files, true);
      expect(resume?.revision).toBe('d4');
      const results = await run({ steps, files, resume });
      expect(results[0]?.revision).toBe('d4');
      expect(await readHeads(db, names)).toEqual(['d4']);
      expect(await readRunningSteps(db, names)).toEqual([]);
      const valid = await db.query<{ ok: boolean }>(
        "SELECT indisvalid AS ok FROM pg_index WHERE indexrelid = 'e_d_v'::regclass",
      );
      expect(valid.rows[0]?.ok).toBe(true);
      await run({ steps: [{ ...revs.down('d4')[0]!, headsAfter: ['b2'] }], files });
      await run({ steps: revs.down('b2', 'a1'), files });
      expect(await tables()).toEqual([]);
    });

    it('an enum value added then used in the same migration gets a commit in between', async () => {
      revs.add(
        'e5',
        [
          'op.execute("CREATE TYPE e_mood AS ENUM (\'ok\')");',
          "op.execute('CREATE TABLE e_m (m e_mood)');",
          'op.execute("ALTER TYPE e_mood ADD VALUE \'great\'");',
          'op.execute("INSERT INTO e_m VALUES (\'great\')");',
        ].join('\n'),
        "op.execute('DROP TABLE e_m');\nop.execute('DROP TYPE e_mood');",
      );
      const steps = [{ ...revs.up('e5')[0]!, headsBefore: [] }];
      await db.exec("CREATE TYPE e_pre AS ENUM ('a')");
      const results = await run({ steps, files: revs.files });
      expect(results[0]?.units).toBe(2);
      await run({ steps: [{ ...revs.down('e5')[0]!, headsAfter: [] }], files: revs.files });
      revs.add(
        'f6',
        [
          'op.execute("ALTER TYPE e_pre ADD VALUE \'b\'");',
          'op.execute("CREATE TABLE e_p AS SELECT \'b\'::e_pre AS v");',
        ].join('\n'),
        "op.execute('DROP TABLE e_p');",
      );
      const r2 = await run({
        steps: [{ ...revs.up('f6')[0]!, headsBefore: [] }],
        files: revs.files,
      });
      expect(r2[0]?.units).toBe(2);
      await run({ steps: [{ ...revs.down('f6')[0]!, headsAfter: [] }], files: revs.files });
      await db.exec('DROP TYPE e_pre');
      expect(await readHeads(db, names)).toEqual([]);
    });

    it('op.commit(): what follows runs in a new transaction, online, offline and in single mode', async () => {
      const r = tsRevisions();
      r.add(
        'k1',
        [
          "op.execute('CREATE TABLE e_k AS SELECT txid_current() AS tx');",
          'op.commit();',
          "op.execute('INSERT INTO e_k SELECT txid_current()');",
        ].join('\n'),
        "op.execute('DROP TABLE e_k');",
      );
      const steps = [{ ...r.up('k1')[0]!, headsBefore: [] }];
      const down = [{ ...r.down('k1')[0]!, headsAfter: [] }];
      const transactions = async (): Promise<number> =>
        Number(
          (await db.query<{ n: string }>('SELECT count(DISTINCT tx) AS n FROM e_k')).rows[0]?.n,
        );
      const results = await run({ steps, files: r.files });
      expect(results[0]?.units).toBe(2);
      expect(await transactions()).toBe(2);
      await run({ steps: down, files: r.files });
      await run({ steps, files: r.files, transaction: 'single' });
      expect(await transactions()).toBe(2);
      await run({ steps: down, files: r.files });

      const target = offlineTarget();
      await runPlan({ ...base, target, steps, files: r.files });
      const text = target.text();
      const insert = text.indexOf('INSERT INTO e_k');
      expect(text.lastIndexOf('COMMIT;', insert)).toBeGreaterThan(text.indexOf('CREATE TABLE e_k'));
      expect(text.lastIndexOf('BEGIN;', insert)).toBeGreaterThan(
        text.lastIndexOf('COMMIT;', insert),
      );
      expect(await readHeads(db, names)).toEqual([]);
    });

    it("run.transaction='single': the whole upgrade in one transaction, all or nothing", async () => {
      const r = tsRevisions();
      r.add('s1', "op.execute('CREATE TABLE e_s1 (id int)');", "op.execute('DROP TABLE e_s1');");
      r.add('s2', "op.execute('CREATE TABLE e_s2 (id int)');", "op.execute('DROP TABLE e_s2');");
      r.add(
        's3',
        "op.execute('CREATE TABLE e_s3 (id int)');\nop.execute('SELECT 1/0');",
        "op.execute('DROP TABLE e_s3');",
      );
      const error = await run({
        steps: r.up('s1', 's2', 's3'),
        files: r.files,
        transaction: 'single',
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MIGRATION_FAILED' });
      expect((error as Error).message).toContain('22012');
      expect(await tables()).toEqual([]);
      expect(await readHeads(db, names)).toEqual([]);
      const results = await run({ steps: r.up('s1', 's2'), files: r.files, transaction: 'single' });
      expect(results).toHaveLength(2);
      expect(await tables()).toEqual(['e_s1', 'e_s2']);
      expect(await readHeads(db, names)).toEqual(['s2']);
      await run({ steps: r.down('s2', 's1'), files: r.files, transaction: 'single' });
      expect(await tables()).toEqual([]);
    });

    it('a data migration: op.query sees the statements recorded before it, in the same transaction', async () => {
      const r = tsRevisions();
      r.add(
        'q1',
        [
          "op.execute('CREATE TABLE e_people (email text)');",
          "op.execute(\"INSERT INTO e_people VALUES ('a@x'), ('b@x')\");",
          "const rows = await op.query('SELECT count(*)::int AS n FROM e_people');",
          'op.execute(`CREATE TABLE e_count AS SELECT ${Number(rows[0].n)} AS n`);',
        ].join('\n'),
        "op.execute('DROP TABLE e_count');\nop.execute('DROP TABLE e_people');",
      );
      r.add(
        'q2',
        ["await op.query('SELECT 1');", "op.execute('SELECT * FROM e_missing');"].join('\n'),
        '',
      );
      await run({ steps: r.up('q1'), files: r.files });
      const n = await db.query<{ n: number }>('SELECT n FROM e_count');
      expect(n.rows[0]?.n).toBe(2);
      expect(await readHeads(db, names)).toEqual(['q1']);
      const error = await run({ steps: r.up('q2'), files: r.files }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MIGRATION_FAILED' });
      expect(await readHeads(db, names)).toEqual(['q1']);
      await run({ steps: r.down('q1'), files: r.files });
      expect(await tables()).toEqual([]);
    });

    it('resumes a crash that happened after the last statement: only the bookkeeping is left', async () => {
      const r = tsRevisions();
      r.add(
        'r7',
        "op.execute('CREATE TABLE e_r (id int)');\nop.execute('CREATE INDEX CONCURRENTLY e_r_i ON e_r (id)');",
        "op.execute('DROP TABLE e_r');",
      );
      // What a process killed right after the index build leaves behind.
      await db.exec('CREATE TABLE e_r (id int)');
      await db.exec('CREATE INDEX CONCURRENTLY e_r_i ON e_r (id)');
      await db.exec(
        insertHistorySql(names, {
          revision: 'r7',
          direction: 'up',
          checksum: null,
          toolVersion: 'test',
          statementsDone: 2,
          statementsTotal: 2,
          status: 'running',
        }),
      );
      const running = await readRunningSteps(db, names);
      const resume = await checkHalfDone(db, running, r.files, true);
      await run({ steps: r.up('r7'), files: r.files, resume });
      expect(await readHeads(db, names)).toEqual(['r7']);
      expect(await readRunningSteps(db, names)).toEqual([]);
      await run({ steps: r.down('r7'), files: r.files });
      expect(await tables()).toEqual([]);
    });
  });
}
