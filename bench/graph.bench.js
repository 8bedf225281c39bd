// Cold start of the read-only graph commands on big projects: `retort heads` and `retort history`
// as whole processes on 1,000 and 10,000 revisions (linear, and with branches and merges),
// against a bare `node -e 0` measured in the same run.
//   npm run bench -- graph
// Targets (issue 2): heads on 1,000 revisions within 2× a bare Node start, on 10,000 within 4×.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RETORT_BIN, median } from './lib.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const bin = RETORT_BIN;
const work = join(here, '.work');

const CONFIG = `import { defineConfig } from 'retort-pg';

export default defineConfig({
  migrationsDir: 'migrations',
  databaseUrl: 'pglite:./.retort/db',
});
`;

const tsFile = (id, revises, message, createdAt) => `/**
 * ${message}
 *
 * Revision ID: ${id}
 * Revises: ${revises.join(', ')}
 * Create Date: ${createdAt}
 */
import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: '${id}',
  revises: ${revises.length === 0 ? 'null' : revises.length === 1 ? `'${revises[0]}'` : `[${revises.map((r) => `'${r}'`).join(', ')}]`},
  message: '${message}',
  upgrade(op) {
    op.execute('CREATE TABLE t_${id} (id integer PRIMARY KEY, name text NOT NULL)');
  },
  downgrade(op) {
    op.execute('DROP TABLE t_${id}');
  },
});
`;

const sqlFile = (id, revises, message, createdAt) => `-- revision: ${id}
-- revises: ${revises.join(', ')}
-- message: ${message}
-- created: ${createdAt}

-- retort:upgrade
CREATE TABLE t_${id} (id integer PRIMARY KEY, name text NOT NULL);

-- retort:downgrade
DROP TABLE t_${id};
`;

/**
 * Writes a project of `count` revisions. `branchy`: every 40 revisions a side branch of 8 forks
 * off and is merged back, so the graph has branch points and merge points throughout. One file in
 * ten is SQL.
 */
function generate(name, count, branchy) {
  const root = join(work, name);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'migrations'), { recursive: true });
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  symlinkSync(repo, join(root, 'node_modules/retort-pg'), 'dir');
  writeFileSync(join(root, 'retort.config.ts'), CONFIG);
  const start = Date.UTC(2020, 0, 1);
  let n = 0;
  let head = null;
  let side = null;
  const write = (revises, message) => {
    const id = (0x100000000000 + n * 7919).toString(16).slice(-12);
    const createdAt = new Date(start + n * 60_000).toISOString();
    const render = n % 10 === 9 ? sqlFile : tsFile;
    const ext = n % 10 === 9 ? 'sql' : 'ts';
    writeFileSync(
      join(root, 'migrations', `${id}_${message.replace(/\W+/g, '_')}.${ext}`),
      render(id, revises, message, createdAt),
    );
    n++;
    return id;
  };
  while (n < count) {
    if (branchy && n % 40 === 20 && count - n > 10) {
      side = head;
      for (let k = 0; k < 8; k++) side = write([side], `side step ${n}`);
      head = write([head], `main step ${n}`);
      head = write([head, side], `merge ${n}`);
    } else {
      head = write(head === null ? [] : [head], `step ${n}`);
    }
  }
  return root;
}

/**
 * One run fills the metadata cache; the timed runs are cold processes with a warm cache, as every
 * run after the first one in a real project. Files younger than two seconds are never cached
 * (coarse timestamps), hence the wait.
 */
async function prime(roots) {
  await new Promise((done) => setTimeout(done, 2100));
  for (const root of roots) {
    const r = spawnSync(process.execPath, [bin, 'heads'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`retort heads failed in ${root}: ${r.stderr}`);
  }
}

/** One cold process, wall-clock ms; `before` runs first (untimed), e.g. to drop the cache. */
function once(command, args, cwd, before) {
  before?.();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
  return ms;
}

/**
 * Times `retort <args>` against `node -e 0` in alternation, so both see the same machine load
 * (this machine is shared); the ratio is the median of the per-pair ratios.
 */
function paired(root, args, runs, before) {
  const base = [];
  const cmd = [];
  const ratios = [];
  for (let i = 0; i < runs + 1; i++) {
    const b = once(process.execPath, ['-e', '0'], root);
    const c = once(process.execPath, [bin, ...args], root, before);
    if (i === 0) continue; // warm-up pair: file system caches
    base.push(b);
    cmd.push(c);
    ratios.push(c / b);
  }
  return { ms: median(cmd), baselineMs: median(base), ratio: median(ratios) };
}

export default async function graphBench() {
  const runs = Number(process.env.BENCH_RUNS ?? 10);
  const projects = [
    ['1k linear', 1000, false],
    ['1k branches+merges', 1000, true],
    ['10k linear', 10_000, false],
    ['10k branches+merges', 10_000, true],
  ].map(([label, count, branchy]) => ({
    label,
    count,
    root: generate(label.replace(/\W+/g, '-'), count, branchy),
  }));
  await prime(projects.map((p) => p.root));

  const rows = [];
  for (const p of projects) {
    const target = p.count >= 10_000 ? 4 : 2;
    rows.push({ name: `heads ${p.label}`, target, ...paired(p.root, ['heads'], runs) });
    rows.push({ name: `history ${p.label}`, ...paired(p.root, ['history'], runs) });
    const dropCache = () =>
      rmSync(join(p.root, '.retort/cache/revision-metadata.json'), { force: true });
    rows.push({
      name: `heads ${p.label}, first run (no cache)`,
      ...paired(p.root, ['heads'], Math.max(3, Math.floor(runs / 2)), dropCache),
    });
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(
    `${'case'.padEnd(width)}  ${'median ms'.padStart(9)}  ${'node -e 0'.padStart(9)}  ${'ratio'.padStart(6)}  target`,
  );
  for (const r of rows) {
    const verdict =
      r.target === undefined ? '' : `${r.ratio <= r.target ? 'ok' : 'MISSED'} (≤ ${r.target}×)`;
    console.log(
      `${r.name.padEnd(width)}  ${r.ms.toFixed(1).padStart(9)}  ${r.baselineMs.toFixed(1).padStart(9)}  ${`${r.ratio.toFixed(2)}×`.padStart(6)}  ${verdict}`,
    );
  }
  console.log(
    '\nEach case alternates with a bare `node -e 0`; the ratio is the median of the pairs.',
  );
}
