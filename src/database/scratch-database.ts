import { ExitCode, RetortError } from '../core/errors.js';
import type { DatabaseClient } from './client.js';
import { pgliteClient } from './pglite-instance-client.js';

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

/** PGlite's contrib modules, by extension name. */
const contribModules: Record<string, string> = {
  'uuid-ossp': 'uuid_ossp',
};

/**
 * Opens an empty in-memory PGlite with the given extensions loadable — the scratch database of
 * normalisation and of replaying migrations.
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
  const { PGlite } = await import('@electric-sql/pglite');
  const extensions: Record<string, unknown> = {};
  for (const name of options.extensions ?? []) {
    if (name === 'plpgsql') continue;
    const module = contribModules[name] ?? name;
    if (!/^[a-z_]+$/.test(module)) throw new ScratchExtensionError(name);
    try {
      const loaded = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<
        string,
        unknown
      >;
      extensions[module] = loaded[module];
    } catch {
      throw new ScratchExtensionError(name);
    }
  }
  const cached = options.cacheDir === undefined ? undefined : await readPristine(options.cacheDir);
  if (cached) {
    try {
      const db = await PGlite.create({ extensions: extensions as never, loadDataDir: cached });
      return pgliteClient(db);
    } catch {
      // A damaged or incompatible cache: fall through to initdb and rewrite it.
    }
  }
  const db = await PGlite.create({ extensions: extensions as never });
  if (options.cacheDir !== undefined) await writePristine(options.cacheDir, db);
  return pgliteClient(db);
}

const PRISTINE = 'pglite-pristine.tar';

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

async function pristinePath(cacheDir: string): Promise<string> {
  const { join } = await import('node:path');
  return join(cacheDir, `${await pgliteVersion()}-${PRISTINE}`);
}

async function readPristine(cacheDir: string): Promise<Blob | undefined> {
  const { readFile } = await import('node:fs/promises');
  try {
    return new Blob([await readFile(await pristinePath(cacheDir))]);
  } catch {
    return undefined;
  }
}

/** Saves the fresh data directory (before anything ran in it), atomically. Best effort. */
async function writePristine(
  cacheDir: string,
  db: { dumpDataDir(compression?: 'none'): Promise<Blob> },
): Promise<void> {
  const { mkdir, rename, writeFile } = await import('node:fs/promises');
  try {
    await mkdir(cacheDir, { recursive: true });
    const path = await pristinePath(cacheDir);
    const blob = await db.dumpDataDir('none');
    const temp = `${path}.${Date.now()}.tmp`;
    await writeFile(temp, new Uint8Array(await blob.arrayBuffer()));
    await rename(temp, path);
  } catch {
    // A read-only project directory only costs speed.
  }
}
