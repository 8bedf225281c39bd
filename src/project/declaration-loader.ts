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
      const { importCompiledTs } = await import('./config-loader.js');
      const fast = await importCompiledTs(file, 'declaration', declarationBuilders);
      if (fast.ok) {
        loaded = fast.value;
      } else {
        const { importTypeScript } = await import('./import-typescript.js');
        loaded = await importTypeScript(file);
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
  return pickExports(names, modules);
}

/**
 * A CommonJS-style module object with each name taken from the one of `modules` that exports it;
 * throws when a name is exported by none, or with different values by several.
 */
export function pickExports(
  names: readonly string[],
  modules: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { __esModule: true };
  for (const name of names) {
    const values = new Set(modules.filter((m) => name in m).map((m) => m[name]));
    if (values.size !== 1) throw new Error(`retort-pg export ${name} not found once`);
    out[name] = [...values][0];
  }
  return out;
}

/**
 * The value names a module imports from `retort-pg` (type-only imports left out), or undefined
 * when it refers to `retort-pg` in any other way (default or namespace import, re-export,
 * `require`, dynamic import).
 */
export function importedNames(source: string): string[] | undefined {
  const mentions = source.match(/['"`]retort-pg['"`]/g)?.length ?? 0;
  const named = [
    ...source.matchAll(/\bimport\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]retort-pg['"]/g),
  ];
  if (named.length !== mentions) return undefined;
  const names = new Set<string>();
  for (const [, typeOnly, list] of named) {
    if (typeOnly !== undefined) continue;
    for (const part of list!.split(',')) {
      const spec = part.trim();
      if (spec === '' || /^type\s/.test(spec)) continue;
      const name = /^([A-Za-z_$][\w$]*)(?:\s+as\s+[A-Za-z_$][\w$]*)?$/.exec(spec)?.[1];
      if (name === undefined) return undefined;
      names.add(name);
    }
  }
  return [...names];
}
