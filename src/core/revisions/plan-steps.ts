import type { RevisionGraph } from './revision-graph.js';
import type { Revision } from './revision.js';

/** One step of an upgrade or downgrade: apply or revert one revision. */
export interface PlanStep {
  readonly revision: Revision;
  readonly direction: 'up' | 'down';
  /**
   * Rows of the version table before and after this step (Alembic's semantics: one row per
   * current head; applying a merge replaces its parents' rows by one; a dependency's row is
   * removed when a revision depending on it takes over as a head). The runner deletes
   * `headsBefore − headsAfter` and inserts `headsAfter − headsBefore`, in the step's transaction.
   */
  readonly headsBefore: readonly string[];
  readonly headsAfter: readonly string[];
}

/**
 * Targets (Alembic syntax): `head`, `heads`, `base`, a full id, a unique prefix, `+N`/`-N`
 * relative to the current heads, `<rev>+N`, `<rev>-N`, `<label>@head`, `<label>@+N`, a
 * branch label. Ranges `start:end` are for offline SQL and history.
 *
 * CONTRACT STUB — implemented by the revision-graph work.
 */
export function planUpgrade(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  target: string,
): PlanStep[] {
  void graph;
  void currentHeads;
  void target;
  throw new Error('planUpgrade: not implemented yet');
}

/** The mirror of {@link planUpgrade}: steps to revert, children before parents. */
export function planDowngrade(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  target: string,
): PlanStep[] {
  void graph;
  void currentHeads;
  void target;
  throw new Error('planDowngrade: not implemented yet');
}

/**
 * Splits `start:end` for offline (--sql) runs: the heads assumed current at `start` (empty for
 * `base` or no start) and the target `end`.
 */
export function parseRange(range: string): { start: string | undefined; end: string } {
  const i = range.indexOf(':');
  if (i < 0) return { start: undefined, end: range };
  return { start: range.slice(0, i) || undefined, end: range.slice(i + 1) };
}
