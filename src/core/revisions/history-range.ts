import { RangeNotAncestorError } from './errors.js';
import type { IterateOptions, RevisionGraph } from './revision-graph.js';
import type { Revision } from './revision.js';
import { parseTarget } from './revision-target.js';
import {
  currentIndexes,
  resolveAbsolute,
  resolveBranch,
  symbolStart,
  walk,
} from './target-resolution.js';

/**
 * Revisions of a history range, newest first, as `alembic history -r lower:upper` lists them:
 * `upper` and its ancestors, down to and including `lower` (which must be an ancestor).
 *
 * @example iterateHistory(graph, { lower: 'b', upper: 'heads' }).map((r) => r.id) // ['d1', 'c1', 'd2', 'c2', 'b']
 */
export function iterateHistory(graph: RevisionGraph, options: IterateOptions = {}): Revision[] {
  const current = currentIndexes(graph, options.currentHeads ?? []);
  const upperText = options.upper ?? 'heads';
  const lowerText = options.lower ?? 'base';
  let upper = upperText === 'current' ? current : resolveLenient(graph, upperText, current, true);
  const lowerTarget = parseTarget(lowerText);
  if (lowerTarget.label !== undefined) {
    // `label@base`-style lower ends keep only the upper ends on that branch (Alembic).
    const named = resolveBranch(graph, lowerTarget.label);
    const own =
      graph.at(named).id === lowerTarget.label
        ? graph.branchLabelsOf(graph.at(named).id)
        : [lowerTarget.label];
    upper = upper.filter((u) => own.some((l) => graph.branchLabelsOf(graph.at(u).id).includes(l)));
  }
  const lower = lowerText === 'current' ? current : resolveLenient(graph, lowerText, upper, false);
  const required = graph.closure(upper, graph.downLinks);
  for (const l of lower) {
    if (!required[l]) throw new RangeNotAncestorError(lowerText, upperText);
  }
  const members: number[] = [];
  if (lower.length === 0) {
    for (let i = 0; i < required.length; i++) if (required[i]) members.push(i);
  } else {
    const applied = graph.closure(lower, graph.downLinks);
    const above = graph.closure(lower, graph.childLinks);
    for (let i = 0; i < required.length; i++) {
      if (required[i] && above[i] && (!applied[i] || lower.includes(i))) members.push(i);
    }
  }
  return graph.walkDown(members).map((i) => graph.at(i));
}

/** History ends: relative walks stop at the edge instead of failing (Alembic's history). */
function resolveLenient(
  graph: RevisionGraph,
  text: string,
  current: readonly number[],
  isUpper: boolean,
): number[] {
  const t = parseTarget(text);
  if (t.kind === 'absolute') return resolveAbsolute(graph, t.label, t.symbol);
  if (t.symbol === undefined && t.delta < 0 && !isUpper) {
    // `-3:` means three below each upper end (Alembic walks down from every head).
    const out: number[] = [];
    for (const from of current) {
      const end = walk(graph, from, t.delta, undefined, false);
      if (typeof end === 'number' && !out.includes(end)) out.push(end);
    }
    return out;
  }
  const start =
    t.symbol === undefined
      ? current.length === 1
        ? current[0]!
        : null
      : symbolStart(graph, t.label, t.symbol);
  const end = walk(graph, start, t.delta, t.delta > 0 ? t.label : undefined, false);
  return typeof end === 'number' ? [end] : [];
}
