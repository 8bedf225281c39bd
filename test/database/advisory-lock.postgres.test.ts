import { afterAll, beforeAll, expect, it } from 'vitest';
import { acquireMigrationLock } from '../../src/database/advisory-lock.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { connect } from '../../src/database/connect.js';
import { ensureVersionTables, readHeads } from '../../src/database/version-table.js';
import { onlineTarget } from '../../src/runner/online-target.js';
import { runPlan, type RunEvent } from '../../src/runner/run-plan.js';
import { tsRevisions } from '../runner/support.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';

const names = { schema: 'public', table: 'retort_version' };

describePostgres('migration lock and lock_timeout', (adminUrl) => {
  let url = '';
  let drop: () => Promise<void> = async () => undefined;
  let a: DatabaseClient;
  let b: DatabaseClient;
  beforeAll(async () => {
    const database = await createTestDatabase(adminUrl());
    url = database.url;
    drop = database.drop;
    a = await connect({ url, rootDir: '.' });
    b = await connect({ url, rootDir: '.' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop();
  });

  it('a second migrator times out with a message naming the holder', async () => {
    const held = await acquireMigrationLock(a, names, 1000);
    const pid = (await a.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    const started = Date.now();
    const error = await acquireMigrationLock(b, names, 400).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(error).toMatchObject({ code: 'LOCK_TIMEOUT', exitCode: 7 });
    expect((error as Error).message).toContain(`pid ${pid}`);
    expect((error as Error).message).toContain("application_name 'retort'");
    expect((error as Error).message).toMatch(/client 127\.0\.0\.1|client ::1/);
    await held.release();
    const mine = await acquireMigrationLock(b, names, 400);
    await mine.release();
  });

  it('a different version table is a different lock', async () => {
    const held = await acquireMigrationLock(a, names, 1000);
    const other = await acquireMigrationLock(b, { schema: 'public', table: 'other_version' }, 100);
    await other.release();
    await held.release();
  });

  it('retries a migration that hits lock_timeout, then gives up with exit 7', async () => {
    await ensureVersionTables(a, names);
    await a.exec('CREATE TABLE e_lock (id int)');
    const revs = tsRevisions();
    revs.add(
      'l1',
      "op.execute('ALTER TABLE e_lock ADD COLUMN x int');",
      "op.execute('ALTER TABLE e_lock DROP COLUMN x');",
    );
    const settings = {
      names,
      files: revs.files,
      transaction: 'per-migration' as const,
      lockTimeoutMs: 100,
      statementTimeoutMs: 0,
      toolVersion: 'test',
    };
    await b.exec('BEGIN; LOCK TABLE e_lock IN ACCESS SHARE MODE');
    const error = await runPlan({
      ...settings,
      steps: revs.up('l1'),
      target: onlineTarget(a),
      lockRetries: 2,
      sleep: async () => undefined,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LOCK_TIMEOUT_EXHAUSTED', exitCode: 7 });
    expect((error as Error).message).toContain('3 attempts');
    expect(await readHeads(a, names)).toEqual([]);

    // The blocker goes away during the backoff: the retry succeeds.
    const events: RunEvent[] = [];
    await runPlan({
      ...settings,
      steps: revs.up('l1'),
      target: onlineTarget(a),
      lockRetries: 3,
      sleep: async () => {
        await b.exec('COMMIT');
      },
      onEvent: (e) => events.push(e),
    });
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
    expect(await readHeads(a, names)).toEqual(['l1']);
  });
});
