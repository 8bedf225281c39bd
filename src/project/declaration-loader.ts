import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ResolvedConfig } from '../core/config.js';
import type { SchemaDeclaration } from '../core/declaration/schema-builder.js';
import { ExitCode, RetortError } from '../core/errors.js';

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
      const { createJiti } = await import('jiti');
      const jiti = createJiti(import.meta.url, {
        alias: { 'retort-pg': new URL('../index.js', import.meta.url).pathname },
        moduleCache: false,
      });
      loaded = await jiti.import(file, { default: true });
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
