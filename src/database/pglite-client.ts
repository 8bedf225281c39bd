import type { PGlite as PGliteType } from '@electric-sql/pglite';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { isRetortError } from '../core/errors.js';
import type { DatabaseClient, QueryResult } from './client.js';
import { ConnectionError } from './connection-error.js';
import { acquireDirectoryLock, type DirectoryLock, type LockHolderInfo } from './directory-lock.js';
import {
  installedExtensions,
  loadExtensions,
  recordInstalledExtensions,
} from './pglite-extensions.js';
import {
  createFromPristine,
  isCluster,
  isEmptyDir,
  pristineTarball,
  readPristineTarball,
  writePristineTarball,
} from './pglite-pristine.js';

/**
 * The one PGlite adapter: every embedded database — the project's (`pglite:<dir>`), an in-memory
 * one (`pglite:memory`) and the scratch database of normalisation — is created here, with the
 * same memory settings and extension loading, and wrapped as a {@link DatabaseClient} here.
 */

/** The slice of the PGlite API used here. */
export interface PGliteLike {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * PGlite's start parameters with a 16 MB buffer cache instead of PostgreSQL's 128 MB: measured
 * 300 → 172 MB peak RSS for an open + SELECT 1 + close, with no change in time (1, 4 and 8 MB
 * save nothing more). `initialMemory` below PGlite's 128 MB default fails to link.
 */
const SHARED_BUFFERS = '16MB';

type PGliteClass = typeof PGliteType;

async function pgliteClass(): Promise<PGliteClass> {
  return (await import('@electric-sql/pglite')).PGlite;
}

function startParams(PGlite: PGliteClass): string[] {
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams;
  return [
    ...(defaults ?? ['--single', '-F', '-O', '-j']),
    '-c',
    `shared_buffers=${SHARED_BUFFERS}`,
  ];
}

export interface CreatePgliteOptions {
  /** A directory on disk; absent: in memory. */
  readonly dataDir?: string | undefined;
  /** Extension names to make loadable (`pg_trgm`, `uuid-ossp`, …). */
  readonly extensions?: Iterable<string> | undefined;
  /** A data directory tarball to start from (PGlite's dumpDataDir). */
  readonly loadDataDir?: Blob | undefined;
  /** Names the database in an unavailable-extension message. */
  readonly where?: string | undefined;
}

/**
 * A raw PGlite instance with retort's settings. Prefer {@link openPglite}, which also locks the
 * directory; this is for in-memory databases and the scratch database.
 */
export async function createPglite(
  options: CreatePgliteOptions = {},
): Promise<InstanceType<PGliteClass>> {
  const PGlite = await pgliteClass();
  const extensions = await loadExtensions(options.extensions ?? [], options.where);
  const create = (loadDataDir: Blob | undefined) =>
    PGlite.create({
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      extensions: extensions as never,
      startParams: startParams(PGlite),
      ...(loadDataDir === undefined ? {} : { loadDataDir }),
    });
  if (options.dataDir !== undefined || options.loadDataDir !== undefined)
    return create(options.loadDataDir);
  // In memory: load the pristine cluster from the user cache (~1 s of CPU) instead of initdb
  // (~3 s); the first in-memory database of a PGlite version writes it there.
  const tarball = pristineTarball(await pgliteVersion());
  const pristine = await readPristineTarball(tarball);
  if (pristine) {
    try {
      return await create(pristine);
    } catch {
      // A damaged cache: initdb below, and the tarball is written again.
    }
  }
  const db = await create(undefined);
  await writePristineTarball(tarball, db);
  return db;
}

/** Wraps an open PGlite instance; `onClose` runs after it is closed. */
export function pgliteClient(db: PGliteLike, onClose?: () => Promise<void>): DatabaseClient {
  let closed = false;
  return {
    kind: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await db.query<Row>(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
    async serverVersion(): Promise<number> {
      const r = await db.query<{ v: string }>('SELECT current_setting($1) AS v', [
        'server_version_num',
      ]);
      return Number(r.rows[0]?.v);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        await onClose?.();
      }
    },
  };
}

/** The installed PGlite's version (a data directory only loads in the version that made it). */
export async function pgliteVersion(): Promise<string> {
  const { createRequire } = await import('node:module');
  const { readFile } = await import('node:fs/promises');
  const { dirname, join } = await import('node:path');
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const pkg = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface OpenPgliteOptions {
  /** How long to wait for another process holding the directory (`run.lockWaitMs`). Default 30000. */
  readonly lockWaitMs?: number | undefined;
  /** The command only reads: a busy database is reported as busy. */
  readonly readOnly?: boolean | undefined;
  /** Extensions the project's migrations and declaration create (see projectExtensions). */
  readonly extensions?: readonly string[] | undefined;
  /**
   * When `retort db serve` holds the directory, connect through its socket (default true).
   * `db serve` itself and `restore` pass false.
   */
  readonly allowServed?: boolean | undefined;
  /** A line for the user while something slow happens (creating the database). */
  readonly onNotice?: ((message: string) => void) | undefined;
  /** Called when another process holds the directory and this one starts waiting. */
  readonly onWait?: ((holder: LockHolderInfo) => void) | undefined;
  /**
   * Called when closing, after PGlite closed the directory and before its lock is released
   * (not for `pglite:memory` nor through `db serve`): e.g. to fingerprint the closed directory.
   */
  readonly onClosed?: (() => Promise<void>) | undefined;
}

/** The embedded database's directory for a `pglite:` URL, or undefined for `pglite:memory`. */
export function pgliteDataDir(url: string, rootDir: string): string | undefined {
  const target = url.slice('pglite:'.length);
  if (target === 'memory' || target === '') return undefined;
  return isAbsolute(target) ? target : resolve(rootDir, target);
}

/** A DatabaseClient that also exposes the directory lock it holds (for `db serve`). */
export interface OpenedPglite extends DatabaseClient {
  readonly lock?: DirectoryLock;
  readonly instance?: InstanceType<PGliteClass>;
}

/**
 * Opens the embedded database: `pglite:memory` in memory, `pglite:<dir>` on disk (relative to
 * the project root) under the directory's exclusive lock — or, when `retort db serve` holds it,
 * a connection through its socket. A new directory is copied from the pristine cluster in the
 * user-level cache.
 *
 * @example
 * const db = await openPglite('pglite:./.retort/db', '/app', { lockWaitMs: 30000 });
 */
export async function openPglite(
  url: string,
  rootDir: string,
  options: OpenPgliteOptions = {},
): Promise<OpenedPglite> {
  const dir = pgliteDataDir(url, rootDir);
  if (dir === undefined) {
    const db = await wrapOpenError(url, () =>
      createPglite({ extensions: options.extensions ?? [] }),
    );
    return Object.assign(pgliteClient(db), { instance: db });
  }
  const acquired = await acquireDirectoryLock(dir, {
    waitMs: options.lockWaitMs ?? 30_000,
    readOnly: options.readOnly === true,
    acceptServed: options.allowServed !== false,
    ...(options.onWait ? { onWait: options.onWait } : {}),
  });
  if (acquired.kind === 'served') {
    const { connectServed } = await import('./pglite-served-client.js');
    return connectServed(dir, acquired.holder, options.lockWaitMs ?? 30_000);
  }
  const { lock } = acquired;
  try {
    const shown = relative(rootDir, dir) || dir;
    if (await isEmptyDir(dir)) {
      const PGlite = await pgliteClass();
      const version = await pgliteVersion();
      await wrapOpenError(url, () =>
        createFromPristine(
          dir,
          version,
          async (into) => {
            await mkdir(into, { recursive: true });
            const db = await PGlite.create(into, { startParams: startParams(PGlite) });
            await db.close();
          },
          () =>
            options.onNotice?.(
              `creating the embedded database in ${shown} (first time with this PGlite version: PGlite initialises a cluster, ~10 s; later projects copy it) …`,
            ),
        ),
      );
    } else if (!(await isCluster(dir))) {
      throw new ConnectionError(url, `${shown} exists but is not a PGlite database directory`, {
        hint: `Point databaseUrl at an empty or missing directory, or move ${shown} away.`,
      });
    }
    const wanted = new Set([...(options.extensions ?? []), ...(await installedExtensions(dir))]);
    const db = await wrapOpenError(url, () =>
      createPglite({ dataDir: dir, extensions: wanted, where: `the embedded database ${shown}` }),
    );
    const client = pgliteClient(db, async () => {
      try {
        await options.onClosed?.();
      } finally {
        await lock.release();
      }
    });
    const close = client.close;
    return Object.assign(client, {
      lock,
      instance: db,
      async close(): Promise<void> {
        // Record what is installed, so the next open loads those extensions.
        const r = await db
          .query<{ extname: string }>('SELECT extname FROM pg_extension')
          .catch(() => undefined);
        if (r)
          await recordInstalledExtensions(
            dir,
            r.rows.map((row) => row.extname),
          );
        await close();
      },
    });
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function wrapOpenError<T>(url: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (isRetortError(error)) throw error;
    throw new ConnectionError(url, error instanceof Error ? error.message : String(error), {
      hint: 'The embedded database directory may be damaged; restore it from a backup (`retort restore`) or delete it to start over.',
    });
  }
}
