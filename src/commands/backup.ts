import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { redactUrl } from '../core/redact.js';
import { connectWithConfig } from '../database/connect.js';
import { pgliteDataDir, type OpenedPglite } from '../database/pglite-client.js';

export interface BackupOptions {
  readonly config: ResolvedConfig;
  /** Where to write; `-` for standard output. Default `backup-<time>.sql` in the project root. */
  readonly out?: string | undefined;
}

export interface BackupResult {
  readonly database: string;
  /** The file written (relative to the project root), or `-`. */
  readonly file: string;
  readonly bytes: number;
  /** `pglite-tools pg_dump` (embedded) or `pg_dump <version>` from PATH. */
  readonly tool: string;
  /** With `--out -`: the dump itself (the CLI writes it to stdout). */
  readonly sql?: string;
}

/** pg_dump is missing, too old, or failed. */
export class BackupToolError extends RetortError {
  constructor(message: string, hint: string, details?: Record<string, unknown>) {
    super('BACKUP_FAILED', ExitCode.Connection, message, { hint, details });
  }
}

/** `backup-2026-11-30T02-15-00.sql`: sorts by time, no characters a shell minds. */
export function defaultBackupName(now = new Date()): string {
  return `backup-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.sql`;
}

/** Options both dumps use: plain SQL a fresh database (or psql -f) replays, no owners or grants. */
const DUMP_ARGS = ['--format=plain', '--no-owner', '--no-privileges', '--rows-per-insert=100'];

/**
 * `retort backup`: a plain-SQL dump of the configured database — PGlite's WebAssembly pg_dump
 * for the embedded database, `pg_dump` from PATH for a server (its major version must be at
 * least the server's).
 *
 * @example
 * const { file } = await backup({ config, out: 'before-release.sql' });
 */
export async function backup(options: BackupOptions): Promise<BackupResult> {
  const { config } = options;
  const { sql, tool } = config.databaseUrl.startsWith('pglite:')
    ? await dumpEmbedded(config)
    : await dumpServer(config);
  const database = redactUrl(config.databaseUrl);
  const bytes = Buffer.byteLength(sql);
  if (options.out === '-') return { database, file: '-', bytes, tool, sql };
  // A default name is per second: two backups in one second (`backup`, then `upgrade --backup`)
  // get -2, -3, … rather than an error. A name the user gave is never replaced.
  const base = defaultBackupName();
  const names =
    options.out === undefined
      ? Array.from({ length: 100 }, (_, i) =>
          i === 0 ? base : base.replace(/\.sql$/, `-${i + 1}.sql`),
        )
      : [options.out];
  let taken = '';
  for (const name of names) {
    const path = resolve(options.out === undefined ? config.rootDir : process.cwd(), name);
    try {
      await writeFile(path, sql, { flag: 'wx' });
      return { database, file: relative(config.rootDir, path) || path, bytes, tool };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      taken = path;
    }
  }
  throw new RetortError('BACKUP_FILE_EXISTS', ExitCode.Usage, `${taken} already exists.`, {
    hint: 'Choose another --out file; a backup never overwrites one.',
  });
}

async function dumpEmbedded(config: ResolvedConfig): Promise<{ sql: string; tool: string }> {
  if (pgliteDataDir(config.databaseUrl, config.rootDir) === undefined)
    throw new BackupToolError(
      'An in-memory embedded database (pglite:memory) has nothing to back up.',
      'Back up a database on disk (pglite:./.retort/db) or a server.',
    );
  const db = (await connectWithConfig(config, { readOnly: true })) as OpenedPglite;
  try {
    if (!db.instance) {
      const { readLockHolder } = await import('../database/directory-lock.js');
      const holder = await readLockHolder(pgliteDataDir(config.databaseUrl, config.rootDir)!);
      throw new BackupToolError(
        `The embedded database is served by \`${holder?.command ?? 'retort db serve'}\` (pid ${holder?.pid ?? '?'}); its WebAssembly pg_dump needs the database in this process.`,
        `Stop \`retort db serve\` (Ctrl-C) and run \`retort backup\` again, or run pg_dump 18+ against postgres://postgres@127.0.0.1:${holder?.port ?? '<port>'}/postgres.`,
      );
    }
    const { pgDump } = await import('@electric-sql/pglite-tools/pg_dump');
    let file: File;
    try {
      file = await pgDump({ pg: db.instance as never, args: DUMP_ARGS });
    } catch (error) {
      throw new BackupToolError(
        `pg_dump of the embedded database failed: ${error instanceof Error ? error.message : String(error)}`,
        'Run with --debug and report it; meanwhile copy the stopped database directory as a backup.',
      );
    }
    return { sql: await file.text(), tool: 'pglite-tools pg_dump' };
  } finally {
    await db.close();
  }
}

/** Runs a program, collecting its output; ENOENT resolves to undefined. */
function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string } | undefined> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? done(undefined) : fail(error),
    );
    child.on('close', (code) =>
      done({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr }),
    );
  });
}

/** The URL without its password and the password for PGPASSWORD (never on a command line). */
async function libpqTarget(
  config: ResolvedConfig,
): Promise<{ url: string; env: NodeJS.ProcessEnv; serverMajor: number }> {
  const db = await connectWithConfig(config);
  let serverMajor: number;
  try {
    serverMajor = Math.floor((await db.serverVersion()) / 10_000);
  } finally {
    await db.close();
  }
  const url = new URL(config.databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (url.password) env['PGPASSWORD'] = decodeURIComponent(url.password);
  else if (config.connection.passwordFile) {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(resolve(config.rootDir, config.connection.passwordFile), 'utf8');
    env['PGPASSWORD'] = text.split(/\r?\n/)[0] ?? '';
  }
  url.password = '';
  return { url: url.toString(), env, serverMajor };
}

/** `pg_dump` or `psql` from PATH at least as new as the server, or a clear error. */
export async function serverTool(
  name: 'pg_dump' | 'psql',
  serverMajor: number,
  env: NodeJS.ProcessEnv,
): Promise<{ command: string; version: string }> {
  const probe = await run(name, ['--version'], env);
  if (!probe || probe.code !== 0)
    throw new BackupToolError(
      `${name} was not found on PATH; it is needed for PostgreSQL ${serverMajor}.`,
      `Install PostgreSQL's client tools ${serverMajor} or newer (Debian/Ubuntu: apt-get install postgresql-client-${serverMajor}; macOS: brew install libpq).`,
    );
  const version = /(\d+)(?:\.(\d+))?/.exec(probe.stdout)?.[0] ?? '0';
  const major = Number(version.split('.')[0]);
  if (major < serverMajor)
    throw new BackupToolError(
      `${name} ${version} on PATH is older than the server (PostgreSQL ${serverMajor}); it refuses to dump a newer server.`,
      `Install PostgreSQL's client tools ${serverMajor} or newer and put them first on PATH.`,
      { tool: name, toolVersion: version, serverMajor },
    );
  return { command: name, version };
}

async function dumpServer(config: ResolvedConfig): Promise<{ sql: string; tool: string }> {
  const { url, env, serverMajor } = await libpqTarget(config);
  const tool = await serverTool('pg_dump', serverMajor, env);
  const result = await run(tool.command, [...DUMP_ARGS, `--dbname=${url}`], env);
  if (!result || result.code !== 0)
    throw new BackupToolError(
      `pg_dump failed: ${(result?.stderr ?? '').trim().split('\n')[0] ?? ''}`,
      'Check the connection settings; pg_dump reads the same URL and PGPASSWORD / ~/.pgpass.',
    );
  return { sql: result.stdout, tool: `pg_dump ${tool.version}` };
}
