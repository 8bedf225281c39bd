// The embedded database's costs, whole processes, with two floors measured in the same run:
// `node -e 0` and a bare PGlite open (PGlite.create(dir) + SELECT 1 + close, PGlite's defaults).
//   - first `upgrade head` of the grant-finder example in a new project, the user-level pristine
//     cluster cache existing (target ≤ 2 s);
//   - `retort current` opening the directory (target ≤ 1.2× the bare open);
//   - `retort current` against `retort db serve` (target ≤ 3× node -e 0 and ≤ 100 MB peak RSS).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { RETORT_BIN, median } from './lib.js';

const RUNS = Number(process.env.RETORT_BENCH_RUNS ?? 5);
const repo = new URL('..', import.meta.url).pathname;
const probe = new URL('./rss-probe.cjs', import.meta.url).pathname;
const cache = mkdtempSync(join(tmpdir(), 'retort-bench-cache-'));
const env = { ...process.env, NO_COLOR: '1', CI: '1', DATABASE_URL: '', RETORT_CACHE_DIR: cache };

/** One whole process: wall ms and peak RSS in MB. */
function measure(args, cwd) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', probe, ...args], {
    cwd,
    env,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const kb = Number(/RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0);
  const cpu = Number(/CPU_US=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1000;
  return { ms, mb: kb / 1024, cpu };
}

function series(n, fn) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(fn(i));
  return {
    ms: median(out.map((o) => o.ms)),
    cpu: median(out.map((o) => o.cpu)),
    mb: Math.max(...out.map((o) => o.mb)),
  };
}

function newProject() {
  const dir = mkdtempSync(join(tmpdir(), 'retort-bench-embedded-'));
  cpSync(join(repo, 'examples/grantfinder/migrations'), join(dir, 'migrations'), {
    recursive: true,
  });
  cpSync(join(repo, 'examples/grantfinder/retort.config.ts'), join(dir, 'retort.config.ts'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repo, join(dir, 'node_modules/retort-pg'), 'dir');
  return dir;
}

const BARE_OPEN = `const { PGlite } = await import('@electric-sql/pglite');
const db = await PGlite.create(process.argv[1]); await db.query('SELECT 1'); await db.close();`;

export default async function embeddedBench() {
  const node = series(RUNS, () => measure(['-e', '0'], repo));
  // Fill the user-level cache once (the first project ever pays PGlite's initdb).
  const seed = newProject();
  const first = series(1, () => measure([RETORT_BIN, 'upgrade', 'head'], seed));
  const bare = series(RUNS, () =>
    measure(['--input-type=module', '-e', BARE_OPEN, join(seed, '.retort/db')], repo),
  );
  const current = series(RUNS, () => measure([RETORT_BIN, 'current'], seed));
  const upgradeNew = series(RUNS, () => {
    const dir = newProject();
    try {
      return measure([RETORT_BIN, 'upgrade', 'head'], dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  // Served: `retort db serve` holds the directory; `current` connects through its socket.
  const server = spawn(process.execPath, [RETORT_BIN, 'db', 'serve', '--json'], {
    cwd: seed,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve));
  let served;
  try {
    served = series(RUNS, () => measure([RETORT_BIN, 'current'], seed));
  } finally {
    server.kill('SIGINT');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  rmSync(seed, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });

  console.log(
    `runs: ${RUNS}; whole processes; medians (peak RSS: the largest); load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const row = (name, r, base, target) =>
    console.log(
      `${name.padEnd(58)} ${r.ms.toFixed(0).padStart(7)} ms ${r.cpu.toFixed(0).padStart(7)} ms CPU ${r.mb.toFixed(0).padStart(5)} MB ${
        base ? `${(r.ms / base.ms).toFixed(2)}×`.padStart(7) : ''.padStart(7)
      }  ${target ?? ''}`,
    );
  row('node -e 0 (floor)', node);
  row('bare PGlite open + SELECT 1 + close (floor)', bare, node);
  row('first project ever: upgrade head (initdb, fills the cache)', first, node);
  row(
    'new project: upgrade head (grant-finder, cache exists)',
    upgradeNew,
    node,
    upgradeNew.ms <= 2000 ? 'ok (≤ 2 s)' : 'MISSED (≤ 2 s)',
  );
  const vsBare = current.ms / bare.ms;
  row(
    'retort current, opening the directory',
    current,
    node,
    `${vsBare.toFixed(2)}× bare open: ${vsBare <= 1.2 ? 'ok' : 'MISSED'} (≤ 1.2×)`,
  );
  const vsNode = served.ms / node.ms;
  row(
    'retort current, through retort db serve',
    served,
    node,
    `${vsNode <= 3 ? 'ok' : 'MISSED'} (≤ 3×), ${served.mb <= 100 ? 'ok' : 'MISSED'} (≤ 100 MB)`,
  );
}
