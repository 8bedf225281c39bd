// `npm run bench -- reliability`: what an operator meets, counted.
//  1. The bad-input catalogue (bench/reliability/catalogue.js): exit code, culprit named, no
//     stack trace, never exit 70, and the canary password never printed.
//  2. The canary-password sweep (bench/reliability/canary.js): every command and failure path
//     with a password that must never come out, in the config, DATABASE_URL and .env; counted in
//     stdout, stderr and every file retort leaves in the project.
//  3. Racing migrators: N processes run `upgrade head` at once on one database, K trials
//     (RETORT_BENCH_RACERS, RETORT_BENCH_TRIALS); counted in the database: version rows, history
//     rows per revision, data rows, advisory locks left.
//  4. Kill points (bench/reliability/kill-points.js): `upgrade head` is killed (SIGKILL, SIGTERM,
//     pg_terminate_backend, triggered from pg_stat_activity) while each statement of a
//     four-revision project runs; the state must be consistent, and recovery (as an operator
//     follows retort's messages) must apply every statement exactly once, counted in the data.
// RETORT_BENCH_PARTS=catalogue,canary,racing,kill picks parts (default: all).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PG_ADMIN_URL, RETORT_BIN } from './lib.js';
import { SOURCES, SWEEP, prepareRole, runSweepCase } from './reliability/canary.js';
import { CANARY, CASES, runCase } from './reliability/catalogue.js';
import {
  KILL_METHODS,
  KILL_STATEMENTS,
  runKillPoint,
  writeKillProject,
} from './reliability/kill-points.js';

const N = Number(process.env.RETORT_BENCH_RACERS ?? 8);
const K = Number(process.env.RETORT_BENCH_TRIALS ?? 10);
const PARTS = (process.env.RETORT_BENCH_PARTS ?? 'catalogue,canary,racing,kill').split(',');

async function admin(sql) {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

async function freshDb() {
  const name = `retort_rel_${Math.random().toString(16).slice(2, 10)}`;
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return { name, url: u.toString() };
}

async function query(url, sql) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

function project(revisions) {
  const dir = mkdtempSync(join(tmpdir(), 'retort-rel-'));
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(
    join(dir, 'retort.config.mjs'),
    "export default { migrationsDir: 'migrations', lint: { gate: 'off' } };\n",
  );
  let prev = '';
  for (const [i, up] of revisions.entries()) {
    const id = `r${String(i).padStart(11, '0')}`;
    writeFileSync(
      join(dir, 'migrations', `${id}_m.sql`),
      `-- revision: ${id}\n-- revises: ${prev}\n-- message: m${i}\n\n-- retort:upgrade\n${up}\n\n-- retort:downgrade\nSELECT 1;\n`,
    );
    prev = id;
  }
  return dir;
}

function upgrade(dir, url) {
  return spawn(process.execPath, [RETORT_BIN, 'upgrade', 'head'], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: url, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
const exited = (child) => new Promise((done) => child.on('exit', (code) => done(code)));

async function catalogue() {
  let server;
  const rows = { cases: 0, ok: 0, exit70: 0, leaks: 0, failures: [] };
  for (const c of CASES) {
    if (c.server) server = { admin: PG_ADMIN_URL, freshUrl: (await freshDb()).url };
    const r = runCase(c, c.server ? server : undefined);
    rows.cases++;
    if (r.problems.length === 0) rows.ok++;
    else rows.failures.push(`${c.name}: ${r.problems.join('; ')}`);
    if (r.code === 70) rows.exit70++;
    if (r.output.includes(CANARY)) rows.leaks++;
  }
  console.log(
    `bad-input catalogue: ${rows.ok}/${rows.cases} cases give their documented exit code and name the culprit; exit 70: ${rows.exit70}; canary password printed: ${rows.leaks}`,
  );
  for (const f of rows.failures) console.log(`  FAILED ${f}`);
}

async function racing() {
  const revisions = [
    'CREATE TABLE race_a (id bigint);',
    'INSERT INTO race_a VALUES (1);\nCREATE TABLE race_b (id bigint);',
    'INSERT INTO race_a VALUES (2);',
  ];
  const dir = project(revisions);
  const t = { ok: 0, codes: {}, versionRows: 0, historyRows: 0, twice: 0, dataRows: 0, locks: 0 };
  for (let k = 0; k < K; k++) {
    const db = await freshDb();
    const children = Array.from({ length: N }, () => upgrade(dir, db.url));
    const codes = await Promise.all(children.map(exited));
    for (const c of codes) t.codes[c] = (t.codes[c] ?? 0) + 1;
    const version = await query(db.url, 'SELECT version_num FROM retort_version');
    // Every 'up' history row, finished or not: exactly one per revision, and it is done.
    const history = await query(
      db.url,
      "SELECT revision, count(*)::int AS n, count(*) FILTER (WHERE status <> 'done')::int AS unfinished FROM retort_version_history WHERE direction = 'up' GROUP BY revision",
    );
    const rows = (await query(db.url, 'SELECT count(*)::int AS n FROM race_a'))[0].n;
    // Advisory locks of any session still connected to this database (the racers have exited).
    const locks = (
      await query(
        db.url,
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      )
    )[0].n;
    const once =
      history.length === revisions.length && history.every((h) => h.n === 1 && h.unfinished === 0);
    t.versionRows += version.length;
    t.historyRows += history.reduce((a, h) => a + h.n, 0);
    t.twice += history.filter((h) => h.n > 1).length;
    t.dataRows += rows;
    t.locks += locks;
    const atHead = version.length === 1 && version[0].version_num === 'r00000000002';
    if (once && atHead && rows === 2 && locks === 0 && codes.every((c) => c === 0 || c === 7))
      t.ok++;
  }
  const codes = Object.entries(t.codes)
    .map(([c, n]) => `exit ${c} ×${n}`)
    .join(', ');
  console.log(
    `racing migrators: ${K} trials × ${N} processes (${K * N} processes; ${codes}): ${t.ok}/${K} trials applied every revision exactly once, at head, no lock left`,
  );
  console.log(
    `  counted in the databases: version rows ${t.versionRows} (expected ${K}), history rows ${t.historyRows} (expected ${K * revisions.length}; revisions applied twice: ${t.twice}), race_a rows ${t.dataRows} (expected ${2 * K}), advisory locks left ${t.locks}`,
  );
}

async function canarySweep() {
  await prepareRole(PG_ADMIN_URL);
  const t = { runs: 0, printed: 0, inFiles: 0, codes: {}, leaks: [] };
  for (const c of SWEEP)
    for (const source of SOURCES) {
      const r = await runSweepCase(c, source, PG_ADMIN_URL);
      t.runs++;
      t.codes[r.code] = (t.codes[r.code] ?? 0) + 1;
      t.printed += r.printed;
      t.inFiles += r.files.length;
      if (r.printed > 0 || r.files.length > 0)
        t.leaks.push(
          `${c.name} (${source}): printed ${r.printed}×; files: ${r.files.join(', ') || 'none'}`,
        );
    }
  const commands = new Set(SWEEP.map((c) => c.args[0])).size;
  const codes = Object.entries(t.codes)
    .map(([c, n]) => `exit ${c} ×${n}`)
    .join(', ');
  console.log(
    `canary-password sweep: ${t.runs} runs (${SWEEP.length} cases over ${commands} commands × ${SOURCES.join('/')}; ${codes}): canary printed ${t.printed} times, in ${t.inFiles} files retort wrote`,
  );
  for (const l of t.leaks) console.log(`  LEAKED ${l}`);
}

async function killPoints() {
  // bench/reliability/kill-points.js: every statement of a four-revision project (transactional
  // units, a unit after a commit, a non-transactional migration with DML, CREATE INDEX
  // CONCURRENTLY and ALTER TYPE … ADD VALUE) × SIGKILL / SIGTERM / pg_terminate_backend.
  const dir = writeKillProject();
  const only = process.env.RETORT_BENCH_KILL_METHODS?.split(',');
  const methods = only ?? KILL_METHODS;
  const results = [];
  for (const statement of KILL_STATEMENTS) {
    for (const method of methods) {
      const db = await freshDb();
      const r = await runKillPoint({ dir, url: db.url, bin: RETORT_BIN, statement, method });
      results.push({ statement: statement.name, method, ...r });
      await admin(`DROP DATABASE IF EXISTS ${db.name} WITH (FORCE)`).catch(() => undefined);
    }
  }
  const caught = results.filter((r) => r.caught).length;
  const consistent = results.filter((r) => r.consistentProblems.length === 0).length;
  const recovered = results.filter((r) => r.recovery.exit === 0).length;
  const once = results.filter((r) => r.onceProblems.length === 0).length;
  const asked = (flag) =>
    results.filter((r) => r.recovery.steps.some((s) => s.flags.includes(flag))).length;
  console.log(
    `kill points: ${results.length} (${KILL_STATEMENTS.length} statements × ${methods.length} ways: ${methods.join(', ')}), ${caught} caught while running; state consistent after the kill: ${consistent}/${results.length}; recovered: ${recovered}/${results.length}; every statement applied exactly once (counted in the data): ${once}/${results.length}`,
  );
  console.log(
    `  recovery asked for --resume in ${asked('--resume')}, --terminate-orphans in ${asked('--terminate-orphans')}, --rerun-unit in ${asked('--rerun-unit')}, --skip-unit in ${asked('--skip-unit')}`,
  );
  for (const r of results) {
    const path = r.recovery.steps
      .map((s) => `${s.flags} → ${s.exit}${s.code ? ` ${s.code}` : ''}`)
      .join('; ');
    const bad = [...r.consistentProblems, ...r.onceProblems];
    console.log(
      `  ${r.statement.padEnd(32)} ${r.method.padEnd(21)} exit ${String(r.exit).padEnd(8)} ${bad.length === 0 ? 'ok' : `PROBLEM: ${bad.join(', ')}`}  recovery: ${path}`,
    );
  }
}

export default async function bench() {
  const start = performance.now();
  if (PARTS.includes('catalogue')) await catalogue();
  if (PARTS.includes('canary')) await canarySweep();
  if (PARTS.includes('racing')) await racing();
  if (PARTS.includes('kill')) await killPoints();
  console.log(`\n(reliability suite: ${((performance.now() - start) / 1000).toFixed(0)} s)`);
}
