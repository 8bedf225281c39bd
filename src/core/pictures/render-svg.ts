import type { Diagram, DiagramNode } from './diagram.js';

/*
 * SVG without a browser: @dagrejs/dagre (a layered layout in plain JavaScript, loaded only here)
 * places the boxes and routes the arrows; this file writes the SVG. Text is monospace so its
 * width is known without measuring fonts.
 */

const FONT = 12;
const CHAR = FONT * 0.62; // monospace advance, generous for common fonts
const LINE = FONT + 6;
const PAD_X = 10;
const PAD_Y = 8;
/** Least distance between two arrowheads on a table's edge. */
const ARROW_GAP = 10;

const esc = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function size(node: DiagramNode): { width: number; height: number } {
  const longest = Math.max(node.title.length, ...node.lines.map((l) => l.length));
  const rows = 1 + node.lines.length;
  return {
    width: Math.ceil(longest * CHAR + 2 * PAD_X),
    height: rows * LINE + 2 * PAD_Y + (node.lines.length > 0 ? 4 : 0),
  };
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Dagre ends every arrow into a table on the line towards its centre, so a table that many
 * foreign keys reference gets all their arrowheads on one point. Each table's incoming arrows
 * instead end side by side on its left edge, in the order they arrive (top to bottom), and
 * come in horizontally for the last few pixels so the heads stay readable.
 */
function spreadArrowHeads(
  diagram: Diagram,
  routed: readonly { points?: { x: number; y: number }[] }[],
  box: (id: string) => Box,
): void {
  const incoming = new Map<string, number[]>();
  diagram.edges.forEach((e, i) => {
    if (e.from !== e.to && (routed[i]!.points?.length ?? 0) >= 2)
      incoming.set(e.to, [...(incoming.get(e.to) ?? []), i]);
  });
  for (const [id, edges] of incoming) {
    const b = box(id);
    const left = b.x - b.width / 2;
    const top = b.y - b.height / 2;
    const before = (i: number) => routed[i]!.points!.at(-2)!;
    if (edges.some((i) => before(i).x > left - 12)) continue; // not all from the left: leave as laid out
    edges.sort((a, c) => before(a).y - before(c).y);
    edges.forEach((i, k) => {
      const y = top + ((k + 1) * b.height) / (edges.length + 1);
      const points = routed[i]!.points!;
      points.splice(-1, 1, { x: left - 10, y }, { x: left, y });
    });
  }
}

/** Renders the diagram as a standalone SVG document. */
export async function toSvg(diagram: Diagram): Promise<string> {
  const { default: dagre } = await import('@dagrejs/dagre');
  const g = new dagre.graphlib.Graph({ multigraph: true });
  const erd = diagram.kind === 'erd';
  g.setGraph({
    rankdir: erd ? 'LR' : 'BT',
    nodesep: erd ? 30 : 24,
    ranksep: erd ? 70 : 36,
    edgesep: 12,
    marginx: 16,
    marginy: 16,
  });
  g.setDefaultEdgeLabel(() => ({}));
  // A table that many foreign keys reference is made tall enough for their arrowheads to land
  // apart on its edge (spreadArrowHeads).
  const incoming = new Map<string, number>();
  if (erd) for (const e of diagram.edges) incoming.set(e.to, (incoming.get(e.to) ?? 0) + 1);
  for (const n of diagram.nodes) {
    const { width, height } = size(n);
    g.setNode(n.id, {
      width,
      height: Math.max(height, ((incoming.get(n.id) ?? 0) + 1) * ARROW_GAP),
    });
  }
  diagram.edges.forEach((e, i) => {
    const label = e.label ?? (e.dashed ? 'depends on' : '');
    g.setEdge(
      e.from,
      e.to,
      label
        ? { label, width: label.length * CHAR * 0.9, height: LINE, labelpos: 'c' }
        : { width: 0, height: 0 },
      `e${i}`,
    );
  });
  dagre.layout(g);
  const graph = g.graph();
  const width = Math.ceil(graph.width ?? 100);
  const height = Math.ceil(graph.height ?? 100);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="${FONT}">`,
    `<title>${esc(diagram.title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];

  const routed = diagram.edges.map(
    (e, i) =>
      g.edge({ v: e.from, w: e.to, name: `e${i}` }) as {
        points?: { x: number; y: number }[];
        x?: number;
        y?: number;
      },
  );
  if (erd) spreadArrowHeads(diagram, routed, (id) => g.node(id) as Box);

  diagram.edges.forEach((e, i) => {
    const edge = routed[i]!;
    const points = edge.points ?? [];
    if (points.length < 2) return;
    const d = points
      .map((p, k) => `${k === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
      .join(' ');
    out.push(
      `<path d="${d}" fill="none" stroke="#555" stroke-width="1.3"${e.dashed ? ' stroke-dasharray="5,4"' : ''} marker-end="url(#arrow)"/>`,
    );
    const label = e.label ?? (e.dashed ? 'depends on' : '');
    if (label && edge.x !== undefined && edge.y !== undefined) {
      const w = label.length * CHAR * 0.9 + 6;
      out.push(
        `<rect x="${(edge.x - w / 2).toFixed(1)}" y="${(edge.y - LINE / 2).toFixed(1)}" width="${w.toFixed(1)}" height="${LINE}" fill="#ffffff" opacity="0.85"/>`,
        `<text x="${edge.x.toFixed(1)}" y="${(edge.y + FONT / 3).toFixed(1)}" text-anchor="middle" font-size="${FONT - 1}" fill="#444">${esc(label)}</text>`,
      );
    }
  });

  for (const n of diagram.nodes) {
    const box = g.node(n.id) as { x: number; y: number; width: number; height: number };
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    const current = n.marks.includes('current');
    const head = n.marks.includes('head');
    const fill = current ? '#ffe08a' : erd ? '#f4f8ff' : '#f7f7f7';
    const stroke = current ? '#b8860b' : '#333';
    out.push(
      `<g><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${box.width}" height="${box.height}" rx="${erd ? 3 : 7}" fill="${fill}" stroke="${stroke}" stroke-width="${head || current ? 2.6 : 1.2}"/>`,
    );
    const tx = x + PAD_X;
    let ty = y + PAD_Y + FONT;
    out.push(
      `<text x="${tx.toFixed(1)}" y="${ty.toFixed(1)}" font-weight="bold">${esc(n.title)}</text>`,
    );
    if (n.lines.length > 0) {
      const sep = y + PAD_Y + LINE + 1;
      if (erd)
        out.push(
          `<line x1="${x.toFixed(1)}" y1="${sep.toFixed(1)}" x2="${(x + box.width).toFixed(1)}" y2="${sep.toFixed(1)}" stroke="#333" stroke-width="1"/>`,
        );
      ty += 4;
      for (const line of n.lines) {
        ty += LINE;
        out.push(`<text x="${tx.toFixed(1)}" y="${ty.toFixed(1)}" fill="#222">${esc(line)}</text>`);
      }
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
