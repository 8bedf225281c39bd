import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/database/connect.js';
import type { DatabaseClient } from '../../src/database/client.js';
import {
  ensureVersionTables,
  readHeads,
  readRunningSteps,
} from '../../src/database/version-table.js';
import { onlineTarget } from '../../src/runner/online-target.js';
import { runPlan, type RunPlanOptions } from '../../src/runner/run-plan.js';
import { checkHalfDone } from '../../src/runner/half-done.js';
import {
  HISTORY_PROGRESS_COLUMNS,
  insertHistorySql,
  markInFlightSql,
} from '../../src/core/runner/version-table-sql.js';
import { tsRevisions } from './support.js';

const base = {
  transaction: 'per-migration' as const,
  lockTimeoutMs: 5000,
  statementTimeoutMs: 0,
  lockRetries: 3,
  toolVersion: 'test',
};

/**
 * A non-transactional statement in flight when a run died: settled from the catalog where it
 * can be, else by the operator's word; identical on PGlite and PostgreSQL.
 */
export function halfDoneSuite(label: string, databaseUrl: () => Promise<string>): void {
  let db: DatabaseClient;
  beforeAll(async () => {
    db = await connect({ url: await databaseUrl(), rootDir: '.' });
  });
  afterAll(async () => db?.close());

  // Each test has its own version table (schema), so they do not depend on one another.
  const setup = async (schema: string, prefix: string) => {
    const names = { schema, table: 'retort_version' };
    await ensureVersionTables(db, names);
    const revs = tsRevisions();
    const t = `${schema}.${prefix}`;
    const statements = [
      `CREATE TABLE ${t}_log (note text)`,
      `CREATE TYPE ${t}_mood AS ENUM ('a')`,
      `INSERT INTO ${t}_log VALUES ('x')`,
      `CREATE INDEX CONCURRENTLY ${prefix}_i ON ${t}_log (note)`,
      `ALTER TYPE ${t}_mood ADD VALUE 'b'`,
      `INSERT INTO ${t}_log VALUES ('y')`,
    ];
    revs.add(
      'k1',
      statements.map((s) => `op.execute(${JSON.stringify(s)});`).join('\n'),
      `op.execute('DROP TABLE ${t}_log');`,
      '\n  transactional: false,',
    );
    const run = (o: Pick<RunPlanOptions, 'resume'>) =>
      runPlan({
        ...base,
        names,
        target: onlineTarget(db),
        steps: revs.up('k1'),
        files: revs.files,
        ...o,
      });
    /** What a run killed while statement `index` ran leaves: statements before it done, it in flight. */
    const crashAt = async (index: number, applied: boolean) => {
      for (const s of statements.slice(0, index + (applied ? 1 : 0))) await db.query(s);
      await db.exec(
        insertHistorySql(names, {
          revision: 'k1',
          direction: 'up',
          checksum: null,
          toolVersion: 'test',
          statementsDone: index,
          statementsTotal: statements.length,
          status: 'running',
          runId: 'deadbeef0000',
        }),
      );
      await db.exec(
        markInFlightSql(names, 'k1', { statement: index, unit: index, runId: 'deadbeef0000' }),
      );
    };
    const notes = async () =>
      (await db.query<{ note: string }>(`SELECT note FROM ${t}_log ORDER BY note`)).rows.map(
        (r) => r.note,
      );
    const labels = async () =>
      (
        await db.query<{ l: string }>(
          `SELECT enumlabel AS l FROM pg_enum WHERE enumtypid = '${t}_mood'::regtype ORDER BY enumsortorder`,
        )
      ).rows.map((r) => r.l);
    const indexValid = async () =>
      (
        await db.query<{ ok: boolean }>(
          `SELECT i.indisvalid AS ok FROM pg_index i WHERE i.indexrelid = to_regclass('${schema}.${prefix}_i')`,
        )
      ).rows.map((r) => r.ok);
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    return { names, revs, run, crashAt, notes, labels, indexValid, files: revs.files };
  };

  describe(`half-done steps on ${label}`, () => {
    it('DML in flight: refuses to guess, shows the statement and both commands; --skip-unit continues after it', async () => {
      const k = await setup('hd_dml', 'k');
      await k.crashAt(2, true);
      const running = await readRunningSteps(db, k.names);
      expect(running[0]).toMatchObject({
        revision: 'k1',
        statementsDone: 2,
        runId: 'deadbeef0000',
        inFlight: { statement: 2, unit: 2 },
      });
      const listed = await checkHalfDone(db, running, k.files, false, undefined, {
        names: k.names,
        target: 'head',
      }).catch((e: unknown) => e);
      expect(listed).toMatchObject({ code: 'HALF_APPLIED', exitCode: 8 });
      expect((listed as { hint: string }).hint).toContain(
        'retort upgrade head --resume --rerun-unit',
      );
      expect((listed as { hint: string }).hint).toContain(
        'retort upgrade head --resume --skip-unit',
      );

      const refused = await checkHalfDone(db, running, k.files, true, undefined, {
        names: k.names,
        target: 'head',
      }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'UNIT_OUTCOME_UNKNOWN', exitCode: 8 });
      const message = (refused as Error).message;
      expect(message).toContain("INSERT INTO hd_dml.k_log VALUES ('x')");
      expect(message).toContain('statement 3 of 6');
      expect(message).toContain('k1_m.ts');
      expect((refused as { hint: string }).hint).toContain('--skip-unit');

      const resume = await checkHalfDone(db, running, k.files, true, undefined, {
        names: k.names,
        unit: 'skip',
      });
      expect(resume).toMatchObject({
        statementsDone: 3,
        settled: { decision: 'skip', by: 'operator' },
      });
      await k.run({ resume });
      expect(await k.notes()).toEqual(['x', 'y']);
      expect(await readHeads(db, k.names)).toEqual(['k1']);
      expect(await readRunningSteps(db, k.names)).toEqual([]);
    });

    it('DML in flight that did not apply: --rerun-unit runs it again, once', async () => {
      const k = await setup('hd_rerun', 'k');
      await k.crashAt(2, false);
      const running = await readRunningSteps(db, k.names);
      const resume = await checkHalfDone(db, running, k.files, true, undefined, {
        names: k.names,
        unit: 'rerun',
      });
      expect(resume).toMatchObject({ statementsDone: 2, settled: { decision: 'rerun' } });
      await k.run({ resume });
      expect(await k.notes()).toEqual(['x', 'y']);
      expect(await k.labels()).toEqual(['a', 'b']);
    });

    it('CREATE INDEX CONCURRENTLY in flight, left INVALID: dropped and rebuilt from the catalog', async () => {
      const k = await setup('hd_cic', 'k');
      await k.crashAt(3, false);
      // An interrupted build leaves an INVALID index of that name.
      await db.query(`INSERT INTO hd_cic.k_log VALUES ('dup'), ('dup')`);
      await db
        .query(`CREATE UNIQUE INDEX CONCURRENTLY k_i ON hd_cic.k_log (note)`)
        .catch(() => undefined);
      await db.query(`DELETE FROM hd_cic.k_log WHERE note = 'dup'`);
      expect(await k.indexValid()).toEqual([false]);
      const running = await readRunningSteps(db, k.names);
      const resume = await checkHalfDone(db, running, k.files, true, undefined, { names: k.names });
      expect(resume?.settled).toMatchObject({ decision: 'rerun', by: 'catalog' });
      expect(resume?.settled?.reason).toContain('INVALID');
      await k.run({ resume });
      expect(await k.indexValid()).toEqual([true]);
      expect(await k.notes()).toEqual(['x', 'y']);
    });

    it('CREATE INDEX CONCURRENTLY in flight that finished, and ADD VALUE whose label exists: counted as done', async () => {
      const k = await setup('hd_done', 'k');
      await k.crashAt(4, true);
      expect(await k.labels()).toEqual(['a', 'b']);
      const running = await readRunningSteps(db, k.names);
      const resume = await checkHalfDone(db, running, k.files, true, undefined, { names: k.names });
      expect(resume).toMatchObject({
        statementsDone: 5,
        settled: { decision: 'skip', by: 'catalog' },
      });
      expect(resume?.settled?.reason).toContain("label 'b' exists");
      await k.run({ resume });
      expect(await k.notes()).toEqual(['x', 'y']);
      expect(await k.labels()).toEqual(['a', 'b']);
      expect(await k.indexValid()).toEqual([true]);
    });

    it('a run records the in-flight statement and clears it when the server answers', async () => {
      const k = await setup('hd_run', 'k');
      await k.run({});
      expect(await readRunningSteps(db, k.names)).toEqual([]);
      const row = await db.query<{ run_id: string | null; backend_pid: number | null }>(
        `SELECT run_id, backend_pid FROM hd_run.retort_version_history WHERE revision = 'k1'`,
      );
      expect(row.rows[0]?.backend_pid).not.toBeNull();
    });

    it('upgrades a history table made by an older retort in place', async () => {
      await db.exec('CREATE SCHEMA IF NOT EXISTS hd_old');
      await db.exec(
        `CREATE TABLE hd_old.retort_version (version_num varchar(32) NOT NULL PRIMARY KEY);
         CREATE TABLE hd_old.retort_version_history (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, revision varchar(32) NOT NULL, direction text NOT NULL, checksum text, started_at timestamptz NOT NULL DEFAULT clock_timestamp(), finished_at timestamptz, duration_ms integer, tool_version text NOT NULL, statements_done integer NOT NULL DEFAULT 0, statements_total integer NOT NULL DEFAULT 0, status text NOT NULL);
         INSERT INTO hd_old.retort_version_history (revision, direction, tool_version, statements_done, statements_total, status) VALUES ('old1', 'up', '0.0.1', 1, 2, 'running')`,
      );
      const names = { schema: 'hd_old', table: 'retort_version' };
      // Read before the upgrade: no progress columns yet, nothing altered.
      expect(await readRunningSteps(db, names)).toMatchObject([
        { revision: 'old1', statementsDone: 1, statementsTotal: 2 },
      ]);
      await ensureVersionTables(db, names);
      const cols = await db.query<{ c: string }>(
        `SELECT attname AS c FROM pg_attribute WHERE attrelid = 'hd_old.retort_version_history'::regclass AND attnum > 0 AND NOT attisdropped`,
      );
      for (const [c] of HISTORY_PROGRESS_COLUMNS) expect(cols.rows.map((r) => r.c)).toContain(c);
      const running = await readRunningSteps(db, names);
      expect(running).toMatchObject([{ revision: 'old1', statementsDone: 1 }]);
      expect(running[0]?.inFlight).toBeUndefined();
      // Idempotent.
      await ensureVersionTables(db, names);
    });
  });
}
