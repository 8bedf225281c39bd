// `retort lint` over a generated project of 1,000 typical SQL migrations (a new table with its
// index and foreign key, an added column, a concurrent index, a NOT VALID check and its
// validation: ~4.6 statements each, a few findings). Reports the whole process (node start-up,
// config, reading the files, loading the WebAssembly parser, linting) against `retort history`
// over the same files (no SQL parsing) and bare node; then, in process, the time per statement
// of parse + lint. Target: the whole `retort lint` under 1 s. Then one SQL file of 10,000 and
// of 40,000 INSERTs (a data migration): linear means the same time per statement for both, and
// the 40,000-statement file must lint in under 2 s (it took 296 s when positions were quadratic).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RETORT_BIN, median, printTable, timeProcess } from './lib.js';

const N = Number(process.env.RETORT_BENCH_MIGRATIONS ?? 1000);
const RUNS = Number(process.env.RETORT_BENCH_RUNS ?? 5);
const root = new URL('.work/lint/', import.meta.url).pathname;
const bin = RETORT_BIN;
const dist = new URL('../dist/', import.meta.url);

const id = (i) => `c${i.toString(16).padStart(11, '0')}`;
function upgrade(i) {
  const t = `t_${i}`;
  switch (i % 4) {
    case 0:
      return [
        `CREATE TABLE ${t} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, amount numeric(12,2), created_at timestamptz NOT NULL DEFAULT now()${i > 0 ? `, prev_id bigint REFERENCES t_${i - 4 < 0 ? 0 : i - 4} (id)` : ''})`,
        `CREATE INDEX ${t}_created_at_idx ON ${t} (created_at)`,
        `COMMENT ON TABLE ${t} IS 'generated table ${i}'`,
      ];
    case 1:
      return [
        `ALTER TABLE t_${i - 1} ADD COLUMN note_${i} text`,
        `ALTER TABLE t_${i - 1} ADD COLUMN flag_${i} boolean NOT NULL DEFAULT false`,
        `UPDATE t_${i - 1} SET note_${i} = name WHERE note_${i} IS NULL`,
      ];
    case 2:
      return [
        `CREATE INDEX CONCURRENTLY IF NOT EXISTS t_${i - 2}_name_idx ON t_${i - 2} (lower(name))`,
        `ALTER TABLE t_${i - 2} ADD CONSTRAINT t_${i - 2}_amount_positive CHECK (amount > 0) NOT VALID`,
        // A finding now and then: a plain index on an existing table.
        ...(i % 20 === 2 ? [`CREATE INDEX t_${i - 2}_amount_idx ON t_${i - 2} (amount)`] : []),
      ];
    default:
      return [
        `ALTER TABLE t_${i - 3} VALIDATE CONSTRAINT t_${i - 3}_amount_positive`,
        `-- retort-ignore ban-drop-column: generated benchmark column, never read\nALTER TABLE t_${i - 3} DROP COLUMN IF EXISTS note_${i - 2}`,
        `INSERT INTO t_${i - 3} (name, amount) VALUES ('seed ${i}', ${i})`,
      ];
  }
}

function writeProject() {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'migrations'), { recursive: true });
  writeFileSync(
    join(root, 'retort.config.mjs'),
    `export default { migrationsDir: 'migrations' };\n`,
  );
  let statements = 0;
  for (let i = 0; i < N; i++) {
    const up = upgrade(i);
    statements += up.length;
    writeFileSync(
      join(root, 'migrations', `${id(i)}_m${i}.sql`),
      `-- revision: ${id(i)}\n-- revises: ${i > 0 ? id(i - 1) : ''}\n-- message: migration ${i}\n\n-- retort:upgrade\n${up.join(';\n')};\n\n-- retort:downgrade\nSELECT 1;\n`,
    );
  }
  return statements;
}

export default async function bench() {
  const statements = writeProject();
  // Warm the revision metadata cache (as on any second run) and check the output.
  const check = spawnSync(process.execPath, [bin, 'lint', '--format', 'compact'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (check.status !== 1 || check.stdout.split('\n').filter(Boolean).length === 0) {
    throw new Error(
      `lint did not report the planted findings: exit ${check.status} ${check.stderr}`,
    );
  }
  const findings = check.stdout.split('\n').filter(Boolean).length;

  // Wall time, and CPU time (user + sys) from /usr/bin/time: on a shared machine the CPU time
  // says what the process costs when it has a core to itself.
  const cpu = [];
  const lintAll = (args) => {
    const times = [];
    for (let r = 0; r < RUNS + 1; r++) {
      const start = process.hrtime.bigint();
      const p = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, bin, ...args], {
        cwd: root,
        encoding: 'utf8',
      });
      if (p.status !== 1) throw new Error(`retort lint exited ${p.status}: ${p.stderr}`);
      if (r === 0) continue;
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      const m = /CPU ([\d.]+) ([\d.]+)/.exec(p.stderr);
      if (m) cpu.push((Number(m[1]) + Number(m[2])) * 1000);
    }
    return times;
  };
  const node = median(timeProcess(process.execPath, ['-e', ''], { runs: RUNS, warmup: 1 }));
  const history = median(
    timeProcess(process.execPath, [bin, 'history'], { runs: RUNS, warmup: 1, cwd: root }),
  );
  const lint = median(lintAll(['lint', '--format', 'compact']));

  // In process: parse + lint only, per statement.
  const { loadParser } = await import(new URL('parser/parse-sql.js', dist).href);
  const { sqlToLintInput } = await import(new URL('parser/lint-input.js', dist).href);
  const { lintStatements } = await import(new URL('core/lint/engine.js', dist).href);
  const { createLintSession } = await import(new URL('core/lint/lint-session.js', dist).href);
  const loadStart = performance.now();
  await loadParser();
  const parserLoad = performance.now() - loadStart;
  const texts = [];
  for (let i = 0; i < N; i++) {
    const text = readFileSync(join(root, 'migrations', `${id(i)}_m${i}.sql`), 'utf8');
    texts.push(
      text.slice(text.indexOf('-- retort:upgrade') + 18, text.indexOf('-- retort:downgrade')),
    );
  }
  const inProcess = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    const session = createLintSession();
    for (const text of texts) {
      const input = sqlToLintInput(text);
      lintStatements(input.statements, { session, strayIgnores: input.strayIgnores });
    }
    inProcess.push(performance.now() - start);
  }
  const perProject = median(inProcess);

  console.log(
    `${N} revisions, ${statements} statements, ${findings} findings; median of ${RUNS} runs\n`,
  );
  printTable([
    { name: 'node -e "" (floor)', ms: node },
    { name: 'retort history (reads the same files)', ms: history, baselineMs: node },
    { name: 'retort lint (whole process)', ms: lint, baselineMs: history },
    { name: 'retort lint, CPU time (user + sys)', ms: median(cpu) },
    { name: 'in process: parser load (WebAssembly)', ms: parserLoad },
    { name: 'in process: parse + lint, all statements', ms: perProject },
  ]);
  console.log(
    `\nper statement (parse + lint): ${((perProject * 1000) / statements).toFixed(1)} µs;` +
      ` retort lint total ${lint.toFixed(0)} ms wall, ${median(cpu).toFixed(0)} ms CPU:` +
      ` ${lint < 1000 ? 'ok' : median(cpu) < 1000 ? 'wall MISSED, CPU ok (machine busy?)' : 'MISSED'} (target < 1000 ms)`,
  );
  bigFile();
}

/** One revision file of `count` INSERT statements; `retort lint` as a whole process. */
function bigFile() {
  const rows = [];
  for (const count of [10_000, 40_000]) {
    const dir = join(root, `big-${count}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'migrations'), { recursive: true });
    writeFileSync(
      join(dir, 'retort.config.mjs'),
      `export default { migrationsDir: 'migrations' };\n`,
    );
    const inserts = [];
    for (let i = 0; i < count; i++)
      inserts.push(`INSERT INTO k (id, note) VALUES (${i}, 'row ${i}');`);
    writeFileSync(
      join(dir, 'migrations', 'b00000000000_big.sql'),
      `-- revision: b00000000000\n-- revises:\n-- message: big\n\n-- retort:upgrade\nCREATE TABLE k (id bigint, note text);\n${inserts.join('\n')}\n\n-- retort:downgrade\nDROP TABLE k;\n`,
    );
    const times = [];
    const cpu = [];
    let rss = 0;
    for (let r = 0; r < 3; r++) {
      const start = process.hrtime.bigint();
      const p = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S %M', process.execPath, bin, 'lint'], {
        cwd: dir,
        encoding: 'utf8',
      });
      if (p.status !== 0) throw new Error(`retort lint exited ${p.status}: ${p.stderr}`);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      const m = /CPU ([\d.]+) ([\d.]+) (\d+)/.exec(p.stderr);
      if (m) {
        cpu.push((Number(m[1]) + Number(m[2])) * 1000);
        rss = Math.max(rss, Number(m[3]) / 1024);
      }
    }
    rows.push({ count, wall: median(times), cpu: median(cpu), rss });
  }
  console.log('\none SQL file of N statements, `retort lint` whole process, median of 3\n');
  printTable(
    rows.flatMap((r) => [
      { name: `${r.count} statements, wall`, ms: r.wall },
      {
        name: `${r.count} statements, CPU (user + sys); max RSS ${r.rss.toFixed(0)} MB`,
        ms: r.cpu,
      },
    ]),
  );
  const [small, large] = rows;
  console.log(
    `\nCPU per statement: ${((small.cpu * 1000) / small.count).toFixed(0)} µs at ${small.count},` +
      ` ${((large.cpu * 1000) / large.count).toFixed(0)} µs at ${large.count} (linear: about equal);` +
      ` 40,000 statements ${large.wall < 2000 ? 'ok' : large.cpu < 2000 ? 'wall MISSED, CPU ok (machine busy?)' : 'MISSED'} (target < 2000 ms)`,
  );
}
