import type { RevisionGraph } from '../revisions/revision-graph.js';
import type { Diagram, DiagramEdge, DiagramNode } from './diagram.js';

/** Width of a message line on a revision's box: longer messages wrap, at most three lines. */
const MESSAGE_WIDTH = 40;
const MESSAGE_LINES = 3;

/** `text` word-wrapped to `width`, at most `max` lines, the last ending in … when cut. */
function wrap(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  const shown = lines
    .slice(0, max)
    .map((l) => (l.length <= width ? l : `${l.slice(0, width - 1)}…`));
  if (lines.length > max) {
    const last = shown[max - 1]!;
    shown[max - 1] = `${last.length < width ? last : last.slice(0, width - 1)}…`;
  }
  return shown;
}

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
      lines: rev.message ? wrap(rev.message, MESSAGE_WIDTH, MESSAGE_LINES) : [],
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
