/*
 * A project's TypeScript files (the schema declaration, migrations) import from `retort-pg`.
 * Loading the package's entry for them costs more than what they use (the entry pulls in the
 * verbs, the fleet, the runner) and, run from retort's TypeScript sources, makes jiti transpile
 * and evaluate all of retort for every file. When a file only takes named values from the
 * package, it gets exactly those values from the core modules that define them: the very
 * objects the package re-exports.
 */

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

/**
 * A module object holding `names`, each taken from the one of `modules` that exports it, or
 * undefined when a name is exported by none of them or by several with different values.
 */
export function pickExports(
  names: readonly string[],
  modules: readonly Record<string, unknown>[],
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = { __esModule: true };
  for (const name of names) {
    const values = new Set(modules.filter((m) => name in m).map((m) => m[name]));
    if (values.size !== 1) return undefined;
    out[name] = [...values][0];
  }
  return out;
}
