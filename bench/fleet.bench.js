// A fleet of tenant schemas (default 1,000) × 10 SQL migrations on one PostgreSQL server, three
// ways, each on a fresh database measured in the same run:
//   1. `retort upgrade head --all-targets`: the whole fleet in one process;
//   2. `retort upgrade head` once per tenant, sequentially (a shell loop). Measured on a sample of
//      RETORT_BENCH_PROCESSES tenants (default 50) and extrapolated to the fleet — said so in the
//      output;
//   3. the floor: the same SQL (one transaction per migration) run by `psql` once per schema, and
//      the raw SQL time: every schema's SQL through a single psql process.
// The server: RETORT_BENCH_PG_URL, else a throwaway one started by scripts/pg-server.sh with its
// data on /dev/shm (fsync off) on port 54349, else the test server (bench/lib.js).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import pg from 'pg';
import { PG_ADMIN_URL, RETORT_BIN, printTable } from './lib.js';

const TENANTS = Number(process.env.RETORT_BENCH_TENANTS ?? 1000);
const MIGRATIONS = 10;
const SAMPLE = Math.min(TENANTS, Number(process.env.RETORT_BENCH_PROCESSES ?? 50));
const root = new URL('.work/fleet/', import.meta.url).pathname;
const scripts = new URL('../scripts/', import.meta.url).pathname;

const id = (i) => `f${i.toString(16).padStart(11, '0')}`;
const schema = (i) => `tenant_${String(i).padStart(4, '0')}`;
const up = (i) => [
  `CREATE TABLE t_${i} (id bigint PRIMARY KEY, org_id bigint NOT NULL, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE INDEX t_${i}_org ON t_${i} (org_id)`,
];

function server() {
  if (process.env.RETORT_BENCH_PG_URL)
    return { url: process.env.RETORT_BENCH_PG_URL, where: 'RETORT_BENCH_PG_URL' };
  if (existsSync('/dev/shm')) {
    try {
      const out = execFileSync(
        'bash',
        [join(scripts, 'pg-server.sh'), 'start', '/dev/shm/retort-bench-pg'],
        {
          encoding: 'utf8',
          env: { ...process.env, RETORT_PG_PORT: '54349' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const url = /RETORT_TEST_PG_URL=(\S+)/.exec(out)?.[1];
      if (url) return { url, where: '/dev/shm, fsync off, port 54349' };
    } catch {
      // fall through to the test server
    }
  }
  return { url: PG_ADMIN_URL, where: 'the test server' };
}

function writeProject(url) {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'migrations'), { recursive: true });
  writeFileSync(
    join(root, 'retort.config.mjs'),
    `export default { versionTableSchema: process.env.TENANT_SCHEMA || 'public', targets: { schemasQuery: 'SELECT schema_name FROM tenants ORDER BY 1' } };\n`,
  );
  for (let i = 0; i < MIGRATIONS; i++)
    writeFileSync(
      join(root, 'migrations', `${id(i)}_t${i}.sql`),
      `-- revision: ${id(i)}\n-- revises: ${i > 0 ? id(i - 1) : ''}\n-- message: table ${i}\n\n-- retort:upgrade\n${up(i).join(';\n')};\n\n-- retort:downgrade\nDROP TABLE t_${i};\n`,
    );
  const body = [...Array(MIGRATIONS).keys()]
    .map((i) => `BEGIN;\n${up(i).join(';\n')};\nCOMMIT;\n`)
    .join('');
  for (let t = 0; t < TENANTS; t++)
    writeFileSync(join(root, `psql_${t}.sql`), `SET search_path TO ${schema(t)};\n${body}`);
  writeFileSync(
    join(root, 'all.sql'),
    [...Array(TENANTS).keys()].map((t) => `SET search_path TO ${schema(t)};\n${body}`).join(''),
  );
  void url;
}

async function sql(url, text) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

/** A fresh database with TENANTS empty schemas and the tenants table; returns its URL. */
async function freshFleet(admin, name) {
  await sql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await sql(admin, `CREATE DATABASE ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  await sql(
    u.toString(),
    `CREATE TABLE tenants (schema_name text PRIMARY KEY);
     INSERT INTO tenants SELECT format('tenant_%s', lpad(g::text, 4, '0')) FROM generate_series(0, ${TENANTS - 1}) g;
     DO $$ DECLARE s text; BEGIN FOR s IN SELECT schema_name FROM tenants LOOP EXECUTE format('CREATE SCHEMA %I', s); END LOOP; END $$;`,
  );
  return u.toString();
}

function run(command, args, env = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, CI: '1', NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited ${r.status}: ${(r.stderr + r.stdout).slice(-2000)}`,
    );
  return { ms, stdout: r.stdout };
}

export default async function fleetBench() {
  const { url: admin, where } = server();
  writeProject(admin);
  const db = `retort_fleet_bench_${process.pid}`;
  spawnSync(RETORT_BIN, ['heads'], { cwd: root, stdio: 'ignore' }); // warm the revision cache

  // 1. The fleet in one process.
  let url = await freshFleet(admin, db);
  const fleet = run(RETORT_BIN, ['upgrade', 'head', '--all-targets', '--json'], {
    DATABASE_URL: url,
  });
  const report = JSON.parse(fleet.stdout);
  if (report.migrated !== TENANTS)
    throw new Error(`fleet migrated ${report.migrated} of ${TENANTS}`);
  const rerun = run(RETORT_BIN, ['upgrade', 'head', '--all-targets', '--json'], {
    DATABASE_URL: url,
  });
  // The same, one target at a time: comparable with all the SQL through one psql.
  url = await freshFleet(admin, db);
  const serial = run(
    RETORT_BIN,
    ['upgrade', 'head', '--all-targets', '--concurrency', '1', '--json'],
    {
      DATABASE_URL: url,
    },
  );

  // 2. One `retort upgrade head` process per tenant, on a sample.
  url = await freshFleet(admin, db);
  const perProcess = [];
  for (let t = 0; t < SAMPLE; t++) {
    const tenant = new URL(url);
    tenant.searchParams.set('options', `-c search_path=${schema(t)}`);
    perProcess.push(
      run(RETORT_BIN, ['upgrade', 'head'], {
        DATABASE_URL: tenant.toString(),
        TENANT_SCHEMA: schema(t),
      }).ms,
    );
  }
  const processesMs = (perProcess.reduce((a, b) => a + b, 0) / SAMPLE) * TENANTS;

  // 3. psql once per schema, and all the SQL through one psql.
  url = await freshFleet(admin, db);
  let psqlMs = 0;
  for (let t = 0; t < TENANTS; t++)
    psqlMs += run('psql', [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-d',
      url,
      '-f',
      `psql_${t}.sql`,
    ]).ms;
  url = await freshFleet(admin, db);
  const raw = run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', 'all.sql']);
  await sql(admin, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);

  console.log(
    `${TENANTS} tenant schemas × ${MIGRATIONS} migrations on one server (${where}); load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; fleet concurrency ${report.concurrency}\n`,
  );
  printTable([
    { name: 'psql per schema (floor)', ms: psqlMs },
    { name: 'retort upgrade --all-targets', ms: fleet.ms, baselineMs: psqlMs, target: 1.5 },
    { name: `retort upgrade per schema ×${TENANTS} (est.)`, ms: processesMs, baselineMs: psqlMs },
  ]);
  const sorted = [...perProcess].sort((a, b) => a - b);
  const sampleMedian = sorted[Math.floor(SAMPLE / 2)];
  console.log(
    `\nsequential processes: ${SAMPLE} measured (median ${sampleMedian.toFixed(0)} ms each), mean extrapolated ×${TENANTS / SAMPLE} to ${TENANTS} tenants`,
  );
  const speedup = processesMs / fleet.ms;
  console.log(
    `fleet vs sequential processes: ${speedup.toFixed(1)}× faster (target ≥ 10×): ${speedup >= 10 ? 'ok' : 'MISSED'}`,
  );
  console.log(
    `raw SQL (every schema through one psql, one session): ${raw.ms.toFixed(0)} ms; the fleet with --concurrency 1: ${serial.ms.toFixed(0)} ms, i.e. ${((serial.ms - raw.ms) / TENANTS).toFixed(2)} ms of overhead per target (${(serial.ms / raw.ms).toFixed(2)}×)`,
  );
  console.log(`second run (everything current): ${rerun.ms.toFixed(0)} ms`);
}
