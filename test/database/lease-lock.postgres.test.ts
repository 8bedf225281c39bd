import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseClient } from '../../src/database/client.js';
import { connect } from '../../src/database/connect.js';
import { acquireLeaseLock } from '../../src/database/lease-lock.js';
import { detectTransactionPooler, takeMigrationLock } from '../../src/database/migration-lock.js';
import { BIN, runCli, tempProject } from '../support/cli.js';
import { describePgBouncer, viaBouncer } from '../support/pgbouncer.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const names = { schema: 'public', table: 'retort_version' };

describePostgres('lease-table lock', (adminUrl) => {
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

  it('a second run times out with exit 7 and a message naming the holder; release frees it', async () => {
    const held = await acquireLeaseLock(a, names, {
      waitMs: 1000,
      ttlMs: 30_000,
      holder: 'ci-box pid 1',
    });
    const error = await acquireLeaseLock(b, names, { waitMs: 300, ttlMs: 30_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'LOCK_TIMEOUT', exitCode: 7 });
    expect((error as Error).message).toContain('held by ci-box pid 1');
    expect((error as Error).message).toContain(`run ${held.runId}`);
    expect((error as Error).message).toContain('public.retort_version_lock');
    await held.release();
    const mine = await acquireLeaseLock(b, names, { waitMs: 300, ttlMs: 30_000 });
    expect(mine.tookOver).toBeUndefined();
    await mine.release();
  });

  it('heartbeats keep a lease alive past its time to live', async () => {
    const held = await acquireLeaseLock(a, names, { waitMs: 1000, ttlMs: 300 });
    await new Promise((r) => setTimeout(r, 1000));
    const error = await acquireLeaseLock(b, names, { waitMs: 200, ttlMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'LOCK_TIMEOUT' });
    expect(held.lost).toBe(false);
    await held.release();
  });

  it('a stale lease (its run died) is taken over after expiry and named', async () => {
    await a.query(
      `INSERT INTO retort_version_lock VALUES ('migrate', 'dead-box pid 9', 'run-dead', now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 minute')`,
    );
    const held = await acquireLeaseLock(b, names, { waitMs: 1000, ttlMs: 30_000 });
    expect(held.tookOver).toMatchObject({ holder: 'dead-box pid 9', runId: 'run-dead' });
    await held.release();
  });

  it('run.lock table works on a direct connection too, a schema of its own', async () => {
    const lock = await takeMigrationLock(
      a,
      { schema: 'tenant_x', table: 'retort_version' },
      { lock: 'table', lockWaitMs: 1000, leaseTtlMs: 30_000 },
      () => connect({ url, rootDir: '.' }),
    );
    expect(lock.strategy).toBe('table');
    await lock.release();
  });

  it('no pooler is detected on a direct connection', async () => {
    const probe = await detectTransactionPooler(a, () => connect({ url, rootDir: '.' }));
    await probe.side.close();
    expect(probe.pooled).toBe(false);
  });
});

/** A project of five SQL revisions, each creating a table and logging itself in applied_log. */
function raceProject(databaseUrl: string, lock: string): string {
  const dir = tempProject('retort-lease-');
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(
    join(dir, 'retort.config.mjs'),
    `export default { databaseUrl: ${JSON.stringify(databaseUrl)}, run: { lock: '${lock}', lockWaitMs: 120000, leaseTtlMs: 5000 } };\n`,
  );
  let prev = '';
  for (let i = 1; i <= 5; i++) {
    const id = `${i}`.repeat(12);
    writeFileSync(
      join(dir, 'migrations', `${id}_r${i}.sql`),
      `-- revision: ${id}\n-- revises: ${prev}\n-- message: r${i}\n\n-- retort:upgrade\n${i === 1 ? 'CREATE TABLE applied_log (revision text NOT NULL);\n' : ''}CREATE TABLE t${i} (id int);\nINSERT INTO applied_log VALUES ('${id}');\nSELECT pg_sleep(0.05);\n\n-- retort:downgrade\nDROP TABLE t${i};\n`,
    );
    prev = id;
  }
  return dir;
}

const runRetort = (
  cwd: string,
  args: string[],
): Promise<{ code: number | null; out: string; err: string }> =>
  new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', CI: '1', DATABASE_URL: undefined },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => done({ code, out, err }));
  });

describePgBouncer('through PgBouncer in transaction mode', ({ admin, bouncer }) => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });
  const fresh = async (): Promise<{ direct: string; pooled: string }> => {
    const db = await createTestDatabase(admin());
    drops.push(db.drop);
    return { direct: db.url, pooled: viaBouncer(bouncer(), db.url) };
  };

  it('the pooler is detected', async () => {
    const { pooled } = await fresh();
    const db = await connect({ url: pooled, rootDir: '.' });
    try {
      const probe = await detectTransactionPooler(db, () => connect({ url: pooled, rootDir: '.' }));
      await probe.side.close();
      expect(probe.pooled).toBe(true);
    } finally {
      await db.close();
    }
  });

  it("with run.lock 'advisory', upgrade refuses and names the lease lock; nothing is applied", async () => {
    const { pooled, direct } = await fresh();
    const dir = raceProject(pooled, 'advisory');
    // In process: the refusal is under test, not the start-up (the races below are processes).
    const r = await runCli(['upgrade', 'head'], { cwd: dir });
    expect(r.code).toBe(8);
    expect(r.stderr).toContain('error[TRANSACTION_POOLER]');
    expect(r.stderr).toContain("lock: 'table'");
    const db = await connect({ url: direct, rootDir: '.' });
    try {
      const t = await db.query<{ ok: boolean }>("SELECT to_regclass('applied_log') IS NULL AS ok");
      expect(t.rows[0]?.ok).toBe(true);
    } finally {
      await db.close();
    }
  });

  for (const lock of ['table', 'auto']) {
    it(`with run.lock '${lock}', six racing processes apply each revision exactly once`, async () => {
      const { pooled, direct } = await fresh();
      const dir = raceProject(pooled, lock);
      const runs = await Promise.all(
        Array.from({ length: 6 }, () => runRetort(dir, ['upgrade', 'head'])),
      );
      expect(
        runs.map((r) => r.code),
        runs.map((r) => r.err).join('\n'),
      ).toEqual([0, 0, 0, 0, 0, 0]);
      const db = await connect({ url: direct, rootDir: '.' });
      try {
        const log = await db.query<{ revision: string; n: string }>(
          'SELECT revision, count(*) AS n FROM applied_log GROUP BY 1 ORDER BY 1',
        );
        expect(log.rows.map((r) => `${r.revision}:${r.n}`)).toEqual(
          [1, 2, 3, 4, 5].map((i) => `${`${i}`.repeat(12)}:1`),
        );
        const hist = await db.query<{ n: string }>(
          "SELECT count(*) AS n FROM retort_version_history WHERE direction = 'up'",
        );
        expect(hist.rows[0]?.n).toBe('5');
        const lease = await db.query<{ n: string }>(
          'SELECT count(*) AS n FROM retort_version_lock',
        );
        expect(lease.rows[0]?.n).toBe('0');
      } finally {
        await db.close();
      }
    }, 180_000);
  }
});
