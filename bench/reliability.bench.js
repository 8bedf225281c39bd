// `npm run bench -- reliability`: what an operator meets, counted.
//  1. The bad-input catalogue (bench/reliability/catalogue.js): exit code, culprit named, no
//     stack trace, never exit 70, and the canary password never printed (a sweep over every case
//     and failure path in it).
//  2. Racing migrators: N processes run `upgrade head` at once on one database, K trials; each
//     revision must be applied exactly once (history rows) and no advisory lock left behind.
//  3. Kill points (bench/reliability/kill-points.js): `upgrade head` is killed (SIGKILL, SIGTERM,
//     pg_terminate_backend, triggered from pg_stat_activity) while each statement of a
//     four-revision project runs; the state must be consistent, and recovery (as an operator
//     follows retort's messages) must apply every statement exactly once, counted in the data.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PG_ADMIN_URL, RETORT_BIN } from './lib.js';
import { CANARY, CASES, runCase } from './reliability/catalogue.js';
import {
  KILL_METHODS,
  KILL_STATEMENTS,
  runKillPoint,
  writeKillProject,
} from './reliability/kill-points.js';

const N = Number(process.env.RETORT_BENCH_RACERS ?? 4);
const K = Number(process.env.RETORT_BENCH_TRIALS ?? 3);

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
  let processes = 0;
  let bad = 0;
  const failures = [];
  for (let k = 0; k < K; k++) {
    const db = await freshDb();
    const children = Array.from({ length: N }, () => upgrade(dir, db.url));
    const outputs = children.map(() => '');
    children.forEach((c, i) => c.stderr.on('data', (d) => (outputs[i] += d)));
    processes += N;
    const codes = await Promise.all(children.map(exited));
    codes.forEach((c, i) => {
      if (c === 0 || c === 7) outputs[i] = '';
    });
    const history = await query(
      db.url,
      "SELECT revision, count(*)::int AS n FROM retort_version_history WHERE status = 'done' GROUP BY revision",
    );
    const rows = await query(db.url, 'SELECT count(*)::int AS n FROM race_a');
    const locks = await query(
      db.url,
      // This database only: other jobs on the shared server hold advisory locks of their own.
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    const once = history.length === revisions.length && history.every((h) => h.n === 1);
    if (!once || rows[0].n !== 2 || locks[0].n !== 0 || codes.some((c) => c !== 0 && c !== 7)) {
      bad++;
      failures.push(
        `trial ${k + 1}: exit codes ${codes.join(',')}; history ${JSON.stringify(history)}; race_a rows ${rows[0].n}; advisory locks ${locks[0].n}${outputs
          .filter(Boolean)
          .map((o) => `\n    ${o}`)
          .join('')}`,
      );
    }
  }
  console.log(
    `racing migrators: ${K} trials × ${N} processes (${processes} processes): ${K - bad}/${K} trials applied every revision exactly once, no lock left`,
  );
  for (const f of failures) console.log(`  FAILED ${f}`);
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
  // RETORT_BENCH_RELIABILITY_PARTS=kill (or catalogue,racing,kill) runs only those parts.
  const parts = process.env.RETORT_BENCH_RELIABILITY_PARTS?.split(',') ?? [
    'catalogue',
    'racing',
    'kill',
  ];
  if (parts.includes('catalogue')) await catalogue();
  if (parts.includes('racing')) await racing();
  if (parts.includes('kill')) await killPoints();
  console.log(`\n(reliability suite: ${((performance.now() - start) / 1000).toFixed(0)} s)`);
}
