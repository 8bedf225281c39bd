// `retort check` and `revision --autogenerate` on generated schemas (default 40 and 500 tables,
// each with 10 columns, 2 indexes and 1 foreign key), whole processes, on PostgreSQL and on the
// embedded PGlite, with floors measured in the same run: a bare `node -e 0`, a bare PGlite open
// (PGlite.create(dir) + SELECT 1 + close) and `pg_dump --schema-only` of the same database.
// Medians with the spread (min–max) of RETORT_BENCH_RUNS runs after one warm-up; wall time and
// CPU time (user + system of the process, steadier on a loaded machine).
// Targets (issue 14): on 40 tables, `revision --autogenerate` with nothing changed ≤ 1 s warm and
// `check` ≤ 1 s warm, on PGlite and on PostgreSQL; introspection ≤ 2× pg_dump, check ≤ 4× pg_dump.
//   RETORT_BENCH_TABLES=40,500 RETORT_BENCH_RUNS=5 npm run bench -- schema
// The warm targets alone (skips the just-edited, incremental and full-replay cases):
//   RETORT_BENCH_TABLES=40 RETORT_BENCH_CASES=warm npm run bench -- schema
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PG_ADMIN_URL, RETORT_BIN, median, timeProcess } from './lib.js';

const probe = new URL('./rss-probe.cjs', import.meta.url).pathname;

/** Node processes `runs` times after `warmup`: wall and CPU ms of each. */
function timeNode(args, { runs = RUNS, warmup = 1, cwd, env } = {}) {
  const out = [];
  for (let i = 0; i < warmup + runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', probe, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    const cpu = Number(/CPU_US=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1000;
    if (i >= warmup) out.push({ ms, cpu });
  }
  return out;
}

const SIZES = (process.env.RETORT_BENCH_TABLES ?? '40,500').split(',').map(Number);
const RUNS = Number(process.env.RETORT_BENCH_RUNS ?? 5);
const WARM_ONLY = process.env.RETORT_BENCH_CASES === 'warm';
const ADMIN = PG_ADMIN_URL;
const bin = RETORT_BIN;
const dist = new URL('../dist/', import.meta.url).href;
const repo = new URL('..', import.meta.url).pathname;

function ddl(i) {
  const ref = i === 0 ? '' : ` REFERENCES t_${i - 1} (id) ON DELETE CASCADE`;
  return [
    `CREATE TABLE t_${i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id bigint${ref}, ` +
      `name text NOT NULL, slug varchar(64) NOT NULL, amount numeric(12,2) NOT NULL DEFAULT 0, ` +
      `active boolean NOT NULL DEFAULT true, tags text[] NOT NULL DEFAULT '{}', data jsonb, ` +
      `created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz)`,
    `CREATE INDEX t_${i}_parent_idx ON t_${i} (parent_id)`,
    `CREATE UNIQUE INDEX t_${i}_slug_idx ON t_${i} (lower(slug)) WHERE active`,
  ];
}

async function withClient(url, body) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

const BARE_OPEN = `const { PGlite } = await import('@electric-sql/pglite');
const db = await PGlite.create(process.argv[1]); await db.query('SELECT 1'); await db.close();`;

/** Runs a retort command once, failing the benchmark on a non-zero exit. */
function retort(cwd, env, ...args) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new Error(`retort ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const stats = (times) => {
  const wall = times.map((t) => (typeof t === 'number' ? t : t.ms));
  const cpu = times.every((t) => typeof t === 'object')
    ? median(times.map((t) => t.cpu))
    : undefined;
  return { ms: median(wall), min: Math.min(...wall), max: Math.max(...wall), cpu, n: wall.length };
};

async function benchSize(tables) {
  const name = `retort_bench_schema_${tables}_${process.pid}`;
  await withClient(ADMIN, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const root = new URL(`.work/schema-${tables}/`, import.meta.url).pathname;
  const rows = [];
  const add = (label, times, floor) =>
    rows.push({ label, ...stats(times), floor: floor === undefined ? undefined : stats(floor) });
  try {
    await withClient(dbUrl, async (c) => {
      const statements = [];
      for (let i = 0; i < tables; i++) statements.push(...ddl(i));
      await c.query(statements.join(';\n'));
    });
    const { introspectDatabase } = await import(`${dist}database/introspect.js`);
    const { modelToDeclaration } = await import(`${dist}core/codegen/model-to-declaration.js`);
    const { connect } = await import(`${dist}database/connect.js`);

    // The declaration: what `retort pull` writes for this database. The project's database is
    // the embedded default; DATABASE_URL points the PostgreSQL cases at the server.
    rmSync(root, { recursive: true, force: true });
    mkdirSync(join(root, 'migrations'), { recursive: true });
    const db0 = await connect({ url: dbUrl, rootDir: root });
    const model = await introspectDatabase(db0);
    await db0.close();
    const declaration = modelToDeclaration(model);
    writeFileSync(join(root, 'schema.ts'), declaration);
    writeFileSync(
      join(root, 'retort.config.mjs'),
      `export default { schema: './schema.ts', migrationsDir: 'migrations' };\n`,
    );
    const onPg = { DATABASE_URL: dbUrl, NO_COLOR: '1' };
    const embedded = { DATABASE_URL: '', NO_COLOR: '1' };
    // The first revision creates everything; the embedded database is brought to head, and the
    // server's database stamped (it already has the tables).
    retort(root, embedded, 'revision', '--autogenerate', '-m', 'init');
    retort(root, embedded, 'upgrade', 'head');
    retort(root, onPg, 'stamp', 'head');

    // Floors.
    const node = timeNode(['-e', '0']);
    const bareDir = join(root, 'bare-db');
    cpSync(join(root, '.retort', 'db'), bareDir, { recursive: true });
    const bare = timeNode(['--input-type=module', '-e', BARE_OPEN, bareDir], { cwd: repo });
    const dump = timeProcess('pg_dump', ['--schema-only', '--no-owner', dbUrl], {
      runs: RUNS,
      warmup: 1,
    });
    add('node -e 0 (floor)', node);
    add('bare PGlite open + SELECT 1 + close (floor)', bare);
    add('pg_dump --schema-only (floor)', dump);

    const introspection = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const start = performance.now();
      const db = await connect({ url: dbUrl, rootDir: root });
      const m = await introspectDatabase(db);
      await db.close();
      if (m.tables.length !== tables) throw new Error(`introspected ${m.tables.length} tables`);
      if (i > 0) introspection.push(performance.now() - start);
    }
    add('introspection of the server (connect + catalog queries, in process)', introspection, dump);

    const warm = (env, ...args) => timeNode([bin, ...args], { cwd: root, env });
    const once = (env, ...args) => timeNode([bin, ...args], { runs: 1, warmup: 0, cwd: root, env });
    add('check, PostgreSQL, warm', warm(onPg, 'check'), node);
    add('check, embedded PGlite, warm', warm(embedded, 'check'), node);
    add(
      'revision --autogenerate, nothing changed, warm',
      warm(embedded, 'revision', '--autogenerate', '-m', 'nothing'),
      node,
    );
    add(
      'revision --autogenerate --from-db, PostgreSQL, nothing changed, warm',
      warm(onPg, 'revision', '--autogenerate', '--from-db', '-m', 'nothing'),
      node,
    );
    if (readdirSync(join(root, 'migrations')).length !== 1)
      throw new Error('autogenerate wrote a revision although nothing changed');
    // RETORT_BENCH_CASES=warm: the warm figures only (the targets), a few minutes less.
    if (WARM_ONLY) return rows;

    // A declaration just edited: normalised through a scratch PGlite once.
    const cache = join(root, '.retort', 'cache');
    const edited = [];
    for (let i = 0; i < Math.min(RUNS, 3); i++) {
      for (const f of readdirSync(cache)) if (f.startsWith('normalised-')) rmSync(join(cache, f));
      edited.push(...once(onPg, 'check'));
    }
    add('check, PostgreSQL, declaration just edited', edited, node);

    // A revision added on top of a replayed history: only it runs, on the saved state below it.
    const incremental = [];
    for (let i = 0; i < Math.min(RUNS, 3); i++) {
      const extra = declaration.replace(
        /(export const t0 = table\('t_0', \{\n)/,
        (m) => m + Array.from({ length: i + 1 }, (_, k) => `  extra_${k}: text(),\n`).join(''),
      );
      writeFileSync(join(root, 'schema.ts'), extra);
      retort(root, embedded, 'revision', '--autogenerate', '-m', `extra ${i}`);
      incremental.push(...once(embedded, 'revision', '--autogenerate', '-m', 'nothing'));
    }
    add('revision --autogenerate, one revision added since the last replay', incremental, node);
    // The whole history replayed (no replay cache at all).
    const full = [];
    for (let i = 0; i < Math.min(RUNS, 2); i++) {
      for (const f of readdirSync(cache)) if (f.startsWith('replay-')) rmSync(join(cache, f));
      full.push(...once(embedded, 'revision', '--autogenerate', '-m', 'nothing'));
    }
    add(
      `revision --autogenerate, whole history replayed (${1 + Math.min(RUNS, 3)} revisions)`,
      full,
      node,
    );
  } finally {
    await withClient(ADMIN, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
  return rows;
}

export default async function bench() {
  console.log(`load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores, ${RUNS} runs\n`);
  for (const tables of SIZES) {
    const rows = await benchSize(tables);
    console.log(
      `${tables} tables, ${tables * 10} columns, ${tables * 2} indexes, ${tables - 1} foreign keys`,
    );
    const width = Math.max(...rows.map((r) => r.label.length));
    console.log(
      `${'case'.padEnd(width)}  ${'wall ms'.padStart(8)}  ${'min–max'.padStart(13)}  ${'CPU ms'.padStart(7)}  vs floor (wall; CPU)`,
    );
    for (const r of rows) {
      const ratio =
        r.floor === undefined
          ? ''
          : `${(r.ms / r.floor.ms).toFixed(2)}×` +
            (r.cpu !== undefined && r.floor.cpu ? `; ${(r.cpu / r.floor.cpu).toFixed(2)}×` : '');
      console.log(
        `${r.label.padEnd(width)}  ${r.ms.toFixed(0).padStart(8)}  ${`${r.min.toFixed(0)}–${r.max.toFixed(0)}`.padStart(13)}  ${(r.cpu === undefined ? '' : r.cpu.toFixed(0)).padStart(7)}  ${ratio}`,
      );
    }
    console.log(`load average now ${loadavg()[0].toFixed(1)}\n`);
  }
}
