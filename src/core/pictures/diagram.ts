/*
 * One representation for every picture retort draws: boxes (with lines of text) and arrows.
 * The revision graph and the ERD build a Diagram; Mermaid, DOT and SVG are renderers of it.
 */

export interface DiagramNode {
  readonly id: string;
  /** The title line (bold in SVG). */
  readonly title: string;
  /** Further lines of text, one per row (an ERD's columns, a revision's message). */
  readonly lines: readonly string[];
  /** `current`: the database is here (highlighted); `head`: a head (thick border). */
  readonly marks: readonly ('current' | 'head' | 'merge' | 'base')[];
  /** An ERD table's columns (the `lines` are their text). */
  readonly columns?: readonly { name: string; type: string; keys: readonly ('PK' | 'FK')[] }[];
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  /** Dashed: a dependency (dependsOn) rather than a parent link. */
  readonly dashed?: boolean;
  readonly label?: string;
}

export interface Diagram {
  readonly kind: 'revisions' | 'erd';
  readonly title: string;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}
