import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type pgModule from 'pg';
import type { DatabaseClient, QueryResult } from './client.js';
import { ConnectionError } from './connection-error.js';

export interface PgConnectOptions {
  /** Project root, for a relative `passwordFile`. */
  readonly rootDir: string;
  /** A file holding the password (first line), used when the URL carries none. */
  readonly passwordFile?: string | undefined;
  /** Passed to node-postgres as `ssl` (overrides `sslmode` from the URL). */
  readonly ssl?: boolean | Record<string, unknown> | undefined;
  /** Give up connecting after this many ms. */
  readonly connectTimeoutMs: number;
  /** Environment for PGPASSWORD / PGPASSFILE / HOME. */
  readonly env?: Record<string, string | undefined>;
}

type PgPassLookup = (info: Record<string, unknown>, cb: (pass: string | undefined) => void) => void;

/**
 * The password as libpq finds it: in the URL, else the configured password file, else
 * PGPASSWORD, else PGPASSFILE or ~/.pgpass (via the pgpass module node-postgres ships with).
 */
async function resolvePassword(url: URL, options: PgConnectOptions): Promise<string | undefined> {
  if (url.password) return decodeURIComponent(url.password);
  if (options.passwordFile) {
    const file = isAbsolute(options.passwordFile)
      ? options.passwordFile
      : resolve(options.rootDir, options.passwordFile);
    const text = await readFile(file, 'utf8');
    return text.split(/\r?\n/)[0] ?? '';
  }
  const env = options.env ?? process.env;
  if (env['PGPASSWORD'] !== undefined) return env['PGPASSWORD'];
  const mod = (await import('pgpass' as string)) as { default: PgPassLookup };
  return new Promise((done) =>
    mod.default(
      {
        host: url.hostname || 'localhost',
        port: Number(url.port || 5432),
        database: decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username),
        user: decodeURIComponent(url.username) || env['PGUSER'] || env['USER'],
      },
      (pass) => done(pass),
    ),
  );
}

const HINTS: Record<string, string> = {
  '28P01': 'Check the password in the URL, the password file, PGPASSWORD or ~/.pgpass.',
  '28000': 'The server refused this user/host (pg_hba.conf), or the role does not exist.',
  '3D000': 'Create the database first (createdb), or fix the database name in the URL.',
};

/**
 * node-postgres, imported. On import it asks whether it runs on Cloudflare Workers: without a
 * global `navigator` (Node 20) it builds a fetch `Response` to find out, which loads undici —
 * about 25 ms of CPU on every command that connects. A `navigator` that says Node.js, present only
 * during the import, answers first.
 */
async function importPg(): Promise<typeof pgModule> {
  const global = globalThis as { navigator?: unknown };
  const stub = global.navigator === undefined;
  if (stub)
    Object.defineProperty(globalThis, 'navigator', {
      value: { userAgent: `Node.js/${process.versions.node}` },
      configurable: true,
      writable: true,
    });
  try {
    return (await import('pg')).default;
  } finally {
    if (stub) delete global.navigator;
  }
}

/** Connects with node-postgres; every failure becomes a one-line {@link ConnectionError}. */
export async function openPg(urlText: string, options: PgConnectOptions): Promise<DatabaseClient> {
  const url = new URL(urlText);
  const password = await resolvePassword(url, options).catch((error: unknown) => {
    throw new ConnectionError(
      urlText,
      `cannot read the password file: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  const pg = await importPg();
  // pg lets the connection string's (empty) password win over a `password` option: put the
  // resolved one into the URL it parses.
  const withPassword = new URL(urlText);
  if (password !== undefined) withPassword.password = encodeURIComponent(password);
  const client = new pg.Client({
    connectionString: withPassword.toString(),
    ...(options.ssl === undefined ? {} : { ssl: options.ssl as never }),
    application_name: 'retort',
    connectionTimeoutMillis: options.connectTimeoutMs,
  });
  // An idle client whose server goes away emits 'error'; without a listener node would crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const e = error as { code?: string; message?: string };
    const sqlState = e.code && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
    let reason = e.message ?? String(error);
    if (/timeout/i.test(reason))
      reason = `no answer within ${options.connectTimeoutMs} ms (connect timeout)`;
    if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN')
      reason = `${reason.split('\n')[0]} (is the server running and reachable?)`;
    // node-postgres' words when the server wants a password and none was given.
    const noPassword =
      !password &&
      /client password must be a string|password authentication is required|no password supplied/i.test(
        reason,
      );
    if (noPassword)
      reason = `the server asks for a password and none was given (not in the URL, connection.passwordFile, PGPASSWORD or ~/.pgpass)`;
    await client.end().catch(() => undefined);
    throw new ConnectionError(urlText, reason, {
      ...(sqlState ? { sqlState } : {}),
      ...(sqlState && HINTS[sqlState] ? { hint: HINTS[sqlState] } : {}),
      ...(noPassword
        ? {
            hint: 'Put the password in a file named by connection.passwordFile, in PGPASSWORD, or in ~/.pgpass (avoid writing it into the config).',
          }
        : {}),
      secrets: [password],
    });
  }
  return {
    kind: 'postgres',
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const result = await client.query(sql, params ? [...params] : undefined);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      // Counts the commands that completed, so a failure in a multi-statement text can be placed
      // without running anything again (see UnitBatchError).
      let completed = 0;
      const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
      const onComplete = (): void => {
        completed++;
      };
      connection.on('commandComplete', onComplete);
      try {
        await client.query(sql);
      } catch (error) {
        if (error !== null && typeof error === 'object')
          (error as { completedCommands?: number }).completedCommands = completed;
        throw error;
      } finally {
        connection.off('commandComplete', onComplete);
      }
    },
    async queryBatch(statements: readonly string[]): Promise<Record<string, unknown>[][]> {
      if (statements.length === 0) return [];
      // One text, one round trip; pg gives one result per statement (an array when several).
      const result = (await client.query(statements.join(';\n'))) as unknown as
        { rows: Record<string, unknown>[] } | { rows: Record<string, unknown>[] }[];
      return (Array.isArray(result) ? result : [result]).map((r) => r.rows);
    },
    async serverVersion(): Promise<number> {
      const r = await client.query<{ v: string }>(
        "SELECT current_setting('server_version_num') AS v",
      );
      return Number(r.rows[0]?.v ?? 0);
    },
    async close(): Promise<void> {
      await client.end().catch(() => undefined);
    },
  };
}
