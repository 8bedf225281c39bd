import type { Diagram } from './diagram.js';

/** Mermaid node ids: letters, digits and underscores only. */
const mid = (id: string): string => `n_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
/** Text inside a Mermaid `"…"` label: quotes and markup become entities. */
const mtext = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Mermaid source: a flowchart for revisions (dependencies dashed, heads bold, the database's
 * current revisions filled), an erDiagram for tables.
 */
export function toMermaid(diagram: Diagram): string {
  if (diagram.kind === 'erd') return erdMermaid(diagram);
  const out = ['flowchart BT'];
  for (const n of diagram.nodes) {
    const label = [n.title, ...n.lines].map(mtext).join('<br/>');
    out.push(`  ${mid(n.id)}["${label}"]`);
  }
  for (const e of diagram.edges)
    out.push(`  ${mid(e.from)} ${e.dashed ? '-.->|depends on|' : '-->'} ${mid(e.to)}`);
  const heads = diagram.nodes.filter((n) => n.marks.includes('head')).map((n) => mid(n.id));
  const current = diagram.nodes.filter((n) => n.marks.includes('current')).map((n) => mid(n.id));
  out.push('  classDef head stroke-width:3px');
  out.push('  classDef current fill:#ffe08a,stroke:#b8860b,stroke-width:3px');
  if (heads.length > 0) out.push(`  class ${heads.join(',')} head`);
  if (current.length > 0) out.push(`  class ${current.join(',')} current`);
  return `${out.join('\n')}\n`;
}

/** Mermaid erDiagram: each table with its key columns (PK, FK), relationships labelled by FK columns. */
function erdMermaid(diagram: Diagram): string {
  const out = ['erDiagram'];
  const ident = (id: string): string => id.replace(/[^A-Za-z0-9_-]/g, '_');
  for (const n of diagram.nodes) {
    out.push(`  ${ident(n.id)} {`);
    for (const c of n.columns ?? []) {
      const type = c.type.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_|_$/g, '') || 'type';
      out.push(`    ${type} ${ident(c.name)}${c.keys.length ? ` ${c.keys.join(',')}` : ''}`);
    }
    out.push('  }');
  }
  for (const e of diagram.edges)
    out.push(`  ${ident(e.to)} ||--o{ ${ident(e.from)} : "${mtext(e.label ?? '')}"`);
  return `${out.join('\n')}\n`;
}

const dq = (text: string): string =>
  `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** Graphviz DOT source (render it with `dot -Tsvg` where Graphviz is installed). */
export function toDot(diagram: Diagram): string {
  const out = [
    `digraph ${dq(diagram.title)} {`,
    '  rankdir=BT;',
    '  node [shape=box, style="rounded", fontname="monospace", fontsize=11];',
  ];
  for (const n of diagram.nodes) {
    const attrs = [`label=${dq([n.title, ...n.lines].join('\n'))}`];
    if (n.marks.includes('head')) attrs.push('penwidth=2.5');
    if (n.marks.includes('current')) attrs.push('style="rounded,filled"', 'fillcolor="#ffe08a"');
    out.push(`  ${dq(n.id)} [${attrs.join(', ')}];`);
  }
  for (const e of diagram.edges) {
    const attrs: string[] = [];
    if (e.dashed) attrs.push('style=dashed', 'label="depends on"');
    else if (e.label) attrs.push(`label=${dq(e.label)}`);
    out.push(`  ${dq(e.from)} -> ${dq(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
