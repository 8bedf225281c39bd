import type { SchemaModel, TableModel } from '../model/schema-model.js';
import type { Diagram, DiagramNode } from './diagram.js';

const qualified = (schema: string, name: string): string =>
  schema === 'public' ? name : `${schema}.${name}`;

/**
 * The schema as a Diagram: a box per table with its columns (primary-key and foreign-key
 * columns first, marked PK / FK; `keysOnly` leaves the other columns out), an arrow per foreign
 * key from the referencing table to the referenced one, labelled with its columns.
 *
 * @example
 * erdDiagram(model).edges[0]; // { from: 'grants', to: 'users', label: 'user_id' }
 */
export function erdDiagram(model: SchemaModel, options: { keysOnly?: boolean } = {}): Diagram {
  const nodes: DiagramNode[] = model.tables.map((t) => tableNode(t, options.keysOnly === true));
  const names = new Set(nodes.map((n) => n.id));
  const edges = model.tables.flatMap((t) =>
    t.foreignKeys
      .map((fk) => ({
        from: qualified(t.schema, t.name),
        to: qualified(fk.refSchema, fk.refTable),
        label: fk.columns.join(', '),
      }))
      .filter((e) => names.has(e.to)),
  );
  return { kind: 'erd', title: 'schema', nodes, edges };
}

function tableNode(table: TableModel, keysOnly: boolean): DiagramNode {
  const pk = new Set(table.primaryKey?.columns ?? []);
  const fk = new Set(table.foreignKeys.flatMap((f) => f.columns));
  const columns = table.columns
    .map((c) => ({
      name: c.name,
      type: c.type,
      keys: [
        ...(pk.has(c.name) ? (['PK'] as const) : []),
        ...(fk.has(c.name) ? (['FK'] as const) : []),
      ],
    }))
    .filter((c) => !keysOnly || c.keys.length > 0);
  // Keys first, then the rest in table order.
  const ordered = [
    ...columns.filter((c) => c.keys.length > 0),
    ...columns.filter((c) => c.keys.length === 0),
  ];
  return {
    id: qualified(table.schema, table.name),
    title: qualified(table.schema, table.name),
    lines: ordered.map(
      (c) => `${c.name}  ${c.type}${c.keys.length ? `  ${c.keys.join(' ')}` : ''}`,
    ),
    marks: [],
    columns: ordered,
  };
}
