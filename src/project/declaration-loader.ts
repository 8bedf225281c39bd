import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ResolvedConfig } from '../core/config.js';
import type { SchemaDeclaration } from '../core/declaration/schema-builder.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { importedNames, pickExports } from './package-subset.js';

export { importedNames };

/** The config names no declaration, or it does not load. */
export class DeclarationLoadError extends RetortError {
  constructor(message: string, hint: string, file?: string) {
    super('DECLARATION_LOAD_FAILED', ExitCode.Config, message, { hint, details: { file } });
  }
}

/**
 * Imports the schema declaration file the config's `schema` key names (TypeScript through jiti,
 * `retort` aliased to this package), and checks its default export is a `defineSchema(...)`.
 */
export async function loadDeclaration(config: ResolvedConfig): Promise<SchemaDeclaration> {
  const file = config.schema;
  if (file === undefined) {
    throw new DeclarationLoadError(
      `No schema declaration configured in ${config.configFile ?? 'the project (no config file)'}.`,
      "Add `schema: './schema.ts'` to retort.config.ts, pointing at a file whose default export is defineSchema({...}); `retort pull` can write one from a database.",
    );
  }
  if (!existsSync(file)) {
    throw new DeclarationLoadError(
      `Schema declaration file not found: ${file}`,
      'Check the `schema` path in the config (relative to the config file), or run `retort pull --out <file>`.',
      file,
    );
  }
  let loaded: unknown;
  try {
    if (file.endsWith('.js') || file.endsWith('.mjs')) {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      loaded = mod.default;
    } else {
      const { importCompiledTs } = await import('./config-loader.js');
      const fast = await importCompiledTs(file, 'declaration', declarationBuilders);
      if (fast.ok) {
        loaded = fast.value;
      } else {
        const { createJiti } = await import('jiti');
        const jiti = createJiti(import.meta.url, {
          alias: { 'retort-pg': new URL('../index.js', import.meta.url).pathname },
          moduleCache: false,
        });
        loaded = await jiti.import(file, { default: true });
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DeclarationLoadError(
      `Could not load the schema declaration ${file}: ${message}`,
      'Fix the error in the declaration file.',
      file,
    );
  }
  if (
    loaded === null ||
    typeof loaded !== 'object' ||
    (loaded as { kind?: unknown }).kind !== 'schemaDeclaration'
  ) {
    throw new DeclarationLoadError(
      `The schema declaration ${file} has no default export made by defineSchema({...}).`,
      "End the file with `export default defineSchema({ tables: [...] })` (import it from 'retort-pg').",
      file,
    );
  }
  return loaded as SchemaDeclaration;
}

/**
 * What a declaration imports from `retort-pg`, taken from the declaration builders' own modules
 * (src/core/declaration/*, `sql`, the quoting functions) instead of the whole package: loading
 * the package's entry (the verbs, the fleet, the runner) costs more than the rest of `check`.
 * Throws — and the caller takes the full path — unless every import from `retort-pg` is a named
 * import of a name exactly one of those modules exports.
 */
async function declarationBuilders(source: string): Promise<Record<string, unknown>> {
  const names = importedNames(source);
  if (names === undefined) throw new Error('not only named imports from retort-pg');
  const { readdirSync } = await import('node:fs');
  const dir = new URL('../core/declaration/', import.meta.url);
  const files = readdirSync(dir).filter(
    (f) => (f.endsWith('.js') || f.endsWith('.ts')) && !f.endsWith('.d.ts'),
  );
  const modules: Record<string, unknown>[] = await Promise.all([
    ...files.map(async (f) => (await import(new URL(f, dir).href)) as Record<string, unknown>),
    import('../core/ops/sql-expression.js'),
    import('../core/sql/quote.js'),
  ]);
  const out = pickExports(names, modules);
  if (out === undefined) throw new Error('a retort-pg export not found once');
  return out;
}
