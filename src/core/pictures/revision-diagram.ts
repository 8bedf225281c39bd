import type { RevisionGraph } from '../revisions/revision-graph.js';
import type { Diagram, DiagramEdge, DiagramNode } from './diagram.js';

/** Longest message shown on a revision's box; longer ones end in an ellipsis. */
const MESSAGE_WIDTH = 40;

const clip = (text: string, width: number): string =>
  text.length <= width ? text : `${text.slice(0, width - 1)}…`;

/**
 * The revision graph as a Diagram: a box per revision (short id, branch labels, head; the
 * message below), an arrow from each parent to its child, a dashed arrow from each dependency
 * to its dependent. `current` (the database's heads) marks the revisions the database is at.
 *
 * @example
 * revisionDiagram(graph, ['e4f7a9b2c3d1']).nodes[0]; // { id: 'd896bf2738fb', title: 'd896bf2738fb', … }
 */
export function revisionDiagram(graph: RevisionGraph, current: readonly string[] = []): Diagram {
  const revisions = graph.iterate().slice().reverse(); // base first
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  for (const rev of revisions) {
    const tags = [
      ...rev.branchLabels.map((l) => `(${l})`),
      ...(graph.isHead(rev.id) ? ['(head)'] : []),
      ...(current.includes(rev.id) ? ['(current)'] : []),
    ];
    nodes.push({
      id: rev.id,
      title: [rev.id, ...tags].join(' '),
      lines: rev.message ? [clip(rev.message, MESSAGE_WIDTH)] : [],
      marks: [
        ...(current.includes(rev.id) ? (['current'] as const) : []),
        ...(graph.isHead(rev.id) ? (['head'] as const) : []),
        ...(graph.isMergePoint(rev.id) ? (['merge'] as const) : []),
        ...(rev.revises.length === 0 ? (['base'] as const) : []),
      ],
    });
    for (const parent of rev.revises) edges.push({ from: parent, to: rev.id });
    for (const dep of rev.dependsOn) edges.push({ from: dep, to: rev.id, dashed: true });
  }
  return { kind: 'revisions', title: 'revisions', nodes, edges };
}
