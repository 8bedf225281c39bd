import { expect, it } from 'vitest';
import { erdDiagram } from '../../src/core/pictures/erd-diagram.js';
import { revisionDiagram } from '../../src/core/pictures/revision-diagram.js';
import { toSvg } from '../../src/core/pictures/render-svg.js';
import { toDot, toMermaid } from '../../src/core/pictures/render-text.js';
import { emptySchemaModel } from '../../src/core/model/schema-model.js';
import { graphOf, rev } from './revisions/fixtures.js';

// a ─ b ─ m (merge) ─ d (head);  a ─ c (billing) ─ m;  c depends on b
const graph = graphOf(
  rev('a'),
  rev('b', 'a'),
  rev('c', 'a', { labels: ['billing'], dependsOn: ['b'] }),
  rev('m', ['b', 'c']),
  rev('d', 'm'),
);

it('draws branches, the merge, the dashed dependency, labels, heads and current revisions', async () => {
  const diagram = revisionDiagram(graph, ['m']);
  const mermaid = toMermaid(diagram);
  expect(mermaid).toContain('n_a --> n_b');
  expect(mermaid).toContain('n_a --> n_c');
  expect(mermaid).toContain('n_b --> n_m');
  expect(mermaid).toContain('n_c --> n_m');
  expect(mermaid).toContain('n_b -.->|depends on| n_c');
  expect(mermaid).toContain('n_c["c (billing)');
  expect(mermaid).toContain('n_m["m (current)');
  expect(mermaid).toContain('class n_d head');
  expect(mermaid).toContain('class n_m current');
  const dot = toDot(diagram);
  expect(dot).toContain('"b" -> "c" [style=dashed, label="depends on"];');
  expect(dot).toContain('"m" [label="m (current)\\nm message", style="rounded,filled"');
  const svg = await toSvg(diagram);
  expect(svg.match(/<rect [^>]*rx="7"/g)).toHaveLength(5);
  expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
  expect(svg).toContain('fill="#ffe08a"');
  expect(svg).not.toContain('NaN');
});

it('draws tables with key columns first and an arrow per foreign key', () => {
  const model = {
    ...emptySchemaModel,
    tables: [
      table('users', ['id', 'email'], ['id'], []),
      table('posts', ['title', 'id', 'user_id'], ['id'], [['user_id', 'users']]),
    ],
  };
  const diagram = erdDiagram(model);
  expect(diagram.nodes[1]!.lines).toEqual([
    'id  bigint  PK',
    'user_id  bigint  FK',
    'title  bigint',
  ]);
  expect(diagram.edges).toEqual([{ from: 'posts', to: 'users', label: 'user_id' }]);
  expect(toMermaid(diagram)).toContain('users ||--o{ posts : "user_id"');
  expect(erdDiagram(model, { keysOnly: true }).nodes[1]!.lines).toHaveLength(2);
});

function table(name: string, columns: string[], pk: string[], fks: [string, string][]) {
  return {
    schema: 'public',
    name,
    columns: columns.map((c) => ({ name: c, type: 'bigint', notNull: false })),
    primaryKey: { columns: pk },
    uniques: [],
    foreignKeys: fks.map(([column, ref]) => ({
      columns: [column],
      refSchema: 'public',
      refTable: ref,
      refColumns: ['id'],
      onDelete: 'no action' as const,
      onUpdate: 'no action' as const,
      deferrable: false,
      initiallyDeferred: false,
    })),
    checks: [],
    indexes: [],
  };
}

it('wraps a long revision message on its box instead of cutting it', () => {
  const long = graphOf({
    ...rev('a'),
    message: 'add multi-user support with auth0 and stripe and more',
  });
  expect(revisionDiagram(long).nodes[0]!.lines).toEqual([
    'add multi-user support with auth0 and',
    'stripe and more',
  ]);
});

it('lands the arrows of the foreign keys into one table apart on its edge', async () => {
  const children = ['a', 'b', 'c', 'd', 'e', 'f'];
  const model = {
    ...emptySchemaModel,
    tables: [
      table('users', ['id'], ['id'], []),
      ...children.map((c) => table(c, ['id', 'user_id'], ['id'], [['user_id', 'users']])),
    ],
  };
  const svg = await toSvg(erdDiagram(model, { keysOnly: true }));
  const ends = [...svg.matchAll(/<path d="[^"]* L([\d.]+),([\d.]+)"[^>]*marker-end/g)];
  expect(ends).toHaveLength(children.length);
  const ys = ends.map((m) => Number(m[2]));
  expect(new Set(ys).size).toBe(children.length);
  const sorted = [...ys].sort((p, q) => p - q);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThan(5);
});
