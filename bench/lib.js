// Shared helpers for benchmarks: timing whole processes, medians, ratio tables.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

/** Runs a command `runs` times (after `warmup` runs) and returns wall-clock times in ms. */
export function timeProcess(command, args, { runs = 10, warmup = 2, cwd, env } = {}) {
  const times = [];
  for (let i = 0; i < warmup + runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0)
      throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i >= warmup) times.push(ms);
  }
  return times;
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Prints rows of { name, ms, baselineMs, target? } as an aligned table with ratios. */
export function printTable(rows) {
  const width = Math.max(...rows.map((r) => r.name.length), 10);
  console.log(
    `${'case'.padEnd(width)}  ${'median ms'.padStart(10)}  ${'ratio'.padStart(7)}  target`,
  );
  for (const r of rows) {
    const ratio = r.baselineMs ? r.ms / r.baselineMs : undefined;
    const target =
      r.target === undefined
        ? ''
        : `${ratio !== undefined && ratio <= r.target ? 'ok' : 'MISSED'} (≤ ${r.target}×)`;
    console.log(
      `${r.name.padEnd(width)}  ${r.ms.toFixed(1).padStart(10)}  ${ratio === undefined ? ''.padStart(7) : `${ratio.toFixed(2)}×`.padStart(7)}  ${target}`,
    );
  }
}

/** The retort binary as a user runs it (its shebang sets the V8 flags). */
export const RETORT_BIN = new URL('../bin/retort.js', import.meta.url).pathname;

/** Admin URL of the local test server (scripts/pg-server.sh), unless RETORT_TEST_PG_URL says otherwise. */
export const PG_ADMIN_URL =
  process.env.RETORT_TEST_PG_URL ??
  'postgres://retort:retort-test-password@127.0.0.1:54329/postgres';

/** Runs `fn` with a node-postgres client connected to `url`, and closes it. */
export async function withClient(url, fn) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
