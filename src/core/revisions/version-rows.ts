import type { RevisionGraph } from './revision-graph.js';

/**
 * The rows of the version table as a plan moves through the graph. Alembic keeps one row per
 * "branch head" of what is applied (migration.py `HeadMaintainer`): applying a revision replaces
 * the rows of everything it revises or depends on (a merge turns several rows into one; a
 * revision on a new branch adds a row); reverting it brings back each parent or dependency that
 * nothing else applied still covers. Equivalently: the rows are the applied revisions that no
 * applied revision sits on. Counting, for each applied revision, how many applied revisions sit
 * directly on it makes each step cost only its own links.
 */
export class VersionRows {
  private readonly applied: Uint8Array;
  private readonly coveredBy: Int32Array;
  private readonly rows = new Set<number>();

  constructor(
    private readonly graph: RevisionGraph,
    current: readonly number[],
  ) {
    this.applied = graph.closure(current, graph.downLinks);
    this.coveredBy = new Int32Array(this.applied.length);
    for (let i = 0; i < this.applied.length; i++) {
      if (!this.applied[i]) continue;
      for (const d of graph.downLinks[i]!) this.coveredBy[d]!++;
    }
    for (const i of current) this.rows.add(i);
  }

  /** Current rows, sorted by id. */
  ids(): string[] {
    return [...this.rows]
      .map((i) => this.graph.at(i).id)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  isApplied(i: number): boolean {
    return this.applied[i] === 1;
  }

  /** Marks `i` applied: its parents' and dependencies' rows give way to its own. */
  up(i: number): void {
    this.applied[i] = 1;
    for (const d of this.graph.downLinks[i]!) {
      this.coveredBy[d]!++;
      this.rows.delete(d);
    }
    if (this.coveredBy[i] === 0) this.rows.add(i);
  }

  /** Marks `i` reverted: parents and dependencies nothing else covers get their row back. */
  down(i: number): void {
    this.applied[i] = 0;
    this.rows.delete(i);
    for (const d of this.graph.downLinks[i]!) {
      if (--this.coveredBy[d]! === 0 && this.applied[d]) this.rows.add(d);
    }
  }
}
