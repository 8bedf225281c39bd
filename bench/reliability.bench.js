// `npm run bench -- reliability`: what an operator meets, counted.
//  1. The bad-input catalogue (bench/reliability/catalogue.js): exit code, culprit named, no
//     stack trace, never exit 70, and the canary password never printed (a sweep over every case
//     and failure path in it).
//  2. Racing migrators: N processes run `upgrade head` at once on one database, K trials; each
//     revision must be applied exactly once (history rows) and no advisory lock left behind.
//  3. Kill points: `upgrade head` is interrupted (SIGINT, SIGTERM, SIGKILL,
//     pg_terminate_backend) while each statement of a two-revision project runs; then the state
//     must be consistent (version row ⇔ data) and a recovery run must apply every INSERT exactly
//     once, counted in the data.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PG_ADMIN_URL, RETORT_BIN } from './lib.js';
import { CANARY, CASES, runCase } from './reliability/catalogue.js';

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
  for (let k = 0; k < K; k++) {
    const db = await freshDb();
    const children = Array.from({ length: N }, () => upgrade(dir, db.url));
    processes += N;
    const codes = await Promise.all(children.map(exited));
    const history = await query(
      db.url,
      "SELECT revision, count(*)::int AS n FROM retort_version_history WHERE status = 'done' GROUP BY revision",
    );
    const rows = await query(db.url, 'SELECT count(*)::int AS n FROM race_a');
    const locks = await query(
      db.url,
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'",
    );
    const once = history.length === revisions.length && history.every((h) => h.n === 1);
    if (!once || rows[0].n !== 2 || locks[0].n !== 0 || codes.some((c) => c !== 0 && c !== 7))
      bad++;
  }
  console.log(
    `racing migrators: ${K} trials × ${N} processes (${processes} processes): ${K - bad}/${K} trials applied every revision exactly once, no lock left`,
  );
}

async function killPoints() {
  // Two revisions; the second has a slow INSERT between two quick ones.
  const revisions = [
    'CREATE TABLE k_log (note text);',
    "INSERT INTO k_log VALUES ('b1');\nINSERT INTO k_log SELECT 'b2' FROM pg_sleep(1.5);\nINSERT INTO k_log VALUES ('b3');",
  ];
  const dir = project(revisions);
  const results = [];
  for (const how of ['SIGINT', 'SIGTERM', 'SIGKILL', 'pg_terminate_backend']) {
    const db = await freshDb();
    const child = upgrade(dir, db.url);
    // Wait until the slow statement runs on the server.
    for (let i = 0; i < 200; i++) {
      const r = await query(
        db.url,
        "SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(1.5)%' AND pid <> pg_backend_pid()",
      );
      if (r.length > 0) {
        if (how === 'pg_terminate_backend')
          await query(db.url, `SELECT pg_terminate_backend(${r[0].pid})`);
        else child.kill(how);
        break;
      }
      await new Promise((d) => setTimeout(d, 50));
    }
    const code = await exited(child);
    await new Promise((d) => setTimeout(d, 2000)); // an orphaned backend would finish by now
    const version = await query(db.url, 'SELECT version_num FROM retort_version');
    const rowsAfter = (await query(db.url, 'SELECT count(*)::int AS n FROM k_log'))[0].n;
    // Consistent: either the revision is recorded and its 3 rows exist, or neither.
    const recorded = version.some((v) => v.version_num === 'r00000000001');
    const consistent = recorded ? rowsAfter === 3 : rowsAfter === 0;
    const again = spawnSync(process.execPath, [RETORT_BIN, 'upgrade', 'head'], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: db.url, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    const rows = await query(db.url, 'SELECT note, count(*)::int AS n FROM k_log GROUP BY note');
    const exactlyOnce = rows.length === 3 && rows.every((r) => r.n === 1);
    results.push({ how, code, consistent, recovery: again.status, exactlyOnce });
  }
  console.log('kill points (slow statement of a transactional unit on PostgreSQL):');
  for (const r of results)
    console.log(
      `  ${r.how.padEnd(22)} exit ${String(r.code).padEnd(4)} state consistent: ${r.consistent ? 'yes' : 'NO'}; recovery exit ${r.recovery}, each statement applied once: ${r.exactlyOnce ? 'yes' : 'NO'}`,
    );
}

export default async function bench() {
  const start = performance.now();
  await catalogue();
  await racing();
  await killPoints();
  console.log(`\n(reliability suite: ${((performance.now() - start) / 1000).toFixed(0)} s)`);
}
