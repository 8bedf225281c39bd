import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server tests run against, or '' when there is none. */
    pgUrl: string;
    /** A directory of this run, where workers note what they started (removed at the end). */
    runDir: string;
  }
}

/**
 * Finds the PostgreSQL server for *.postgres.test.ts: RETORT_TEST_PG_URL, or a throwaway server
 * started by scripts/pg-server.sh when PostgreSQL's binaries are on this machine.
 */
export default function setup(project: TestProject): () => void {
  // Projects made by the tests import the package as an app would, from dist/ (built by
  // `npm test` and `npm pack`; no install-time build since there is no `prepare` script).
  const root = fileURLToPath(new URL('../..', import.meta.url));
  if (!existsSync(`${root}/dist/index.js`))
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  let url = process.env['RETORT_TEST_PG_URL'] ?? '';
  // The directory of a server this run started, stopped again by the teardown below. A server
  // that was already running (RETORT_TEST_PG_URL, CI's .ci/run, another checkout's) is left alone.
  let started: string | undefined;
  const script = fileURLToPath(new URL('../../scripts/pg-server.sh', import.meta.url));
  if (!url && process.env['RETORT_TEST_NO_PG'] === undefined) {
    try {
      const out = execFileSync('bash', [script, 'start'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      url = /RETORT_TEST_PG_URL=(\S+)/.exec(out)?.[1] ?? '';
      started = /RETORT_TEST_PG_STARTED=(\S+)/.exec(out)?.[1];
    } catch {
      url = '';
    }
  }
  if (!url) {
    const note = process.env['CI']
      ? 'RETORT_TEST_PG_URL is not set in CI: PostgreSQL tests will FAIL.'
      : 'No PostgreSQL server found: PostgreSQL tests are skipped (run scripts/pg-server.sh start).';
    process.stderr.write(`\n[retort tests] ${note}\n`);
  }
  project.provide('pgUrl', url);
  const runDir = mkdtempSync(join(tmpdir(), 'retort-test-run-'));
  project.provide('runDir', runDir);
  // Every temporary directory of the run (projects, PGlite clusters: ~100 MB each, hundreds per
  // run) goes under the run's directory, removed at the end: workers and the processes they
  // start are spawned after this and inherit TMPDIR, which os.tmpdir() reads.
  const savedTmpdir = process.env['TMPDIR'];
  const runTmp = join(runDir, 'tmp');
  mkdirSync(runTmp);
  // jiti's transform cache (tmpdir()/jiti) stays where it was, shared by runs: a symlink, which
  // the removal at the end leaves alone.
  const jitiCache = join(tmpdir(), 'jiti');
  mkdirSync(jitiCache, { recursive: true });
  symlinkSync(jitiCache, join(runTmp, 'jiti'));
  process.env['TMPDIR'] = runTmp;
  const dir = started;
  return () => {
    // PgBouncer in front of the server, when a test file started it (test/support/pgbouncer.ts).
    const bouncer = join(runDir, 'pgbouncer-started');
    if (existsSync(bouncer)) {
      const pgbouncer = fileURLToPath(new URL('../../scripts/pgbouncer.sh', import.meta.url));
      execFileSync('bash', [pgbouncer, 'stop', readFileSync(bouncer, 'utf8')], { stdio: 'ignore' });
    }
    if (savedTmpdir === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = savedTmpdir;
    rmSync(runDir, { recursive: true, force: true });
    if (dir !== undefined) execFileSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
  };
}
