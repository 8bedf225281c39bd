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
  options: { extensions?: readonly string[] } = {},
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
  const db = await PGlite.create({ extensions: extensions as never });
  return pgliteClient(db);
}
