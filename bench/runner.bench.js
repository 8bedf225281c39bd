// 1,000 small SQL migrations (five columns, an index, a foreign key to the previous table)
// upgraded then downgraded by retort on the local PostgreSQL, against the floor: psql applying the
// same statements in one process, one transaction per migration. Fresh database per run; the
// retort process's peak RSS from /usr/bin/time.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import pg from 'pg';
import { PG_ADMIN_URL, RETORT_BIN, median, printTable } from './lib.js';

const N = Number(process.env.RETORT_BENCH_MIGRATIONS ?? 1000);
const RUNS = Number(process.env.RETORT_BENCH_RUNS ?? 3);
const ADMIN = PG_ADMIN_URL;
const root = new URL('.work/runner/', import.meta.url).pathname;
const bin = RETORT_BIN;

const id = (i) => `b${i.toString(16).padStart(11, '0')}`;
const up = (i) => [
  `CREATE TABLE t_${i} (id bigint PRIMARY KEY, name text NOT NULL, amount integer, created_at timestamptz NOT NULL DEFAULT now(), prev_id bigint${i > 0 ? ` REFERENCES t_${i - 1} (id)` : ''})`,
  `CREATE INDEX t_${i}_created_at ON t_${i} (created_at)`,
];
const down = (i) => [`DROP TABLE t_${i}`];

function writeProject() {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'migrations'), { recursive: true });
  writeFileSync(
    join(root, 'retort.config.mjs'),
    `export default { migrationsDir: 'migrations' };\n`,
  );
  for (let i = 0; i < N; i++) {
    writeFileSync(
      join(root, 'migrations', `${id(i)}_t${i}.sql`),
      `-- revision: ${id(i)}\n-- revises: ${i > 0 ? id(i - 1) : ''}\n-- message: table ${i}\n\n-- retort:upgrade\n${up(i).join(';\n')};\n\n-- retort:downgrade\n${down(i).join(';\n')};\n`,
    );
  }
  const script = (order, body) =>
    order.map((i) => `BEGIN;\n${body(i).join(';\n')};\nCOMMIT;\n`).join('');
  const ids = [...Array(N).keys()];
  writeFileSync(join(root, 'up.sql'), script(ids, up));
  writeFileSync(join(root, 'down.sql'), script([...ids].reverse(), down));
}

async function admin(sql) {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Runs a command under /usr/bin/time; returns wall ms and peak RSS in MB. */
function timed(command, args, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', command, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const rss = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  return { ms, rss };
}

export default async function runnerBench() {
  writeProject();
  // Warm the revision metadata cache (.retort/cache), as after any first command in a project.
  spawnSync(bin, ['heads'], { cwd: root, stdio: 'ignore' });
  const results = {
    retortUp: [],
    retortDown: [],
    retortUpNoLint: [],
    retortUpWarm: [],
    psqlUp: [],
    psqlDown: [],
    rss: [],
    rssNoLint: [],
    rssWarm: [],
  };
  for (let run = 0; run < RUNS; run++) {
    const db = `retort_bench_${process.pid}_${run}`;
    const url = new URL(ADMIN);
    url.pathname = `/${db}`;
    const env = { DATABASE_URL: url.toString(), CI: '1', NO_COLOR: '1' };
    // psql floor, on its own fresh database.
    await admin(`DROP DATABASE IF EXISTS ${db}`);
    await admin(`CREATE DATABASE ${db}`);
    const psql = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url.toString(), '-f'];
    results.psqlUp.push(timed('psql', [...psql, 'up.sql']).ms);
    results.psqlDown.push(timed('psql', [...psql, 'down.sql']).ms);
    await admin(`DROP DATABASE ${db}`);
    // retort, on a fresh database.
    await admin(`CREATE DATABASE ${db}`);
    // The bin as a user runs it (its shebang sets the V8 flags). Cold: no prepared cache.
    rmSync(join(root, '.retort/cache/prepared.json'), { force: true });
    const u = timed(bin, ['upgrade', 'head'], env);
    const d = timed(bin, ['downgrade', 'base'], env);
    results.retortUp.push(u.ms);
    results.retortDown.push(d.ms);
    results.rss.push(u.rss, d.rss);
    await admin(`DROP DATABASE ${db} WITH (FORCE)`);
    // The engine alone: the same upgrade with the lint gate off (no WebAssembly parser loaded).
    await admin(`CREATE DATABASE ${db}`);
    const n = timed(bin, ['upgrade', 'head', '--lint=off'], env);
    results.retortUpNoLint.push(n.ms);
    results.rssNoLint.push(n.rss);
    await admin(`DROP DATABASE ${db} WITH (FORCE)`);
    // A second `upgrade head` on a fresh database, gate on, units and verdicts cached (a CI job
    // creating test databases).
    await admin(`CREATE DATABASE ${db}`);
    const w = timed(bin, ['upgrade', 'head'], env);
    results.retortUpWarm.push(w.ms);
    results.rssWarm.push(w.rss);
    await admin(`DROP DATABASE ${db} WITH (FORCE)`);
  }
  console.log(
    `${N} migrations, ${RUNS} runs each, fresh database per run; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  console.log('best of the runs (least disturbed by other load on the machine):');
  const min = (values) => Math.min(...values);
  printTable([
    { name: 'psql upgrade (floor)', ms: min(results.psqlUp) },
    {
      name: 'retort upgrade head',
      ms: min(results.retortUp),
      baselineMs: min(results.psqlUp),
      target: 1.15,
    },
    {
      name: 'retort upgrade head, cache warm',
      ms: min(results.retortUpWarm),
      baselineMs: min(results.psqlUp),
      target: 1.1,
    },
    { name: 'psql downgrade (floor)', ms: min(results.psqlDown) },
    {
      name: 'retort downgrade base',
      ms: min(results.retortDown),
      baselineMs: min(results.psqlDown),
      target: 1.15,
    },
  ]);
  console.log('\nmedian:');
  printTable([
    { name: 'psql upgrade (floor)', ms: median(results.psqlUp) },
    {
      name: 'retort upgrade head',
      ms: median(results.retortUp),
      baselineMs: median(results.psqlUp),
      target: 1.15,
    },
    {
      name: 'retort upgrade head, cache warm',
      ms: median(results.retortUpWarm),
      baselineMs: median(results.psqlUp),
      target: 1.1,
    },
    {
      name: 'retort upgrade head --lint=off',
      ms: median(results.retortUpNoLint),
      baselineMs: median(results.psqlUp),
      target: 1.15,
    },
    { name: 'psql downgrade (floor)', ms: median(results.psqlDown) },
    {
      name: 'retort downgrade base',
      ms: median(results.retortDown),
      baselineMs: median(results.psqlDown),
      target: 1.15,
    },
  ]);
  const peak = Math.max(...results.rss);
  const peakNoLint = Math.max(...results.rssNoLint);
  const peakWarm = Math.max(...results.rssWarm);
  console.log(
    `\nretort peak RSS: ${peak.toFixed(1)} MB with the lint gate (cold cache), ${peakWarm.toFixed(1)} MB warm, ${peakNoLint.toFixed(1)} MB with --lint=off (target ≤ 100 MB): ${peak <= 100 ? 'ok' : 'MISSED'}`,
  );
}
