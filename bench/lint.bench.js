// `retort lint` over a generated project of 1,000 typical SQL migrations (a new table with its
// index and foreign key, an added column, a concurrent index, a NOT VALID check and its
// validation: ~4.6 statements each, a few findings). Reports the whole process (node start-up,
// config, reading the files, loading the WebAssembly parser, linting) against `retort history`
// over the same files (no SQL parsing) and bare node; then, in process, the time per statement
// of parse + lint. Target: the whole `retort lint` under 1 s. Then one SQL file of 10,000, of
// 40,000 and of 642,086 INSERTs (50 MB: a data migration), each against a bare libpg-query parse
// of the same text: linear means the same time per statement at every size, bounded the same
// memory per statement; the 40,000-statement file must lint in under 2 s (it took 296 s when
// positions were quadratic), the 50 MB one in under 600 MB (2.0 GB when every tree was kept).
// RETORT_BENCH_BIG_RUNS=0 skips the 50 MB file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
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
  await bigFile();
}

/**
 * The floor of linting a big file: a process that loads libpg-query and parses the same upgrade
 * text in the same pieces, doing nothing with the trees (`node bare-parse.mjs <file> <piece>`).
 */
const BARE_PARSE = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const lib = createRequire(process.argv[4])('libpg-query');
await lib.loadModule();
const file = readFileSync(process.argv[2], 'utf8');
const text = file.slice(file.indexOf('-- retort:upgrade') + 18, file.indexOf('-- retort:downgrade'));
const size = Number(process.argv[3]);
let n = 0;
for (let s = 0; s < text.length; ) {
  let e = text.indexOf(';\\n', s + size);
  e = e < 0 ? text.length : e + 2;
  n += lib.parseSync(text.slice(s, e)).stmts.length;
  s = e;
}
if (n === 0) process.exit(1);
`;

/** Wall ms, CPU ms (user + sys) and peak RSS (MB) of one process, from /usr/bin/time. */
function measure(args, cwd, okStatus = 0) {
  const start = process.hrtime.bigint();
  const p = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S %M', ...args], { cwd, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (p.status !== okStatus) throw new Error(`${args.join(' ')} exited ${p.status}: ${p.stderr}`);
  const m = /CPU ([\d.]+) ([\d.]+) (\d+)/.exec(p.stderr);
  if (!m) throw new Error(`no /usr/bin/time figures: ${p.stderr}`);
  return { wall, cpu: (Number(m[1]) + Number(m[2])) * 1000, rss: Number(m[3]) / 1024 };
}

/** Median wall and CPU, largest RSS of `runs` runs (`before` runs first each time). */
function measureRuns(runs, args, cwd, before = () => {}) {
  const all = [];
  for (let r = 0; r < runs; r++) {
    before();
    all.push(measure(args, cwd));
  }
  return {
    wall: median(all.map((x) => x.wall)),
    cpu: median(all.map((x) => x.cpu)),
    rss: Math.max(...all.map((x) => x.rss)),
  };
}

/** A project of one revision file of `count` INSERTs (~`rowChars` characters a line). */
function bigProject(count, rowChars) {
  const dir = join(root, `big-${count}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  writeFileSync(
    join(dir, 'retort.config.mjs'),
    `export default { migrationsDir: 'migrations' };\n`,
  );
  const fill = 'x'.repeat(Math.max(0, rowChars - 50));
  const inserts = [];
  for (let i = 0; i < count; i++)
    inserts.push(`INSERT INTO k (id, note) VALUES (${i}, 'row ${i}${fill}');`);
  const file = join(dir, 'migrations', 'b00000000000_big.sql');
  writeFileSync(
    file,
    `-- revision: b00000000000\n-- revises:\n-- message: big\n\n-- retort:upgrade\nCREATE TABLE k (id bigint, note text);\n${inserts.join('\n')}\n\n-- retort:downgrade\nDROP TABLE k;\n`,
  );
  return { dir, file };
}

/**
 * One SQL file of N INSERT statements (a data migration), `retort lint` as a whole process with
 * a cold cache (`.retort/cache` removed before each run), against two floors measured in the
 * same run: `node -e 0`, and a bare libpg-query parse of the same text in the same pieces.
 * Linear: the same CPU per statement at every size; bounded: peak RSS is the text plus a small
 * record per statement, not a tree per statement. Targets: 40,000 statements under 2 s, the
 * 50 MB file (642,086 INSERTs) linted at all, under 600 MB.
 */
async function bigFile() {
  const { PARSE_PIECE_CHARS } = await import(new URL('parser/parse-sql.js', dist).href);
  const bare = join(root, 'bare-parse.mjs');
  writeFileSync(bare, BARE_PARSE);
  const pkg = new URL('../package.json', import.meta.url).pathname;
  const floor = measureRuns(3, [process.execPath, '-e', '0'], root);
  const sizes = [
    { count: 10_000, rowChars: 50, runs: 3 },
    { count: 40_000, rowChars: 50, runs: 3 },
    // 50 MB, as the data migration of issue 9 (~78 characters a line).
    { count: 642_086, rowChars: 80, runs: Number(process.env.RETORT_BENCH_BIG_RUNS ?? 1) },
  ];
  const rows = [];
  for (const { count, rowChars, runs } of sizes) {
    if (runs === 0) continue;
    const { dir, file } = bigProject(count, rowChars);
    const mb = statSync(file).size / 1048576;
    const parse = measureRuns(runs, [process.execPath, bare, file, String(PARSE_PIECE_CHARS), pkg]);
    const lint = measureRuns(runs, [process.execPath, bin, 'lint'], dir, () =>
      rmSync(join(dir, '.retort'), { recursive: true, force: true }),
    );
    rows.push({ count, mb, parse, lint });
    rmSync(dir, { recursive: true, force: true });
  }
  const fmt = (x) =>
    `${x.cpu.toFixed(0).padStart(7)} ms CPU ${x.wall.toFixed(0).padStart(7)} ms wall ${x.rss.toFixed(0).padStart(5)} MB`;
  console.log(
    `\none SQL file of N INSERTs, \`retort lint\` whole process, cold cache (median CPU and wall, peak RSS); load average ${loadavg()[0].toFixed(1)}\n`,
  );
  const W = 54;
  console.log(`${'node -e 0 (floor)'.padEnd(W)} ${fmt(floor)}`);
  rows.forEach((r, i) => {
    const label = `${r.count.toLocaleString('en')} statements (${r.mb.toFixed(1)} MB)`;
    console.log(`${`${label}: bare libpg-query parse`.padEnd(W)} ${fmt(r.parse)}`);
    console.log(`${`${label}: retort lint`.padEnd(W)} ${fmt(r.lint)}`);
    const p = rows[i - 1];
    // Per statement, from the previous size: what one more statement costs (fixed costs cancel).
    if (p)
      console.log(
        `${''.padEnd(W)} per statement (from ${p.count.toLocaleString('en')}): lint ${(((r.lint.cpu - p.lint.cpu) * 1000) / (r.count - p.count)).toFixed(1)} µs CPU, ${(((r.lint.rss - p.lint.rss) * 1048576) / (r.count - p.count)).toFixed(0)} B RSS; bare parse ${(((r.parse.cpu - p.parse.cpu) * 1000) / (r.count - p.count)).toFixed(1)} µs, ${(((r.parse.rss - p.parse.rss) * 1048576) / (r.count - p.count)).toFixed(0)} B`,
      );
  });
  const at40k = rows.find((r) => r.count === 40_000);
  const big = rows.find((r) => r.count > 40_000);
  if (at40k)
    console.log(
      `\n40,000 statements: ${at40k.lint.wall < 2000 ? 'ok' : at40k.lint.cpu < 2000 ? 'wall MISSED, CPU ok (machine busy?)' : 'MISSED'} (target < 2000 ms)`,
    );
  if (big)
    console.log(
      `50 MB: ${big.lint.rss < 600 ? 'ok' : 'MISSED'} (target < 600 MB peak RSS; ${big.lint.rss.toFixed(0)} MB)`,
    );
}
