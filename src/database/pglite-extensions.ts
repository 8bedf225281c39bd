import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, RetortError } from '../core/errors.js';

/**
 * PGlite's contrib extensions. PGlite can only load an extension's files when the database is
 * opened, so the embedded database is opened with the ones the project uses: those its
 * migrations and declaration create (scanned as text, cheap) plus those already installed in the
 * database (recorded in `<dir>/retort-extensions.json` each time it is closed). Loading all 35
 * every time costs 0.6–3 s and ~100 MB per command, and two of them rewrite
 * shared_preload_libraries, after which the directory no longer opens without them.
 */

/** Extension name → PGlite contrib module (`@electric-sql/pglite/contrib/<module>`). */
const modules: Record<string, string> = {
  'uuid-ossp': 'uuid_ossp',
};

/** Built in to PGlite's PostgreSQL: nothing to load. */
const builtIn = new Set(['plpgsql']);

/** Need shared_preload_libraries: loading them makes the directory unopenable without them. */
const preload = new Set(['auto_explain', 'pg_stat_statements']);

/** An extension the embedded database cannot provide. */
export class ExtensionUnavailableError extends RetortError {
  constructor(name: string, where: string, available: readonly string[]) {
    super(
      'EXTENSION_UNAVAILABLE',
      ExitCode.Config,
      `Extension ${name} is not available in ${where} (PGlite ships: ${available.join(', ')}).`,
      {
        hint: `Run against a PostgreSQL server that has ${name}: set DATABASE_URL=postgres://… (or databaseUrl in retort.config.ts).`,
        details: { extension: name, available },
      },
    );
  }
}

/** The contrib extensions the installed PGlite ships, by extension name. */
export async function availableExtensions(): Promise<string[]> {
  const { createRequire } = await import('node:module');
  const { dirname } = await import('node:path');
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const files = await readdir(join(dirname(entry), 'contrib'));
    const names = files
      .filter((f) => f.endsWith('.js'))
      .map((f) => f.slice(0, -3))
      .map((m) => Object.entries(modules).find(([, mod]) => mod === m)?.[0] ?? m)
      .filter((n) => !preload.has(n));
    return names.sort();
  } catch {
    return [];
  }
}

/**
 * PGlite's extension objects for the given names (plpgsql and duplicates skipped).
 * `where` names the database in the error message.
 */
export async function loadExtensions(
  names: Iterable<string>,
  where = 'the embedded PGlite database',
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of new Set(names)) {
    if (builtIn.has(name)) continue;
    const module = modules[name] ?? name;
    if (preload.has(name) || !/^[a-z0-9_]+$/.test(module))
      throw new ExtensionUnavailableError(name, where, await availableExtensions());
    try {
      const loaded = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<
        string,
        unknown
      >;
      if (loaded[module] === undefined) throw new Error('missing export');
      out[module] = loaded[module];
    } catch {
      throw new ExtensionUnavailableError(name, where, await availableExtensions());
    }
  }
  return out;
}

const createExtension = /CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"([^"]+)"|([\w-]+))/gi;
const opCreateExtension = /createExtension\(\s*['"`]([\w-]+)['"`]/g;
const declared = /extensions\s*:\s*\[([^\]]*)\]/g;

/** Extension names a text creates: SQL `CREATE EXTENSION`, `op.createExtension`, `extensions: [...]`. */
export function extensionsIn(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(createExtension)) names.push((m[1] ?? m[2] ?? '').toLowerCase());
  for (const m of text.matchAll(opCreateExtension)) names.push(m[1] ?? '');
  for (const m of text.matchAll(declared))
    for (const q of (m[1] ?? '').matchAll(/['"`]([\w-]+)['"`]/g)) names.push(q[1] ?? '');
  return names.filter((n) => n.length > 0);
}

/** The extensions a project's migrations and declaration create. Unreadable files are skipped. */
export async function projectExtensions(
  migrationsDir: string,
  schemaFile?: string,
): Promise<string[]> {
  const names = new Set<string>();
  const files = await readdir(migrationsDir, { recursive: true }).catch(() => [] as string[]);
  const texts = await Promise.all(
    [
      ...files.filter((f) => /\.(?:[cm]?[jt]s|sql)$/.test(f)).map((f) => join(migrationsDir, f)),
      ...(schemaFile === undefined ? [] : [schemaFile]),
    ].map((f) => readFile(f, 'utf8').catch(() => '')),
  );
  for (const text of texts) {
    if (!/extension/i.test(text)) continue;
    for (const name of extensionsIn(text)) names.add(name);
  }
  return [...names];
}

const SIDECAR = 'retort-extensions.json';

/** The extensions recorded as installed in a database directory. */
export async function installedExtensions(dataDir: string): Promise<string[]> {
  try {
    const value = JSON.parse(await readFile(join(dataDir, SIDECAR), 'utf8')) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Records the installed extensions next to the data (best effort). */
export async function recordInstalledExtensions(
  dataDir: string,
  names: readonly string[],
): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(dataDir, SIDECAR), JSON.stringify([...names].sort())).catch(() => undefined);
}
