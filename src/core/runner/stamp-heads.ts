import type { RevisionGraph } from '../revisions/revision-graph.js';

/** Every revision `id` needs (parents and dependencies, transitively). */
function ancestors(graph: RevisionGraph, id: string): Set<string> {
  const out = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const rev = graph.get(stack.pop()!);
    if (!rev) continue;
    for (const p of [...rev.revises, ...rev.dependsOn]) {
      if (!out.has(p)) {
        out.add(p);
        stack.push(p);
      }
    }
  }
  return out;
}

/**
 * The version-table rows after `stamp`: each target replaces the current heads on its own line
 * of history (its ancestors and descendants); heads on other branches stay. With `purge`, only
 * the targets remain.
 *
 * @example
 * stampHeads(graph, ['a1'], ['b2'], false); // ['b2'] when b2 descends from a1
 */
export function stampHeads(
  graph: RevisionGraph,
  current: readonly string[],
  targets: readonly string[],
  purge: boolean,
): string[] {
  if (purge) return [...new Set(targets)].sort();
  const keep = current.filter((head) =>
    targets.every((t) => {
      if (t === head) return false;
      return !ancestors(graph, t).has(head) && !ancestors(graph, head).has(t);
    }),
  );
  return [...new Set([...keep, ...targets])].sort();
}

/** Resolves stamp's arguments: `base` (none), `heads` (all), `head`, ids, prefixes, labels. */
export function resolveStampTargets(graph: RevisionGraph, refs: readonly string[]): string[] {
  return refs.flatMap((ref) => {
    if (ref === 'base') return [];
    if (ref === 'heads') return [...graph.heads];
    return [graph.resolve(ref).id];
  });
}
