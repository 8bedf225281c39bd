// A generated schema of 500 tables (10 columns, 2 indexes and 1 foreign key each) on the local
// PostgreSQL: retort's introspection (connect, seven catalog queries, model) and a full
// `retort check` process (load the TypeScript declaration, normalise it through a scratch PGlite,
// introspect the database, diff), against `pg_dump --schema-only` of the same database in the
// same run. Targets: introspection ≤ 2× pg_dump, check ≤ 4× pg_dump. Also `revision --autogenerate`
// with nothing changed (the replay of the migrations cached), against the process floor.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PG_ADMIN_URL, RETORT_BIN, median, printTable, timeProcess } from './lib.js';

const TABLES = Number(process.env.RETORT_BENCH_TABLES ?? 500);
const RUNS = Number(process.env.RETORT_BENCH_RUNS ?? 5);
const ADMIN = PG_ADMIN_URL;
const root = new URL('.work/schema/', import.meta.url).pathname;
const bin = RETORT_BIN;
const dist = new URL('../dist/', import.meta.url).href;

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

export default async function bench() {
  const name = `retort_bench_schema_${process.pid}`;
  await withClient(ADMIN, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  try {
    await withClient(dbUrl, async (c) => {
      const statements = [];
      for (let i = 0; i < TABLES; i++) statements.push(...ddl(i));
      await c.query(statements.join(';\n'));
    });

    const { introspectDatabase, modelToDeclaration } = await import(`${dist}index.js`);
    const { connect } = await import(`${dist}database/connect.js`);

    // The declaration `check` compares with: what `retort pull` writes for this database.
    rmSync(root, { recursive: true, force: true });
    mkdirSync(join(root, 'migrations'), { recursive: true });
    const db0 = await connect({ url: dbUrl, rootDir: root });
    const model = await introspectDatabase(db0);
    await db0.close();
    writeFileSync(join(root, 'schema.ts'), modelToDeclaration(model));
    writeFileSync(
      join(root, 'retort.config.mjs'),
      `export default { schema: './schema.ts', migrationsDir: 'migrations' };\n`,
    );

    const dump = timeProcess('pg_dump', ['--schema-only', '--no-owner', dbUrl], {
      runs: RUNS,
      warmup: 1,
    });

    const introspection = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const start = performance.now();
      const db = await connect({ url: dbUrl, rootDir: root });
      const m = await introspectDatabase(db);
      await db.close();
      if (m.tables.length !== TABLES) throw new Error(`introspected ${m.tables.length} tables`);
      if (i > 0) introspection.push(performance.now() - start);
    }

    const checkRun = spawnSync(process.execPath, [bin, 'check'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: dbUrl, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    if (checkRun.status !== 0) {
      throw new Error(
        `retort check is not clean on the pulled declaration:\n${checkRun.stdout}${checkRun.stderr}`,
      );
    }
    // Warm: the declaration is unchanged since the last run, its normalised form is cached.
    const check = timeProcess(process.execPath, [bin, 'check'], {
      runs: Math.min(RUNS, 3),
      warmup: 1,
      cwd: root,
      env: { DATABASE_URL: dbUrl, NO_COLOR: '1' },
    });
    // Cold: the first check after editing the declaration (normalised through the scratch PGlite).
    const cold = [];
    for (let i = 0; i < Math.min(RUNS, 2); i++) {
      for (const f of readdirSync(join(root, '.retort/cache')))
        if (f.startsWith('normalised-')) rmSync(join(root, '.retort/cache', f));
      cold.push(
        ...timeProcess(process.execPath, [bin, 'check'], {
          runs: 1,
          warmup: 0,
          cwd: root,
          env: { DATABASE_URL: dbUrl, NO_COLOR: '1' },
        }),
      );
    }

    // autogenerate with nothing changed: the migrations' head is replayed once (warm-up), then
    // read from the replay cache (keyed by the revision files' contents) on every run.
    const env = { DATABASE_URL: dbUrl, NO_COLOR: '1' };
    const init = spawnSync(process.execPath, [bin, 'revision', '--autogenerate', '-m', 'init'], {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    if (init.status !== 0) throw new Error(`autogenerate failed:\n${init.stdout}${init.stderr}`);
    const autogenerate = timeProcess(
      process.execPath,
      [bin, 'revision', '--autogenerate', '-m', 'nothing'],
      { runs: Math.min(RUNS, 3), warmup: 1, cwd: root, env },
    );
    if (readdirSync(join(root, 'migrations')).length !== 1)
      throw new Error('autogenerate wrote a revision although nothing changed');
    // The floor: the retort process starting and exiting.
    const floor = timeProcess(process.execPath, [bin, '--version'], { runs: RUNS, warmup: 1 });

    const baseline = median(dump);
    console.log(
      `${TABLES} tables, ${TABLES * 10} columns, ${TABLES * 2} indexes, ${TABLES - 1} foreign keys\n`,
    );
    printTable([
      { name: 'pg_dump --schema-only (process)', ms: baseline },
      {
        name: 'retort introspection (connect + queries)',
        ms: median(introspection),
        baselineMs: baseline,
        target: 2,
      },
      { name: 'retort check (process, clean)', ms: median(check), baselineMs: baseline, target: 4 },
      { name: 'retort check, declaration just edited', ms: median(cold), baselineMs: baseline },
      { name: 'retort --version (process floor)', ms: median(floor) },
      {
        name: 'retort revision --autogenerate, nothing changed (warm)',
        ms: median(autogenerate),
        baselineMs: median(floor),
      },
    ]);
  } finally {
    await withClient(ADMIN, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}
