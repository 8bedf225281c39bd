import {
  InvalidDowngradeTargetError,
  MultipleHeadsError,
  RelativeOutOfRangeError,
} from './errors.js';
import type { RevisionGraph } from './revision-graph.js';
import type { Revision } from './revision.js';
import { parseTarget } from './revision-target.js';
import {
  currentIndexes,
  downgradeRelativeStart,
  inLineage,
  lineageMask,
  resolveAbsolute,
  resolveBranch,
  resolveRelative,
  walk,
} from './target-resolution.js';
import { VersionRows } from './version-rows.js';

/** One step of an upgrade or downgrade: apply or revert one revision. */
export interface PlanStep {
  readonly revision: Revision;
  readonly direction: 'up' | 'down';
  /**
   * Rows of the version table before and after this step (Alembic's semantics: one row per
   * current head; applying a merge replaces its parents' rows by one; a dependency's row is
   * removed when a revision depending on it takes over as a head). The runner deletes
   * `headsBefore − headsAfter` and inserts `headsAfter − headsBefore`, in the step's transaction.
   * Both are sorted by id.
   */
  readonly headsBefore: readonly string[];
  readonly headsAfter: readonly string[];
}

function steps(
  graph: RevisionGraph,
  current: readonly number[],
  order: readonly number[],
  direction: 'up' | 'down',
): PlanStep[] {
  const rows = new VersionRows(graph, current);
  const out: PlanStep[] = [];
  let before = rows.ids();
  for (const i of order) {
    if (direction === 'up') rows.up(i);
    else rows.down(i);
    const after = rows.ids();
    out.push({ revision: graph.at(i), direction, headsBefore: before, headsAfter: after });
    before = after;
  }
  return out;
}

/** Alembic's `_parse_upgrade_target`: the revisions an upgrade must reach ([] for base). */
function upgradeTargets(
  graph: RevisionGraph,
  current: readonly number[],
  target: string,
): number[] {
  const t = parseTarget(target);
  if (t.kind === 'absolute') return resolveAbsolute(graph, t.label, t.symbol);
  if (t.delta <= 0 && t.symbol === undefined) {
    // Upgrading to "current - n" is not an upgrade.
    throw new RelativeOutOfRangeError(t.relative, true, t.delta < 0 ? 'upgrade' : undefined);
  }
  return resolveRelative(graph, t.label, t.symbol, t.delta, t.relative, current);
}

/**
 * Steps to upgrade from `currentHeads` (the version table rows; [] for an empty database) to
 * `target`: every revision the target needs and the database lacks, once, parents and
 * dependencies first, branch by branch (Alembic's order). Targets (Alembic syntax): `head`
 * (MultipleHeadsError when several), `heads`, a full id, a unique prefix, a branch label,
 * `<label>@head`, `+N` from the current heads, `<label>@+N`, `<rev>+N`, `<rev>-N`. A target
 * already applied gives no steps.
 *
 * @example
 * planUpgrade(graph, [], 'heads').map((s) => s.revision.id); // ['a', 'b', 'c2', 'd2', 'c1', 'd1']
 * planUpgrade(graph, ['a'], '+1')[0]!.headsAfter;           // ['b']
 */
export function planUpgrade(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  target: string,
): PlanStep[] {
  const current = currentIndexes(graph, currentHeads);
  const targets = upgradeTargets(graph, current, target);
  const required = graph.closure(targets, graph.downLinks);
  const applied = graph.closure(current, graph.downLinks);
  const needs: number[] = [];
  for (let i = 0; i < required.length; i++) if (required[i] && !applied[i]) needs.push(i);
  const order = graph.walkDown(needs).reverse();
  return steps(graph, current, order, 'up');
}

/** Alembic's `_parse_downgrade_target`: the branch restriction and the revision to stop at. */
function downgradeTarget(
  graph: RevisionGraph,
  current: readonly number[],
  target: string,
): { label: string | undefined; stop: number | null } {
  const t = parseTarget(target);
  if (t.kind === 'absolute') {
    // Alembic resolves the symbol alone (the label only picks the branch to revert), except
    // that `label@head` has to mean that branch's head.
    const scoped = t.symbol === 'head' || t.symbol === 'heads' ? t.label : undefined;
    const found = resolveAbsolute(graph, scoped, t.symbol);
    if (found.length > 1)
      throw new MultipleHeadsError(
        found.map((i) => graph.at(i).id),
        target,
      );
    return { label: t.label, stop: found[0] ?? null };
  }
  if (t.delta >= 0) {
    if (t.symbol === undefined)
      throw new RelativeOutOfRangeError(t.relative, true, t.delta > 0 ? 'downgrade' : undefined);
    const found = resolveRelative(graph, t.label, t.symbol, t.delta, t.relative, current);
    return { label: t.label, stop: found[0] ?? null };
  }
  if (t.symbol === undefined) {
    if (current.length === 0) throw new RelativeOutOfRangeError(t.relative, true);
    const from = downgradeRelativeStart(graph, t.label, current, t.relative);
    const end = walk(graph, from, t.delta, undefined, true);
    if (end === undefined) throw new RelativeOutOfRangeError(t.relative, true);
    // A bare `-N` stays on the branch it walked down (Alembic uses the head as the label).
    return { label: t.label ?? graph.at(from).id, stop: end === 'base' ? null : end };
  }
  const found = resolveRelative(graph, t.label, t.symbol, t.delta, t.relative, current);
  return { label: t.label, stop: found[0] ?? null };
}

/**
 * The mirror of {@link planUpgrade}: steps to revert, children before parents, down to (not
 * including) `target`. Targets: `base`, a revision (id, prefix, label), `-N` from the current
 * head (several current heads need a branch: `<label>@-N` or `<head>-N`, else
 * MultipleHeadsError), `<label>@-N`, `<rev>-N`, `<label>@<rev>` (only that branch),
 * `<label>@base`, `base+N`. A target above or beside the current heads is
 * InvalidDowngradeTargetError.
 *
 * @example
 * planDowngrade(graph, ['d1', 'd2'], 'c1branch@-1').map((s) => s.revision.id); // ['d1']
 */
export function planDowngrade(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  target: string,
): PlanStep[] {
  const current = currentIndexes(graph, currentHeads);
  const { label, stop } = downgradeTarget(graph, current, target);
  let roots =
    stop === null ? graph.bases.map((id) => graph.indexOf(id)) : [...graph.childLinks[stop]!];
  if (label !== undefined && roots.length > 1) {
    const onBranch = graph.closure([resolveBranch(graph, label)], graph.parentLinks);
    roots = roots.filter((i) => onBranch[i]);
    if (roots.length === 0) throw new InvalidDowngradeTargetError(target);
  }
  const drop = graph.closure(roots, graph.upLinks);
  const active = graph.closure(current, graph.downLinks);
  const members: number[] = [];
  for (let i = 0; i < drop.length; i++) if (drop[i] && active[i]) members.push(i);
  if (stop !== null && members.length === 0 && !current.includes(stop)) {
    throw new InvalidDowngradeTargetError(target);
  }
  return steps(graph, current, graph.walkDown(members), 'down');
}

/**
 * The version table rows after `retort stamp <targets...>` (Alembic's stamp semantics, nothing
 * run): each target replaces the current heads on its line (ancestors or descendants, through
 * dependencies too) by itself, or adds a row on a line not yet present; `base` (or
 * `<label>@base`) removes the rows on its line. `purge` starts from an empty table.
 *
 * @example
 * planStamp(graph, ['d1', 'c2'], ['c2branch@head']); // ['d1', 'd2']
 * planStamp(graph, ['d1', 'd2'], ['base']);          // []
 */
export function planStamp(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  targets: readonly string[],
  options: { purge?: boolean } = {},
): string[] {
  const current = options.purge === true ? [] : currentIndexes(graph, currentHeads);
  const rows = new Set(current);
  for (const target of targets) {
    const t = parseTarget(target);
    const dests =
      t.kind === 'absolute'
        ? resolveAbsolute(graph, t.label, t.symbol)
        : resolveRelative(graph, t.label, t.symbol, t.delta, t.relative, current);
    // The heads this target speaks for: all of them, or those on its branch.
    let line: number[] = current;
    if (t.kind === 'absolute' && t.symbol === 'base') {
      if (t.label !== undefined) line = inLineage(graph, current, t.label, true);
      for (const h of line) rows.delete(h);
      continue;
    }
    for (const dest of dests) {
      const lineage = lineageMask(graph, dest, true);
      line = current.filter((h) => lineage[h]);
      if (line.includes(dest)) continue;
      for (const h of line) rows.delete(h);
      rows.add(dest);
    }
  }
  return [...rows].map((i) => graph.at(i).id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Splits `start:end` for offline (--sql) runs: the heads assumed current at `start` (empty for
 * `base` or no start) and the target `end`.
 *
 * @example
 * parseRange('ae10:heads'); // { start: 'ae10', end: 'heads' }
 * parseRange('heads');      // { start: undefined, end: 'heads' }
 */
export function parseRange(range: string): { start: string | undefined; end: string } {
  const i = range.indexOf(':');
  if (i < 0) return { start: undefined, end: range };
  return { start: range.slice(0, i) || undefined, end: range.slice(i + 1) };
}
