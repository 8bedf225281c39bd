import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO_ROOT, 'bin/retort.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as a terminal shows them (in-process runs only). */
  output?: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
}

/** The environment every CLI run gets: no colors, CI's plain progress output, no inherited URL. */
function testEnv(extra: Record<string, string | undefined> = {}) {
  return { NO_COLOR: '1', CI: '1', DATABASE_URL: undefined, ...extra };
}

/**
 * Runs the real `retort` binary (built dist/) in a child process, as a user would. Use it where
 * the binary itself is under test (its start-up, the fast path, what it imports); everything
 * else uses {@link runCli}, which runs the same CLI entry points without a process per call.
 */
export function runBinary(args: readonly string[], options: CliOptions): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, ...testEnv(options.env) },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI in this process: the fast path, then commander, exactly as bin/retort.js does,
 * with the working directory, the environment and stdout/stderr switched for the call. No Node
 * start, no module loading per call: a CLI test costs what the command costs. Calls are
 * serialized (the working directory and the streams are process-wide).
 */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  const next = queue.then(() => runInProcess(args, options));
  queue = next.catch(() => undefined);
  return next;
}

/**
 * {@link runCli}, with `console.*` output (a migration's own warnings, which the binary prints)
 * written to the streams the run captures, as in a process of its own: under vitest, `console`
 * is vitest's and its output would not reach them.
 */
export async function runCliWithConsole(
  args: readonly string[],
  options: CliOptions,
): Promise<CliRun> {
  const saved = { log: console.log, warn: console.warn, error: console.error, info: console.info };
  const to =
    (stream: NodeJS.WriteStream) =>
    (...a: unknown[]) =>
      void stream.write(`${format(...a)}\n`);
  console.log = console.info = to(process.stdout);
  console.warn = console.error = to(process.stderr);
  try {
    return await runCli(args, options);
  } finally {
    Object.assign(console, saved);
  }
}

async function runInProcess(args: readonly string[], options: CliOptions): Promise<CliRun> {
  const [{ runFastPath }, { main }] = await Promise.all([
    import('../../src/cli/fast-path.js'),
    import('../../src/cli/main.js'),
  ]);
  const saved = {
    cwd: process.cwd(),
    env: { ...process.env },
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
    exitCode: process.exitCode,
  };
  const stdout: string[] = [];
  const stderr: string[] = [];
  const output: string[] = [];
  const capture =
    (sink: string[]) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      sink.push(text);
      output.push(text);
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    };
  for (const [key, value] of Object.entries(testEnv(options.env))) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  process.chdir(options.cwd);
  process.exitCode = undefined;
  process.stdout.write = capture(stdout) as typeof process.stdout.write;
  process.stderr.write = capture(stderr) as typeof process.stderr.write;
  let code: number;
  try {
    if (!(await runFastPath([...args]))) await main(['node', 'retort', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    // bin/retort.js lets an uncaught error end the process: Node prints it and exits 1.
    const text = `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
    stderr.push(text);
    output.push(text);
    code = 1;
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
    // Restore the whole environment: a project's .env fills in variables too.
    for (const key of Object.keys(process.env)) if (!(key in saved.env)) delete process.env[key];
    Object.assign(process.env, saved.env);
  }
  return { code, stdout: stdout.join(''), stderr: stderr.join(''), output: output.join('') };
}

/**
 * A temporary project directory. `node_modules/retort-pg` links to this repo, as after
 * `npm install retort-pg`, so a config's `import … from 'retort-pg'` resolves natively too.
 */
export function tempProject(prefix = 'retort-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  const link = join(dir, 'node_modules/retort-pg');
  if (!existsSync(link)) symlinkSync(REPO_ROOT, link, 'dir');
  return dir;
}

/**
 * Puts a freshly initialised PGlite data directory at `<dir>/<relative>` (what `pglite:./…`
 * would create on first use): a copy of the pristine cluster in the user-level cache, exactly as
 * retort's own first open of an empty directory makes one (src/database/pglite-pristine.ts).
 * PGlite's initdb costs ~6 s of CPU, the copy ~0.2 s; only a machine without that cache pays
 * initdb, once. The first-use path itself is covered by the tests that do not seed (init, the
 * examples).
 */
export async function seedPglite(dir: string, relative = '.retort/db'): Promise<void> {
  const [{ createFromPristine }, { pgliteVersion }, { PGlite }] = await Promise.all([
    import('../../src/database/pglite-pristine.js'),
    import('../../src/database/pglite-client.js'),
    import('@electric-sql/pglite'),
  ]);
  await createFromPristine(join(dir, relative), await pgliteVersion(), async (into) => {
    mkdirSync(into, { recursive: true });
    await (await PGlite.create(into)).close();
  });
}
