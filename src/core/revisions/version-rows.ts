import type { RevisionGraph } from './revision-graph.js';

/**
 * The rows of the version table as a plan moves through the graph. Alembic keeps one row per
 * "branch head" of what is applied (migration.py `HeadMaintainer`): applying a revision replaces
 * the rows of everything it revises or depends on (a merge turns several rows into one; a
 * revision on a new branch adds a row); reverting it brings back each parent or dependency that
 * nothing else applied still covers. Equivalently: the rows are the applied revisions that no
 * applied revision sits on. Counting, for each applied revision, how many applied revisions sit
 * directly on it makes each step cost only its own links.
 *
 * @example
 * const rows = new VersionRows(graph, [graph.indexOf('b1'), graph.indexOf('b2')]);
 * rows.up(graph.indexOf('m')); // m merges b1 and b2
 * rows.ids();                  // ['m']
 */
export class VersionRows {
  private readonly applied: Uint8Array;
  private readonly coveredBy: Int32Array;
  /** Row ids kept sorted, so each step costs a binary search instead of a sort. */
  private readonly rows: string[] = [];

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
    for (const i of current) this.add(i);
  }

  /** Current rows, sorted by id (a fresh array). */
  ids(): string[] {
    return this.rows.slice();
  }

  /** Where `id` is or would go in the sorted rows. */
  private find(id: string): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rows[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private add(i: number): void {
    const id = this.graph.at(i).id;
    const at = this.find(id);
    if (this.rows[at] !== id) this.rows.splice(at, 0, id);
  }

  private remove(i: number): void {
    const id = this.graph.at(i).id;
    const at = this.find(id);
    if (this.rows[at] === id) this.rows.splice(at, 1);
  }

  isApplied(i: number): boolean {
    return this.applied[i] === 1;
  }

  /** Marks `i` applied: its parents' and dependencies' rows give way to its own. */
  up(i: number): void {
    this.applied[i] = 1;
    for (const d of this.graph.downLinks[i]!) {
      this.coveredBy[d]!++;
      this.remove(d);
    }
    if (this.coveredBy[i] === 0) this.add(i);
  }

  /** Marks `i` reverted: parents and dependencies nothing else covers get their row back. */
  down(i: number): void {
    this.applied[i] = 0;
    this.remove(i);
    for (const d of this.graph.downLinks[i]!) {
      if (--this.coveredBy[d]! === 0 && this.applied[d]) this.add(d);
    }
  }
}
