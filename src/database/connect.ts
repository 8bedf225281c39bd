import type { ResolvedConfig } from '../core/config.js';
import type { DatabaseClient } from './client.js';
import {
  postgresUrlProblem,
  UnknownDatabaseUrlError,
  type DatabaseUrlSource,
} from './connection-error.js';

/** How to reach the database; every field but `url` has a default. */
export interface ConnectOptions {
  readonly url: string;
  /** Project root: `pglite:./dir` and a relative password file resolve against it. */
  readonly rootDir: string;
  readonly passwordFile?: string | undefined;
  readonly ssl?: boolean | Record<string, unknown> | undefined;
  /** Default 10000. */
  readonly connectTimeoutMs?: number | undefined;
  readonly env?: Record<string, string | undefined>;
  /** Embedded database: how long to wait for another process holding it. Default 30000. */
  readonly lockWaitMs?: number | undefined;
  /** Embedded database: the command only reads (a busy database is reported as busy). */
  readonly readOnly?: boolean | undefined;
  /** Embedded database: extensions to make loadable. */
  readonly extensions?: readonly string[] | undefined;
  /** Embedded database: connect through `retort db serve` when it holds it. Default true. */
  readonly allowServed?: boolean | undefined;
  /** Where `url` came from (DATABASE_URL or the config), for error messages. */
  readonly urlSource?: DatabaseUrlSource | undefined;
  /** Embedded database on disk: called after PGlite closed it, before its lock is released. */
  readonly onClosed?: (() => Promise<void>) | undefined;
}

/**
 * Opens a {@link DatabaseClient} for a URL, importing the driver only now so commands that need
 * no database never load pg or PGlite.
 *
 * @example
 * const db = await connect({ url: 'pglite:memory', rootDir: process.cwd() });
 * await db.query('SELECT 1');
 * await db.close();
 */
export async function connect(options: ConnectOptions): Promise<DatabaseClient> {
  const { url } = options;
  if (url.startsWith('pglite:')) {
    const { openPglite } = await import('./pglite-client.js');
    return openPglite(url, options.rootDir, {
      lockWaitMs: options.lockWaitMs,
      readOnly: options.readOnly,
      extensions: options.extensions,
      allowServed: options.allowServed,
      onClosed: options.onClosed,
      // The database layer prints nothing else; this one line explains a long first silence.
      onNotice: (message) => process.stderr.write(`${message}\n`),
    });
  }
  if (/^postgres(?:ql)?:\/\//i.test(url)) {
    const problem = postgresUrlProblem(url);
    if (problem !== undefined) throw new UnknownDatabaseUrlError(url, options.urlSource, problem);
    const { openPg } = await import('./pg-client.js');
    return openPg(url, {
      rootDir: options.rootDir,
      passwordFile: options.passwordFile,
      ssl: options.ssl,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      ...(options.env ? { env: options.env } : {}),
    });
  }
  throw new UnknownDatabaseUrlError(url, options.urlSource);
}

/**
 * {@link connect} with the project's config. On the embedded database the directory lock waits
 * `run.lockWaitMs`, and the extensions the migrations and declaration create are made loadable.
 */
export async function connectWithConfig(
  config: ResolvedConfig,
  options: {
    readOnly?: boolean;
    allowServed?: boolean;
    /** More extensions to make loadable (e.g. those a dump being restored creates). */
    extensions?: readonly string[];
    /** Embedded database on disk: called after PGlite closed it, before its lock is released. */
    onClosed?: () => Promise<void>;
  } = {},
): Promise<DatabaseClient> {
  const embedded = config.databaseUrl.startsWith('pglite:');
  const extensions = embedded
    ? [
        ...(await (
          await import('./pglite-extensions.js')
        ).projectExtensions(config.migrationsDir, config.schema)),
        ...(options.extensions ?? []),
      ]
    : undefined;
  return connect({
    url: config.databaseUrl,
    rootDir: config.rootDir,
    passwordFile: config.connection.passwordFile,
    ssl: config.connection.ssl,
    connectTimeoutMs: config.connection.connectTimeoutMs,
    lockWaitMs: config.run.lockWaitMs,
    readOnly: options.readOnly,
    extensions,
    allowServed: options.allowServed,
    urlSource: config.databaseUrlSource,
    onClosed: options.onClosed,
  });
}
