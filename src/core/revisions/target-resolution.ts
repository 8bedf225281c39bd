import {
  AmbiguousRevisionError,
  AmbiguousWalkError,
  BranchNotFoundError,
  MultipleHeadsError,
  RelativeOutOfRangeError,
  RevisionNotFoundError,
  RevisionNotInBranchError,
  UnknownCurrentRevisionError,
} from './errors.js';
import type { RevisionGraph } from './revision-graph.js';

/**
 * Target resolution with Alembic's rules (revision.py `get_revisions`, `_walk`,
 * `_parse_upgrade_target`, `_resolve_branch`), on revision indexes of a {@link RevisionGraph}.
 * The graph's public `resolve`/`resolveTargets` and the plan functions build on these.
 */

/** A walk result: a revision index, `'base'` (walked below every base), or undefined (overwalk). */
export type WalkEnd = number | 'base' | undefined;

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Indexes of version-table rows, each checked to exist. */
export function currentIndexes(graph: RevisionGraph, currentHeads: readonly string[]): number[] {
  const out: number[] = [];
  for (const id of currentHeads) {
    const i = graph.idIndex(id);
    if (i === undefined) throw new UnknownCurrentRevisionError(id);
    if (!out.includes(i)) out.push(i);
  }
  return out;
}

/** Alembic's `get_revisions` for one absolute target; [] means base. */
export function resolveAbsolute(
  graph: RevisionGraph,
  label: string | undefined,
  symbol: string,
): number[] {
  if (symbol === 'heads') {
    return label === undefined
      ? graph.indexesOf(graph.realHeads)
      : inLineage(graph, graph.indexesOf(graph.heads), label);
  }
  if (symbol === 'head') {
    const hs =
      label === undefined
        ? graph.indexesOf(graph.heads)
        : inLineage(graph, graph.indexesOf(graph.heads), label);
    if (hs.length > 1)
      throw new MultipleHeadsError(graph.idsOf(hs), label === undefined ? 'head' : `${label}@head`);
    return hs;
  }
  if (symbol === 'base') return [];
  return [revisionForIdent(graph, symbol, label)];
}

/** Alembic's `_parse_upgrade_target` for a relative target. */
export function resolveRelative(
  graph: RevisionGraph,
  label: string | undefined,
  symbol: string | undefined,
  delta: number,
  relative: string,
  current: readonly number[],
): number[] {
  if (delta > 0) {
    if (symbol === undefined) {
      const start = relativeStart(graph, label, current);
      if (start.length > 1)
        throw new MultipleHeadsError(
          graph.idsOf(start as number[]),
          `${label === undefined ? '' : `${label}@`}${relative}`,
        );
      const end = walk(graph, start[0] ?? null, delta, label, true);
      if (typeof end !== 'number') throw new RelativeOutOfRangeError(relative, true);
      return [end];
    }
    const end = walk(graph, symbolStart(graph, undefined, symbol), delta, label, true);
    if (typeof end !== 'number') throw new RelativeOutOfRangeError(relative, false);
    return [end];
  }
  if (symbol === undefined) {
    if (current.length === 0) throw new RelativeOutOfRangeError(relative, true);
    const from = downgradeRelativeStart(graph, label, current, relative);
    const end = walk(graph, from, delta, undefined, true);
    if (end === undefined) throw new RelativeOutOfRangeError(relative, true);
    return end === 'base' ? [] : [end];
  }
  const end = walk(graph, symbolStart(graph, label, symbol), delta, undefined, true);
  if (end === undefined) throw new RelativeOutOfRangeError(relative, false);
  return end === 'base' ? [] : [end];
}

/** Where `+N` without a symbol starts: the current head on `label`'s line (Alembic's rules). */
function relativeStart(
  graph: RevisionGraph,
  label: string | undefined,
  current: readonly number[],
): (number | null)[] {
  if (current.length === 0) return [null];
  if (label === undefined) return [...current];
  const onBranch = inLineage(graph, current, label);
  if (onBranch.length > 0) return onBranch;
  // The branch is not a current head: start from the tips of its applied part.
  const applied = graph.closure(current, graph.downLinks);
  const lineage = lineageMask(graph, resolveBranch(graph, label), false);
  const active: number[] = [];
  for (let i = 0; i < applied.length; i++) if (applied[i] && lineage[i]) active.push(i);
  const below = new Set<number>();
  for (const i of active) for (const d of graph.downLinks[i]!) below.add(d);
  const tips = active.filter((i) => !below.has(i));
  return tips.length > 0 ? tips : [null];
}

/** The revision `-N` (without symbol) walks down from; errors on several heads. */
export function downgradeRelativeStart(
  graph: RevisionGraph,
  label: string | undefined,
  current: readonly number[],
  relative: string,
): number {
  if (label === undefined) {
    if (current.length > 1) throw new MultipleHeadsError(graph.idsOf(current), relative);
    return current[0]!;
  }
  let onBranch = inLineage(graph, current, label);
  if (onBranch.length === 0) {
    // Other branches may hang off this one through dependencies: look at every applied tip.
    const applied = graph.closure(current, graph.downLinks);
    const all: number[] = [];
    for (let i = 0; i < applied.length; i++) if (applied[i]) all.push(i);
    const tips = all.filter((i) => !graph.childLinks[i]!.some((c) => applied[c]));
    onBranch = inLineage(graph, tips, label);
  }
  if (onBranch.length !== 1) {
    if (onBranch.length === 0) throw new RelativeOutOfRangeError(relative, true);
    throw new MultipleHeadsError(graph.idsOf(onBranch), `${label}@${relative}`);
  }
  return onBranch[0]!;
}

/** Start of `<symbol>±N`: a revision, or null for `base` (walks up from the bases). */
export function symbolStart(
  graph: RevisionGraph,
  label: string | undefined,
  symbol: string,
): number | null {
  const found = resolveAbsolute(graph, label, symbol);
  if (found.length > 1) throw new MultipleHeadsError(graph.idsOf(found), symbol);
  return found[0] ?? null;
}

/**
 * Alembic's `_walk`: `steps` up (through children, filtered to `label`'s line) or down
 * (through parents). `null` starts below everything: up from the bases, down from the heads.
 * A branch or merge on the way is an AmbiguousWalkError. Past the end: undefined when
 * `noOverwalk`, else the last revision reached.
 * @internal
 */
export function walk(
  graph: RevisionGraph,
  start: number | null | 'base',
  steps: number,
  label: string | undefined,
  noOverwalk: boolean,
): WalkEnd {
  let at: number | null | 'base' = start;
  const lineage =
    label === undefined ? undefined : lineageMask(graph, resolveBranch(graph, label), false);
  for (let k = 0; k < Math.abs(steps); k++) {
    let next: (number | 'base')[];
    if (steps > 0) {
      const up =
        at === null || at === 'base' ? graph.indexesOf(graph.bases) : graph.childLinks[at]!;
      next = lineage === undefined ? [...up] : up.filter((i) => lineage[i]);
    } else if (at === 'base') {
      next = [];
    } else {
      const down = at === null ? graph.indexesOf(graph.heads) : graph.parentLinks[at]!;
      next = down.length === 0 ? ['base'] : [...down];
    }
    if (next.length === 0) return noOverwalk ? undefined : (at ?? undefined);
    if (next.length > 1) {
      const from = at === null || at === 'base' ? 'base' : graph.at(at).id;
      throw new AmbiguousWalkError(
        from,
        next.map((i) => (i === 'base' ? 'base' : graph.at(i).id)),
        steps > 0 ? 'up' : 'down',
      );
    }
    at = next[0]!;
  }
  return at ?? 'base';
}

/** Alembic's `_revision_for_ident`: id, label, or prefix; checked against `label`'s line. */
function revisionForIdent(graph: RevisionGraph, symbol: string, label: string | undefined): number {
  const branch = label === undefined ? undefined : resolveBranch(graph, label);
  let found = graph.idIndex(symbol) ?? graph.labelIndex(symbol);
  if (found === undefined) {
    // Alembic matches prefixes against ids longer than three characters.
    let candidates = graph.prefixMatches(symbol);
    if (branch !== undefined && candidates.length > 1) {
      const lineage = lineageMask(graph, branch, false);
      candidates = candidates.filter((i) => lineage[i]);
    }
    if (candidates.length === 0) {
      const short =
        symbol.length < 4
          ? '; please ensure at least four characters are present for partial revision identifier matches'
          : '';
      throw new RevisionNotFoundError(symbol, `No such revision or branch '${symbol}'${short}`);
    }
    if (candidates.length > 1) {
      const list = candidates.map((i) => graph.at(i)).sort((a, b) => byId(a.id, b.id));
      throw new AmbiguousRevisionError(symbol, list);
    }
    found = candidates[0]!;
  }
  if (branch !== undefined && label !== undefined && !lineageMask(graph, branch, false)[found]) {
    throw new RevisionNotInBranchError(graph.at(found).id, label);
  }
  return found;
}

/** Alembic's `_resolve_branch`: a label, else any revision reference. */
export function resolveBranch(graph: RevisionGraph, label: string): number {
  const i = graph.labelIndex(label) ?? graph.idIndex(label);
  if (i !== undefined) return i;
  try {
    return revisionForIdent(graph, label, undefined);
  } catch (error) {
    if (error instanceof RevisionNotFoundError) throw new BranchNotFoundError(label);
    throw error;
  }
}

/**
 * `indexes` that share a line (ancestor or descendant) with `label`; dependencies count only
 * with `includeDependencies` (stamp's rule).
 */
export function inLineage(
  graph: RevisionGraph,
  indexes: readonly number[],
  label: string,
  includeDependencies = false,
): number[] {
  const mask = lineageMask(graph, resolveBranch(graph, label), includeDependencies);
  return indexes.filter((i) => mask[i]);
}

/** Ancestors and descendants of `i`, itself included. */
export function lineageMask(
  graph: RevisionGraph,
  i: number,
  includeDependencies: boolean,
): Uint8Array {
  const up = graph.closure([i], includeDependencies ? graph.upLinks : graph.childLinks);
  const down = graph.closure([i], includeDependencies ? graph.downLinks : graph.parentLinks);
  for (let k = 0; k < up.length; k++) up[k] = up[k]! | down[k]!;
  return up;
}
