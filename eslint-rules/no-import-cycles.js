// @ts-check
/**
 * A local ESLint rule: no import cycles among the project's own modules. Lighter than
 * eslint-plugin-import-x's no-cycle (no resolver, no dependency): relative specifiers only,
 * `.js` mapped to the `.ts` source, `import type` / `export type` ignored (erased at run time),
 * dynamic `import()` counted. Each file's imports are read once per ESLint process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** @type {Map<string, string[]>} */
const edges = new Map();

/** @param {string} from @param {string} spec */
function resolveSpec(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, `${base}/index.ts`]) {
    if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** @param {string} file @param {string} [text] */
function importsOf(file, text) {
  let out = edges.get(file);
  if (out === undefined) {
    const source = text ?? readFileSync(file, 'utf8');
    out = [];
    for (const m of source.matchAll(IMPORT)) {
      const target = resolveSpec(file, m[1] ?? m[2] ?? '');
      if (target) out.push(target);
    }
    edges.set(file, out);
  }
  return out;
}

/** A path of imports from `start` back to `goal`, or undefined. */
function pathBack(start, goal) {
  const seen = new Set();
  /** @type {(file: string, trail: string[]) => string[] | undefined} */
  const walk = (file, trail) => {
    if (file === goal) return trail;
    if (seen.has(file)) return undefined;
    seen.add(file);
    for (const next of importsOf(file)) {
      const found = walk(next, [...trail, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between the project’s modules.' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    edges.delete(file);
    const direct = importsOf(file, context.sourceCode.text);
    return {
      Program(node) {
        for (const target of direct) {
          const cycle = pathBack(target, file);
          if (cycle) {
            const rel = (/** @type {string} */ p) => p.slice(p.indexOf('/src/') + 1);
            context.report({
              node,
              message: `Import cycle: ${[file, ...cycle].map(rel).join(' → ')}. Move the shared part to a module both can import.`,
            });
            return;
          }
        }
      },
    };
  },
};
