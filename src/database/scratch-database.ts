import { ExitCode, RetortError } from '../core/errors.js';
import type { DatabaseClient } from './client.js';
import { pgliteVersion } from './pglite-client.js';
import { ExtensionUnavailableError, loadExtensions } from './pglite-extensions.js';

/** An extension the scratch database cannot load. */
export class ScratchExtensionError extends RetortError {
  constructor(name: string) {
    super(
      'SCRATCH_EXTENSION_UNAVAILABLE',
      ExitCode.Config,
      `Extension ${name} is not available in the embedded PGlite used to normalise the schema.`,
      {
        hint: 'Use --from-db to compare against a PostgreSQL server that has it, or remove it from the declaration.',
        details: { extension: name },
      },
    );
  }
}

/**
 * Opens an empty in-memory PGlite with the given extensions loadable — the scratch database of
 * normalisation and of replaying migrations. Created by the one PGlite adapter
 * (src/database/pglite-client.ts), so it has the same settings and extensions as the project's.
 *
 * @example
 * const scratch = await openScratchDatabase({ extensions: ['pgcrypto'] });
 */
export async function openScratchDatabase(
  options: {
    extensions?: readonly string[];
    /**
     * Directory caching a pristine data directory (`<root>/.retort/cache`): loading it skips
     * initdb, the bulk of a scratch database's start-up.
     */
    cacheDir?: string | undefined;
  } = {},
): Promise<DatabaseClient> {
  const { createPglite, pgliteClient } = await import('./pglite-client.js');
  const extensions = options.extensions ?? [];
  const where = 'the embedded PGlite used to normalise the schema';
  try {
    await loadExtensions(extensions, where);
  } catch (error) {
    if (error instanceof ExtensionUnavailableError)
      throw new ScratchExtensionError(String(error.details?.['extension']));
    throw error;
  }
  const cached = options.cacheDir === undefined ? undefined : await readPristine(options.cacheDir);
  if (cached) {
    try {
      const db = await createPglite({ extensions, loadDataDir: cached, where });
      return Object.assign(pgliteClient(db), { instance: db });
    } catch {
      // A damaged or incompatible cache: fall through to initdb and rewrite it.
    }
  }
  const db = await createPglite({ extensions, where });
  if (options.cacheDir !== undefined) await writePristine(options.cacheDir, db);
  return Object.assign(pgliteClient(db), { instance: db });
}

/** A scratch PGlite whose data directory can be saved, e.g. to resume a replay later. */
export interface ScratchPglite {
  readonly client: DatabaseClient;
  /** The data directory as an uncompressed tarball (PGlite's dumpDataDir). */
  dump(): Promise<Blob>;
}

/**
 * {@link openScratchDatabase} starting from a saved data directory (`snapshot`, made by
 * {@link ScratchPglite.dump} with the same extensions and PGlite version), or from the pristine
 * cluster when absent.
 */
export async function openScratchPglite(options: {
  extensions: readonly string[];
  cacheDir?: string | undefined;
  snapshot?: Blob | undefined;
}): Promise<ScratchPglite> {
  if (options.snapshot === undefined) {
    const client = await openScratchDatabase(options);
    return { client, dump: () => dumpOf(client) };
  }
  const { createPglite, pgliteClient } = await import('./pglite-client.js');
  try {
    await loadExtensions(options.extensions, 'the embedded PGlite used to replay the migrations');
  } catch (error) {
    if (error instanceof ExtensionUnavailableError)
      throw new ScratchExtensionError(String(error.details?.['extension']));
    throw error;
  }
  const db = await createPglite({
    extensions: options.extensions,
    loadDataDir: options.snapshot,
    where: 'the embedded PGlite used to replay the migrations',
  });
  const client = Object.assign(pgliteClient(db), { instance: db });
  return { client, dump: () => dumpOf(client) };
}

async function dumpOf(client: DatabaseClient): Promise<Blob> {
  const instance = (client as { instance?: { dumpDataDir(c?: 'none'): Promise<Blob> } }).instance;
  if (instance === undefined) throw new Error('not a PGlite scratch database');
  return instance.dumpDataDir('none');
}

const PRISTINE = 'pglite-pristine.tar';

export { pgliteVersion } from './pglite-client.js';

async function pristinePath(cacheDir: string): Promise<string> {
  const { join } = await import('node:path');
  return join(cacheDir, `${await pgliteVersion()}-${PRISTINE}`);
}

async function readPristine(cacheDir: string): Promise<Blob | undefined> {
  const { readPristineTarball } = await import('./pglite-pristine.js');
  return readPristineTarball(await pristinePath(cacheDir));
}

/** Saves the fresh data directory (before anything ran in it), atomically. Best effort. */
async function writePristine(
  cacheDir: string,
  db: { dumpDataDir(compression?: 'none'): Promise<Blob> },
): Promise<void> {
  const { writePristineTarball } = await import('./pglite-pristine.js');
  await writePristineTarball(await pristinePath(cacheDir), db);
}
