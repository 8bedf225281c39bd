import type { RevisionGraph } from '../core/revisions/revision-graph.js';
import type { Revision } from '../core/revisions/revision.js';

/**
 * One revision as the read-only commands report it: its metadata and where it sits in the graph
 * (what Alembic prints as `(head)`, `(branchpoint)`, `(mergepoint)`).
 */
export interface RevisionEntry {
  id: string;
  /** Parent ids (empty for a base). */
  revises: string[];
  /** Dependencies as written in the file (ids or branch labels). */
  dependsOn: string[];
  /** Branch labels that apply to it: its own and those it inherits along its branch. */
  branchLabels: string[];
  message: string;
  /** File path relative to the project root. */
  file: string | undefined;
  createdAt: string | undefined;
  /** Nothing revises it. */
  isHead: boolean;
  /** Nothing revises it nor depends on it (a head that is not only an "effective head"). */
  isRealHead: boolean;
  isBase: boolean;
  isBranchPoint: boolean;
  isMergePoint: boolean;
  /** Ids of the revisions that revise it. */
  children: string[];
}

/** Describes a revision of the graph for output. */
export function describeRevision(graph: RevisionGraph, revision: Revision): RevisionEntry {
  const children = [...graph.childrenOf(revision.id)];
  return {
    id: revision.id,
    revises: [...revision.revises],
    dependsOn: [...revision.dependsOn],
    branchLabels: [...graph.branchLabelsOf(revision.id)],
    message: revision.message,
    file: revision.file,
    createdAt: revision.createdAt,
    isHead: children.length === 0,
    isRealHead: children.length === 0 && graph.dependentsOf(revision.id).length === 0,
    isBase: revision.revises.length === 0,
    isBranchPoint: children.length > 1,
    isMergePoint: revision.revises.length > 1,
    children,
  };
}
