import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

/*
 * What `npm pack` puts in the tarball: the command, the built library, the docs the README and
 * the error hints link to, the LICENSE — and no tests, benchmarks, sources or source maps (the
 * maps point at src/, which does not ship).
 */
it('ships bin, dist, docs, LICENSE and README, and nothing of the development tree', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [pack] = JSON.parse(out) as [{ name: string; files: { path: string }[] }];
  expect(pack.name).toBe('retort-pg');
  const files = pack.files.map((f) => f.path);
  for (const path of ['LICENSE', 'README.md', 'package.json', 'bin/retort.js', 'docs/ops.md'])
    expect(files).toContain(path);
  expect(files.filter((f) => f.startsWith('docs/')).length).toBeGreaterThanOrEqual(8);
  const tops = new Set(files.map((f) => f.split('/')[0]));
  expect([...tops].sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'docs', 'package.json']);
  expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
}, 120_000);
