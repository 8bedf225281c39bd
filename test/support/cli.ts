import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO_ROOT, 'bin/retort.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `retort` binary (built dist/) as a user would. */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1', DATABASE_URL: undefined, ...options.env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A temporary project directory. `node_modules/retort` links to this repo, as after
 * `npm install retort`, so a config's `import … from 'retort'` resolves natively too.
 */
export function tempProject(prefix = 'retort-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  const link = join(dir, 'node_modules/retort');
  if (!existsSync(link)) symlinkSync(REPO_ROOT, link, 'dir');
  return dir;
}
