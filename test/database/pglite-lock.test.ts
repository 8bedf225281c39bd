import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acquireDirectoryLock,
  EmbeddedDatabaseBusyError,
  lockPathOf,
} from '../../src/database/directory-lock.js';
import { openPglite } from '../../src/database/pglite-client.js';
import { cliProject, REV } from '../runner/cli-project.js';
import { BIN } from '../support/cli.js';

describe('the embedded database directory lock', () => {
  it('lets one holder in and names it to a second one, which gives up with exit 7', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'retort-lock-')), 'db');
    const first = await acquireDirectoryLock(dir, { waitMs: 0 });
    expect(first.kind).toBe('held');
    const second = await acquireDirectoryLock(dir, { waitMs: 150 }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(EmbeddedDatabaseBusyError);
    const error = second as EmbeddedDatabaseBusyError;
    expect(error.exitCode).toBe(7);
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(error.message).toMatch(/since \d{4}-\d\d-\d\dT/);
    const busy = await acquireDirectoryLock(dir, { waitMs: 0, readOnly: true }).catch(
      (e: unknown) => e,
    );
    expect((busy as Error).message).toContain('is busy');
    if (first.kind === 'held') await first.lock.release();
    const third = await acquireDirectoryLock(dir, { waitMs: 0 });
    expect(third.kind).toBe('held');
    if (third.kind === 'held') await third.lock.release();
  });

  it('breaks a lock whose process is gone', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'retort-lock-')), 'db');
    // A pid far above pid_max on Linux (4194304 at most): certainly not running.
    writeFileSync(
      lockPathOf(dir),
      JSON.stringify({
        pid: 99_999_999,
        hostname: (await import('node:os')).hostname(),
        command: 'retort upgrade head',
        since: new Date().toISOString(),
        nonce: 'dead',
      }),
    );
    const r = await acquireDirectoryLock(dir, { waitMs: 0 });
    expect(r.kind).toBe('held');
    if (r.kind === 'held') await r.lock.release();
  });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  args: string[];
}

function runAsync(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', CI: '1', DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, args }));
  });
}

describe('racing processes on one embedded database', () => {
  // N processes × K rounds of upgrade / downgrade / current, all started at once. Each process
  // costs ~2 s of CPU: 3 × 2 in npm test (every verb meets the two others at once), 3 × 3 and
  // more with RETORT_TEST_SCALE=full.
  const FULL = process.env['RETORT_TEST_SCALE'] === 'full';
  const N = FULL ? 4 : 3;
  const K = FULL ? 4 : 2;
  it(`${N} processes × ${K} rounds leave it openable, each revision applied once per upgrade, history complete`, async () => {
    const project = await cliProject(
      'pglite:./.retort/db',
      ", run: { lockWaitMs: 600000 }, lint: { gate: 'off' }",
    );
    const verbs: string[][] = [['upgrade', 'head'], ['downgrade', 'base'], ['current']];
    const runs = await Promise.all(
      Array.from({ length: N }, async (_, p) => {
        const out: Run[] = [];
        for (let k = 0; k < K; k++)
          out.push(await runAsync(project.dir, verbs[(p + k) % verbs.length] ?? ['current']));
        return out;
      }),
    );
    const all = runs.flat();
    for (const run of all)
      expect(run, `${run.args.join(' ')}: ${run.stderr}`).toMatchObject({ code: 0 });

    const db = await openPglite('pglite:./.retort/db', project.dir, { allowServed: false });
    try {
      const history = await db.query<{ revision: string; direction: string; status: string }>(
        'SELECT revision, direction, status FROM retort_version_history ORDER BY id',
      );
      const heads = await db.query<{ version_num: string }>(
        'SELECT version_num FROM retort_version',
      );
      // Replaying the history in order: every up finds its revision unapplied, every down
      // finds it applied, and the result is what the version table says.
      const applied = new Set<string>();
      for (const row of history.rows) {
        expect(row.status).toBe('done');
        if (row.direction === 'up') {
          expect(applied.has(row.revision), `${row.revision} applied twice`).toBe(false);
          applied.add(row.revision);
        } else if (row.direction === 'down') {
          expect(applied.has(row.revision), `${row.revision} reverted unapplied`).toBe(true);
          applied.delete(row.revision);
        }
      }
      const order = [REV.users, REV.posts, REV.tags];
      const expectedHead = order.filter((r) => applied.has(r)).at(-1);
      expect(heads.rows.map((r) => r.version_num)).toEqual(expectedHead ? [expectedHead] : []);
      const ups = history.rows.filter((r) => r.direction === 'up').length;
      const upgrades = all.filter(
        (r) => r.args[0] === 'upgrade' && /Upgraded [1-9]/.test(r.stdout),
      );
      const downs = history.rows.filter((r) => r.direction === 'down').length;
      // The figures for the record: how much really raced.
      console.log(
        `race: ${N}×${K} = ${all.length} commands, ${ups} revisions applied, ${downs} reverted, ${heads.rows.length} head(s) at the end`,
      );
      expect(ups).toBeGreaterThan(0);
      expect(upgrades.length).toBeGreaterThan(0);
      // Tables match the version table.
      const tables = await db.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('users','posts','tags')",
      );
      expect(Number(tables.rows[0]?.n)).toBe(applied.size);
    } finally {
      await db.close();
    }
  }, 900_000);
});
