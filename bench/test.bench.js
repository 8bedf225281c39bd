// `retort test`: (1) every check on the raptorflow example on the embedded database, against
// the floor of a cold `retort upgrade head` of the same example (one database, each revision
// once) measured in the same run; (2) the stairway on N generated revisions (default 200), against
// the floor of `upgrade head`, `downgrade base`, `upgrade head` of the same revisions by the CLI
// (each revision up, down, up, with nothing compared).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RETORT_BIN, median, printTable, timeProcess } from './lib.js';

const RUNS = Number(process.env.RETORT_BENCH_RUNS ?? 3);
const REVISIONS = Number(process.env.RETORT_BENCH_TEST_REVISIONS ?? 200);
const repo = new URL('..', import.meta.url).pathname;
const env = { NO_COLOR: '1', CI: '1' };

function runJson(args, cwd) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [RETORT_BIN, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0)
    throw new Error(
      `retort ${args.join(' ')} exited ${r.status}: ${r.stdout.slice(0, 2000)} ${r.stderr.slice(0, 2000)}`,
    );
  return { ms, result: JSON.parse(r.stdout) };
}

const checkMs = (result, name) => result.checks.find((c) => c.name === name)?.durationMs ?? 0;

function raptorflow() {
  const cwd = join(repo, 'examples/raptorflow');
  const floor = [];
  const total = [];
  const runs = [];
  // One untimed run so the pristine PGlite cache in .retort/cache exists, as after a first use.
  runJson(['test', '--json'], cwd);
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'retort-bench-test-'));
    try {
      floor.push(
        ...timeProcess(process.execPath, [RETORT_BIN, 'upgrade', 'head'], {
          runs: 1,
          warmup: 0,
          cwd,
          env: { ...env, DATABASE_URL: `pglite:${join(dir, 'db')}` },
        }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const run = runJson(['test', '--json'], cwd);
    if (!run.result.passed) throw new Error('retort test failed on raptorflow');
    total.push(run.ms);
    runs.push(run.result);
  }
  const mid = runs[total.indexOf(median(total))] ?? runs[0];
  console.log(
    `raptorflow, ${RUNS} runs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  printTable([
    { name: 'retort upgrade head, cold PGlite directory (floor)', ms: median(floor) },
    {
      name: 'retort test (all 7 checks, 3 in-memory databases)',
      ms: median(total),
      baselineMs: median(floor),
    },
  ]);
  console.log(
    `  checks of the median run: ${mid.checks.map((c) => `${c.name} ${Math.round(c.durationMs)}`).join(', ')} ms`,
  );
}

function generated() {
  const dir = mkdtempSync(join(tmpdir(), 'retort-bench-stairway-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repo, join(dir, 'node_modules/retort-pg'), 'dir');
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(
      join(dir, 'retort.config.mjs'),
      "export default { migrationsDir: 'migrations', databaseUrl: 'pglite:./.retort/db', lint: { gate: 'off' } };\n",
    );
    let parent = '';
    for (let i = 1; i <= REVISIONS; i++) {
      const id = `b${String(i).padStart(11, '0')}`;
      const fk = i === 1 ? '' : `,\n  prev_id bigint REFERENCES t${i - 1} (id)`;
      writeFileSync(
        join(dir, 'migrations', `${id}_t${i}.sql`),
        `-- revision: ${id}\n-- revises: ${parent}\n-- message: table t${i}\n\n-- retort:upgrade\nCREATE TABLE t${i} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL,\n  note text,\n  created_at timestamptz NOT NULL DEFAULT now()${fk}\n);\nCREATE INDEX t${i}_name ON t${i} (name);\n\n-- retort:downgrade\nDROP TABLE t${i};\n`,
      );
      parent = id;
    }
    const floorOpts = { runs: 1, warmup: 0, cwd: dir, env };
    const floor =
      timeProcess(process.execPath, [RETORT_BIN, 'upgrade', 'head'], floorOpts)[0] +
      timeProcess(process.execPath, [RETORT_BIN, 'downgrade', 'base'], floorOpts)[0] +
      timeProcess(process.execPath, [RETORT_BIN, 'upgrade', 'head'], floorOpts)[0];
    const run = runJson(['test', '--json'], dir);
    if (!run.result.passed) throw new Error('retort test failed on the generated revisions');
    const stairway = checkMs(run.result, 'stairway');
    console.log(
      `\n${REVISIONS} generated revisions (a table, an index, a foreign key each), 1 run`,
    );
    printTable([
      { name: 'CLI upgrade head + downgrade base + upgrade head, PGlite dir (floor)', ms: floor },
      {
        name: 'stairway check (up, down, up + 3 catalog snapshots per revision)',
        ms: stairway,
        baselineMs: floor,
      },
      { name: 'retort test, whole process', ms: run.ms, baselineMs: floor },
    ]);
    console.log(
      `  ${(stairway / REVISIONS).toFixed(0)} ms per revision in the stairway; checks: ${run.result.checks.map((c) => `${c.name} ${Math.round(c.durationMs)}`).join(', ')} ms`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function testBench() {
  raptorflow();
  generated();
}
