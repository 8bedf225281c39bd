// Kill points, shared by the reliability bench (every statement × every way to die) and
// test/reliability/kill-points.postgres.test.ts (a few of them).
//
// A four-revision project whose every statement is slow enough to be caught running (pg_sleep,
// an index expression that sleeps per row, an ALTER TYPE held behind a lock the harness takes):
//   r0  transactional: tables, the enum, a slow INSERT
//   r1  transactional, two units (`-- retort-commit`): a slow INSERT in each
//   r2  `-- transactional: false`: INSERT (DML outside any transaction), CREATE INDEX
//       CONCURRENTLY, ALTER TYPE … ADD VALUE, INSERT
//   r3  transactional: uses the new enum label, a slow INSERT
// Each kill point starts `retort upgrade head`, waits until pg_stat_activity shows the chosen
// statement running on retort's connection, then kills: SIGKILL or SIGTERM to the process, or
// pg_terminate_backend on its backend. Then it checks the state is consistent (no note twice,
// every recorded revision's data present) and recovers as an operator would: `upgrade head`,
// adding `--resume` when told the migration is half done, `--terminate-orphans` when an
// orphaned backend outlives the wait, and `--rerun-unit` / `--skip-unit` after looking at the
// data when retort refuses to guess. Success: every statement applied exactly once, counted in
// the data (each note once, the index valid, the enum label there), no half-done row left.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const SLEEP = Number(process.env.RETORT_BENCH_KILL_SLEEP ?? 1.5);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

const slowInsert = (note) => `INSERT INTO k_log (note) SELECT '${note}' FROM pg_sleep(${SLEEP});`;

/** The revisions: [id, header extra, SQL]. */
const REVISIONS = [
  [
    'r0',
    '',
    [
      'CREATE TABLE k_log (id bigint GENERATED ALWAYS AS IDENTITY, note text NOT NULL);',
      'CREATE TABLE k_t (id int, a int);',
      'INSERT INTO k_t SELECT g, g FROM generate_series(1, 400) g;',
      "CREATE TYPE k_mood AS ENUM ('a');",
      // Immutable, so it may index; sleeps per row so the concurrent build can be caught.
      `CREATE FUNCTION k_slow(v int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN PERFORM pg_sleep(${(SLEEP / 400).toFixed(5)}); RETURN v; END $$;`,
      slowInsert('r0'),
    ].join('\n'),
  ],
  ['r1', '', [slowInsert('r1-a'), '-- retort-commit', slowInsert('r1-b')].join('\n')],
  [
    'r2',
    '-- transactional: false\n',
    [
      slowInsert('r2-a'),
      'CREATE INDEX CONCURRENTLY k_t_slow ON k_t (k_slow(a));',
      "ALTER TYPE k_mood ADD VALUE 'b';",
      slowInsert('r2-b'),
    ].join('\n'),
  ],
  ['r3', '', ["CREATE TABLE k_m (m k_mood DEFAULT 'b');", slowInsert('r3')].join('\n')],
];

/** Which notes each revision writes, in order. */
const NOTES = { r0: ['r0'], r1: ['r1-a', 'r1-b'], r2: ['r2-a', 'r2-b'], r3: ['r3'] };
const revId = (r) => `${r}${'x'.repeat(12 - r.length)}`;

/**
 * The statements a kill can hit: a name, the revision, a pattern of its text in
 * pg_stat_activity, and whether the harness must hold a lock to catch it (the enum).
 */
export const KILL_STATEMENTS = [
  { name: 'r0 INSERT (transactional)', revision: 'r0', like: "%SELECT 'r0' FROM pg_sleep%" },
  { name: 'r1 INSERT unit 1', revision: 'r1', like: "%SELECT 'r1-a' FROM pg_sleep%" },
  {
    name: 'r1 INSERT unit 2 (after commit)',
    revision: 'r1',
    like: "%SELECT 'r1-b' FROM pg_sleep%",
  },
  { name: 'r2 INSERT non-transactional', revision: 'r2', like: "%SELECT 'r2-a' FROM pg_sleep%" },
  { name: 'r2 CREATE INDEX CONCURRENTLY', revision: 'r2', like: '%CREATE INDEX CONCURRENTLY%' },
  { name: 'r2 ALTER TYPE ADD VALUE', revision: 'r2', like: '%ADD VALUE%', holdEnum: true },
  { name: 'r2 INSERT non-transactional 2', revision: 'r2', like: "%SELECT 'r2-b' FROM pg_sleep%" },
  { name: 'r3 INSERT (transactional)', revision: 'r3', like: "%SELECT 'r3' FROM pg_sleep%" },
];
export const KILL_METHODS = ['SIGKILL', 'SIGTERM', 'pg_terminate_backend'];

/** Writes the project into a new temporary directory; returns it. */
export function writeKillProject() {
  const dir = mkdtempSync(join(tmpdir(), 'retort-kill-'));
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(
    join(dir, 'retort.config.mjs'),
    "export default { migrationsDir: 'migrations', lint: { gate: 'off' }, run: { lockWaitMs: 60000 } };\n",
  );
  let prev = '';
  for (const [r, header, sql] of REVISIONS) {
    const id = revId(r);
    writeFileSync(
      join(dir, 'migrations', `${id}_${r}.sql`),
      `-- revision: ${id}\n-- revises: ${prev}\n-- message: ${r}\n${header}\n-- retort:upgrade\n${sql}\n\n-- retort:downgrade\nSELECT 1;\n`,
    );
    prev = id;
  }
  return dir;
}

async function withClient(url, fn) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}
const rows = (url, sql, params) => withClient(url, async (c) => (await c.query(sql, params)).rows);

const retortEnv = (url) => ({ ...process.env, DATABASE_URL: url, NO_COLOR: '1', CI: '1' });

/** Waits until no backend of a retort run is left on the database (orphans finished). */
async function retortBackendsGone(url, timeoutMs = 120_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    const r = await rows(
      url,
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'retort %'",
    );
    if (r[0].n === 0) return;
    await sleep(100);
  }
}

/** What the data says now: notes and their counts, heads, half-done rows, index, enum labels. */
export async function observe(url) {
  return withClient(url, async (c) => {
    const q = async (sql) => (await c.query(sql)).rows;
    const exists = async (rel) => (await q(`SELECT to_regclass('${rel}') IS NOT NULL AS ok`))[0].ok;
    const notes = {};
    if (await exists('k_log'))
      for (const r of await q('SELECT note, count(*)::int AS n FROM k_log GROUP BY note'))
        notes[r.note] = r.n;
    const heads = (await exists('retort_version'))
      ? (await q('SELECT version_num FROM retort_version')).map((r) => r.version_num)
      : [];
    const running = (await exists('retort_version_history'))
      ? (
          await q("SELECT count(*)::int AS n FROM retort_version_history WHERE status = 'running'")
        )[0].n
      : 0;
    const index = await q(
      "SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'k_t_slow'",
    );
    const labels = (
      await q(
        "SELECT e.enumlabel AS l FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'k_mood' ORDER BY e.enumsortorder",
      )
    ).map((r) => r.l);
    return { notes, heads, running, index, labels };
  });
}

/**
 * Consistent after a kill: no note twice; every revision up to the recorded head has its notes;
 * no note of a revision past the one that was running.
 */
export function consistent(state) {
  const order = REVISIONS.map(([r]) => r);
  const head = state.heads[0];
  const applied = head ? order.indexOf(head.slice(0, 2)) : -1;
  const problems = [];
  for (const [note, n] of Object.entries(state.notes)) if (n > 1) problems.push(`${note} ×${n}`);
  for (const [i, r] of order.entries()) {
    for (const note of NOTES[r]) {
      if (i <= applied && !state.notes[note]) problems.push(`${note} missing under head ${head}`);
      if (i > applied + 1 && state.notes[note]) problems.push(`${note} present past head`);
    }
  }
  if (state.index.length > 1) problems.push('two k_t_slow indexes');
  return problems;
}

/** Every statement applied exactly once, at head, nothing half done. */
export function exactlyOnce(state) {
  const problems = [];
  for (const note of Object.values(NOTES).flat())
    if (state.notes[note] !== 1) problems.push(`${note} applied ${state.notes[note] ?? 0} times`);
  if (state.heads.join() !== revId('r3')) problems.push(`heads ${state.heads.join()}`);
  if (state.running !== 0) problems.push(`${state.running} running rows`);
  if (state.index.length !== 1 || !state.index[0].valid) problems.push('index k_t_slow not valid');
  if (state.labels.join() !== 'a,b') problems.push(`labels ${state.labels.join()}`);
  return problems;
}

/** Runs `retort <args>` in `dir` as a process of its own: { status, stderr }. */
const binaryRunner = (bin) => async (args, dir, env) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 300_000,
  });

/**
 * Recovers as an operator would, following what retort prints; returns the commands run
 * (flags) and the final exit code. `run` runs one retort command (default: the binary `bin`;
 * the test passes the CLI in process: the recovery is what is under test, not the start-up).
 */
export async function recover(dir, url, bin, run = binaryRunner(bin)) {
  const steps = [];
  const flags = new Set();
  for (let attempt = 0; attempt < 6; attempt++) {
    const r = await run(['upgrade', 'head', ...flags], dir, retortEnv(url));
    const code = /error\[([A-Z_]+)\]/.exec(r.stderr)?.[1];
    steps.push({ flags: [...flags].join(' ') || '(none)', exit: r.status, code });
    if (r.status === 0) return { steps, exit: 0 };
    if (code === 'HALF_APPLIED') flags.add('--resume');
    else if (code === 'ORPHAN_BACKEND_RUNNING') flags.add('--terminate-orphans');
    else if (code === 'UNIT_OUTCOME_UNKNOWN') {
      // Look at the data, as the message asks: was the in-flight INSERT applied?
      const note = /statement: INSERT INTO k_log \(note\) SELECT '([^']+)'/.exec(r.stderr)?.[1];
      if (!note) return { steps, exit: r.status, output: r.stderr };
      const n = (await rows(url, 'SELECT count(*)::int AS n FROM k_log WHERE note = $1', [note]))[0]
        .n;
      flags.add('--resume');
      flags.add(n > 0 ? '--skip-unit' : '--rerun-unit');
    } else return { steps, exit: r.status, output: r.stderr };
  }
  return { steps, exit: -1 };
}

/**
 * One kill point on a fresh database `url`: run, kill `statement` by `method`, check, recover,
 * check. Returns { caught, exit, consistentProblems, recovery, onceProblems }. The killed run is
 * always the binary `bin`; `run` (optional) runs the recovery commands, see {@link recover}.
 */
export async function runKillPoint({ dir, url, bin, statement, method, run }) {
  const child = spawn(process.execPath, [bin, 'upgrade', 'head'], {
    cwd: dir,
    env: retortEnv(url),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const exited = new Promise((done) => child.on('exit', (code, signal) => done(code ?? signal)));
  let finished = false;
  void exited.then(() => (finished = true));

  // The enum's ADD VALUE is instant: hold the type's lock so it waits where it can be caught.
  let holder;
  if (statement.holdEnum) {
    while (!finished) {
      const ok = (await rows(url, "SELECT to_regtype('k_mood') IS NOT NULL AS ok"))[0].ok;
      if (ok) break;
      await sleep(50);
    }
    holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query("ALTER TYPE k_mood ADD VALUE 'held-by-harness'");
  }
  let caught = false;
  while (!finished) {
    const r = await rows(
      url,
      "SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'retort %' AND state = 'active' AND query LIKE $1",
      [statement.like],
    );
    if (r.length > 0) {
      caught = true;
      if (method === 'pg_terminate_backend')
        await rows(url, 'SELECT pg_terminate_backend($1)', [r[0].pid]);
      else child.kill(method);
      break;
    }
    await sleep(25);
  }
  const exit = await exited;
  if (holder) {
    await holder.query('ROLLBACK').catch(() => undefined);
    await holder.end().catch(() => undefined);
  }
  // An orphaned backend (SIGKILL) finishes its statement now; observe what it leaves.
  await retortBackendsGone(url);
  const after = await observe(url);
  const consistentProblems = consistent(after);
  const recovery = await recover(dir, url, bin, run);
  const final = await observe(url);
  return {
    caught,
    exit,
    stderr,
    consistentProblems,
    recovery,
    onceProblems: exactlyOnce(final),
  };
}
