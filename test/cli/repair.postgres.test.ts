import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { insertHistorySql, markInFlightSql } from '../../src/core/runner/version-table-sql.js';
import { runCli } from '../support/cli.js';
import { describePostgres, freshDatabases } from '../support/postgres.js';

const REV = 'aa11bb22cc33';
const names = { schema: 'public', table: 'retort_version' };
const STATEMENTS = [
  'CREATE TABLE rp_log (note text)',
  "INSERT INTO rp_log VALUES ('x')",
  "INSERT INTO rp_log VALUES ('y')",
];

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'retort-repair-'));
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(
    join(dir, 'retort.config.mjs'),
    "export default { migrationsDir: 'migrations', lint: { gate: 'off' }, run: { lockWaitMs: 20000 } };\n",
  );
  writeFileSync(
    join(dir, 'migrations', `${REV}_log.sql`),
    `-- revision: ${REV}\n-- revises:\n-- message: log\n-- transactional: false\n\n-- retort:upgrade\n${STATEMENTS.join(';\n')};\n\n-- retort:downgrade\nDROP TABLE rp_log;\n`,
  );
  return dir;
}

async function sql(url: string, text: string): Promise<Record<string, unknown>[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

/** What a run killed during statement `index` (applied or not) leaves, with its backend pid. */
async function crashAt(url: string, index: number, applied: boolean, runId: string, pid?: number) {
  for (const s of STATEMENTS.slice(0, index + (applied ? 1 : 0))) await sql(url, s);
  await sql(
    url,
    insertHistorySql(names, {
      revision: REV,
      direction: 'up',
      checksum: null,
      toolVersion: 'test',
      statementsDone: index,
      statementsTotal: STATEMENTS.length,
      status: 'running',
      runId,
    }),
  );
  await sql(url, markInFlightSql(names, REV, { statement: index, unit: index, runId }));
  if (pid !== undefined)
    await sql(
      url,
      `UPDATE retort_version_history SET backend_pid = ${pid} WHERE status = 'running'`,
    );
}

describePostgres('retort repair', (adminUrl) => {
  const fresh = freshDatabases(adminUrl);
  describe('half-done state after a kill', () => {
    it(
      'lists an in-flight DML statement, refuses to guess on --resume, --skip-unit resolves it',
      {
        timeout: 180_000,
      },
      async () => {
        const dir = project();
        const url = await fresh();
        const env = { DATABASE_URL: url };
        expect((await runCli(['stamp', 'base'], { cwd: dir, env })).code).toBe(0);
        await crashAt(url, 1, true, 'deadbeef0000');

        const listed = await runCli(['repair'], { cwd: dir, env });
        expect(listed.code).toBe(0);
        expect(listed.stdout).toContain(`${REV} (migrations/${REV}_log.sql): upgrade half done`);
        expect(listed.stdout).toContain('1 of 3 statements done');
        expect(listed.stdout).toContain('run deadbeef0000');
        expect(listed.stdout).toContain('gone');
        expect(listed.stdout).toContain('in flight: statement 2 (migrations/');
        expect(listed.stdout).toContain("INSERT INTO rp_log VALUES ('x')");
        expect(listed.stdout).toContain('retort repair --skip-unit');
        const json = JSON.parse((await runCli(['repair', '--json'], { cwd: dir, env })).stdout);
        expect(json.halfDone[0]).toMatchObject({
          revision: REV,
          runId: 'deadbeef0000',
          inFlight: { statement: 1, verdict: { outcome: 'unknown' } },
        });

        const refused = await runCli(['upgrade', 'head', '--resume'], { cwd: dir, env });
        expect(refused.code).toBe(8);
        expect(refused.stderr).toContain('error[UNIT_OUTCOME_UNKNOWN]');
        expect(refused.stderr).toContain("statement: INSERT INTO rp_log VALUES ('x')");
        expect(refused.stderr).toContain('retort upgrade head --resume --rerun-unit');
        expect(refused.stderr).toContain('retort upgrade head --resume --skip-unit');

        const both = await runCli(['repair', '--skip-unit', '--rerun-unit'], { cwd: dir, env });
        expect(both.code).toBe(2);
        const skipped = await runCli(['repair', '--skip-unit'], { cwd: dir, env });
        expect(skipped.code).toBe(0);
        expect(skipped.stdout).toContain('Counted the in-flight statement');
        const resumed = await runCli(['upgrade', 'head', '--resume'], { cwd: dir, env });
        expect(resumed.code).toBe(0);
        expect(await sql(url, 'SELECT note FROM rp_log ORDER BY note')).toEqual([
          { note: 'x' },
          { note: 'y' },
        ]);
        expect((await runCli(['repair'], { cwd: dir, env })).stdout).toContain(
          'Nothing is half done',
        );
      },
    );

    it(
      'an orphaned backend still running: listed as alive; --terminate-orphans ends it before resuming',
      {
        timeout: 180_000,
      },
      async () => {
        const dir = project();
        const url = await fresh();
        const env = { DATABASE_URL: url };
        expect((await runCli(['stamp', 'base'], { cwd: dir, env })).code).toBe(0);
        // A backend that still "executes" the statement: application_name names its run.
        const orphan = new pg.Client({
          connectionString: url,
          application_name: 'retort deadbeef0001',
        });
        await orphan.connect();
        orphan.on('error', () => undefined);
        const pid = Number((await orphan.query('SELECT pg_backend_pid() AS p')).rows[0].p);
        const sleeping = orphan
          .query('SELECT pg_sleep(120)')
          .catch((e: { code?: string }) => e.code);
        await crashAt(url, 2, false, 'deadbeef0001', pid);

        const listed = await runCli(['repair'], { cwd: dir, env });
        expect(listed.stdout).toContain(`backend pid ${pid}: still alive (active`);
        expect(listed.stdout).toContain('--terminate-orphans');
        const resumed = await runCli(
          ['upgrade', 'head', '--resume', '--rerun-unit', '--terminate-orphans'],
          { cwd: dir, env },
        );
        expect(resumed.stderr).toContain(
          `Terminating the backend of another run, still executing a half-done migration (pid ${pid}`,
        );
        expect(resumed.code).toBe(0);
        expect(resumed.stdout).toContain(`Terminated the backend of another run (pid ${pid}`);
        expect(resumed.stdout).toContain('--rerun-unit, so it was run again');
        expect(await sleeping).toBe('57P01');
        await orphan.end().catch(() => undefined);
        expect(await sql(url, 'SELECT note FROM rp_log ORDER BY note')).toEqual([
          { note: 'x' },
          { note: 'y' },
        ]);
      },
    );

    it('--mark-done records a migration finished by hand', { timeout: 180_000 }, async () => {
      const dir = project();
      const url = await fresh();
      const env = { DATABASE_URL: url };
      expect((await runCli(['stamp', 'base'], { cwd: dir, env })).code).toBe(0);
      await crashAt(url, 2, true, 'deadbeef0002');
      await sql(url, 'UPDATE retort_version_history SET in_flight_statement = NULL');
      const done = await runCli(['repair', '--mark-done', '--json'], { cwd: dir, env });
      expect(done.code).toBe(0);
      expect(JSON.parse(done.stdout)).toMatchObject({
        halfDone: [],
        resolved: { revision: REV, action: 'mark-done' },
      });
      expect(await sql(url, 'SELECT version_num FROM retort_version')).toEqual([
        { version_num: REV },
      ]);
    });
  });
});
