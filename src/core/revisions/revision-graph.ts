import type { Revision } from './revision.js';

/**
 * The revision graph with Alembic's semantics (alembic/script/revision.py): multiple bases,
 * branches, merges, `dependsOn`, branch labels. Built from revision metadata only; knows nothing
 * about files. Construction validates the graph and throws a `RevisionGraphError` subclass
 * (exit code 4) for a cycle, a duplicate id, a missing parent or dependency, a duplicate label.
 *
 * CONTRACT STUB — implemented by the revision-graph work; signatures are what other code uses.
 */
export class RevisionGraph {
  /** All revisions, in a stable topological order (parents and dependencies first). */
  readonly revisions: readonly Revision[];

  constructor(revisions: readonly Revision[]) {
    this.revisions = revisions;
    throw new Error('RevisionGraph: not implemented yet');
  }

  /** Revision by exact id; undefined when absent. */
  get(id: string): Revision | undefined {
    void id;
    return undefined;
  }

  /** Heads: revisions that no other revision revises (dependencies do not count), sorted. */
  get heads(): readonly string[] {
    return [];
  }

  /** Bases: revisions with no parent. */
  get bases(): readonly string[] {
    return [];
  }

  /** Ids of revisions that list `id` among their `revises`. */
  childrenOf(id: string): readonly string[] {
    void id;
    return [];
  }

  /**
   * Resolves a single revision reference: full id, unique prefix, branch label, `label@head`,
   * `head` (exactly one head, else MultipleHeadsError). Throws RevisionNotFoundError or
   * AmbiguousRevisionError (listing candidates).
   */
  resolve(ref: string): Revision {
    void ref;
    throw new Error('not implemented');
  }
}
