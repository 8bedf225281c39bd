// A cold `retort upgrade head` of the grant-finder example (three revisions: SQL, op API, a data
// migration) on the embedded PGlite, as the example's README runs it: one whole process, a fresh
// PGlite directory each run (so initdb is part of it), against `node -e 0` in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RETORT_BIN, median, printTable, timeProcess } from './lib.js';

const RUNS = Number(process.env.RETORT_BENCH_RUNS ?? 5);
const repo = new URL('..', import.meta.url).pathname;
const bin = RETORT_BIN;

export default async function grantfinderBench() {
  const node = median(timeProcess(process.execPath, ['-e', '0'], { runs: RUNS, warmup: 1 }));
  const times = [];
  const warm = [];
  const retort = (...args) => [bin, '--config', 'examples/grantfinder/retort.config.ts', ...args];
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'retort-bench-grantfinder-'));
    try {
      const opts = {
        runs: 1,
        warmup: 0,
        cwd: repo,
        env: { DATABASE_URL: `pglite:${join(dir, 'db')}`, NO_COLOR: '1', CI: '1' },
      };
      times.push(...timeProcess(process.execPath, retort('upgrade', 'head'), opts));
      // The same directory again: opening an initialised PGlite, nothing to apply.
      warm.push(...timeProcess(process.execPath, retort('upgrade', 'head'), opts));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(
    `runs: ${RUNS}; each a fresh PGlite directory; times are whole processes; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  printTable([
    { name: 'node -e 0', ms: node },
    {
      name: 'retort upgrade head (grantfinder, PGlite, cold)',
      ms: median(times),
      baselineMs: node,
    },
    { name: 'retort upgrade head again (nothing to do)', ms: median(warm), baselineMs: node },
  ]);
  console.log(
    `cold: best ${Math.min(...times).toFixed(0)} ms, worst ${Math.max(...times).toFixed(0)} ms (other load on the machine shows here)`,
  );
}
