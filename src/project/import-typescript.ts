import { fileURLToPath } from 'node:url';

/** The package's entry (src/index.ts in tests, dist/index.js installed): what 'retort-pg' names. */
const RETORT_ENTRY = new URL('../index.js', import.meta.url);

type Jiti = { import(id: string, opts: { default: true }): Promise<unknown> };
let jiti: Promise<Jiti> | undefined;

/**
 * Imports a TypeScript module of the user's (a revision file, or a config or declaration the
 * compiled fast path does not take) through jiti, fresh on every call (no module cache): a file
 * edited between two calls in one process is read again. Its `import … from 'retort-pg'` gets the
 * running retort's own entry module (one instance, loaded once), not a copy resolved, transformed
 * and evaluated again for every file: from the TypeScript sources (tests) that copy cost 2–3 s of
 * CPU per file. The entry re-exports the modules that call this one, so it is imported by URL at
 * call time, when all are loaded (a static import would be a cycle). The alias serves subpaths.
 */
export async function importTypeScript(file: string): Promise<unknown> {
  jiti ??= (async () => {
    const [{ createJiti }, retort] = await Promise.all([
      import('jiti'),
      import(RETORT_ENTRY.href) as Promise<Record<string, unknown>>,
    ]);
    return createJiti(import.meta.url, {
      alias: { 'retort-pg': fileURLToPath(RETORT_ENTRY) },
      virtualModules: { 'retort-pg': retort },
      moduleCache: false,
    }) as Jiti;
  })();
  return (await jiti).import(file, { default: true });
}
