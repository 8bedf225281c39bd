import { relative } from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { openPglite, pgliteDataDir } from '../database/pglite-client.js';
import { servePglite } from '../database/pglite-serve.js';

export interface ServeOptions {
  readonly config: ResolvedConfig;
  /** Loopback port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Resolves when the server should stop (Ctrl-C). */
  readonly until: Promise<unknown>;
  /** Called once the server listens. */
  readonly onReady?: (info: ServeInfo) => void;
}

export interface ServeInfo {
  readonly database: string;
  readonly url: string;
  readonly host: string;
  readonly port: number;
}

/**
 * `retort db serve`: opens the embedded database (taking its directory lock for as long as it
 * runs), serves it on the PostgreSQL wire protocol on loopback, and records the port in the lock
 * file so other retort commands connect through it.
 *
 * @example
 * await serve({ config, port: 5433, until: once(process, 'SIGINT') });
 */
export async function serve(options: ServeOptions): Promise<ServeInfo> {
  const { config } = options;
  const dir = config.databaseUrl.startsWith('pglite:')
    ? pgliteDataDir(config.databaseUrl, config.rootDir)
    : undefined;
  if (dir === undefined) {
    throw new RetortError(
      'SERVE_NOT_EMBEDDED',
      ExitCode.Usage,
      `retort db serve serves the embedded database on disk; the database URL is ${config.databaseUrl.startsWith('pglite:') ? config.databaseUrl : 'a PostgreSQL server'}.`,
      {
        hint: 'Use databaseUrl: pglite:./.retort/db (the default), or connect to your server directly.',
      },
    );
  }
  const { projectExtensions } = await import('../database/pglite-extensions.js');
  const db = await openPglite(config.databaseUrl, config.rootDir, {
    lockWaitMs: config.run.lockWaitMs,
    allowServed: false,
    extensions: await projectExtensions(config.migrationsDir, config.schema),
    onNotice: (m) => process.stderr.write(`${m}\n`),
  });
  try {
    const instance = db.instance;
    if (!instance || !db.lock) throw new Error('openPglite returned no instance');
    let served;
    try {
      served = await servePglite(instance, { port: options.port ?? 0 });
    } catch (error) {
      throw new RetortError(
        'SERVE_PORT_IN_USE',
        ExitCode.Usage,
        `Cannot listen on 127.0.0.1:${options.port ?? 0}: ${error instanceof Error ? error.message : String(error)}`,
        { hint: 'Choose another --port, or omit it to take a free one.' },
      );
    }
    await db.lock.update({ port: served.port, host: served.host });
    const info: ServeInfo = {
      database: relative(config.rootDir, dir) || dir,
      url: `postgres://postgres@${served.host}:${served.port}/postgres`,
      host: served.host,
      port: served.port,
    };
    options.onReady?.(info);
    await options.until;
    await served.close();
    return info;
  } finally {
    await db.close();
  }
}
