import { qualifiedKey } from '../model/schema-model.js';
import type { PartitionModel } from '../model/partitions.js';
import type { PartitionBound } from '../ops/partition-operations.js';
import type { SqlExpression } from '../ops/sql-expression.js';
import { quoteIdent } from '../sql/quote.js';
import { renderPartitionBound } from '../sql/render/partitions.js';
import { ColumnBuilder } from './column-builder.js';
import type { TableBuilder } from './table-builder.js';

/** How rows are spread over partitions. */
export type PartitionMethod = 'range' | 'list' | 'hash';

/** A partition key, made by {@link partitionBy}: a table extra, or partitionOf's `partitionBy`. */
export interface PartitionKeySpec {
  readonly kind: 'partitionBy';
  readonly method: PartitionMethod;
  /** `RANGE ("created_at")`: the PARTITION BY clause without its keywords. */
  readonly text: string;
  /**
   * The key's plain columns (a primary key or unique constraint must include them); empty for a
   * key written whole as SQL (PostgreSQL checks it then).
   */
  readonly columns: readonly string[];
  /** Whether a key is an expression (no primary key nor unique constraint is possible then). */
  readonly hasExpression: boolean;
}

/**
 * Makes a table partitioned (declarative partitioning): `PARTITION BY RANGE|LIST|HASH (keys)`;
 * its partitions are declared with {@link partitionOf}. A primary key or unique constraint of the
 * table must include every key column. The whole key may also be written as SQL,
 * `partitionBy(sql`LIST (name COLLATE "C")`)` (what `pull` writes for keys with a collation or
 * an operator class).
 *
 * @example
 * export const events = table('events', {
 *   id: bigint().notNull(),
 *   at: timestamptz().notNull(),
 * }, (t) => [primaryKey(t.id, t.at), partitionBy('range', t.at)]);
 */
export function partitionBy(
  method: PartitionMethod | SqlExpression,
  ...keys: readonly (ColumnBuilder | SqlExpression)[]
): PartitionKeySpec {
  if (typeof method !== 'string') {
    const m = /^\s*(range|list|hash)\s*\(/i.exec(method.text);
    if (m === null || keys.length > 0)
      throw new TypeError(
        'partitionBy(sql`…`) takes the whole key, `RANGE (…)`, `LIST (…)` or `HASH (…)`, and nothing else',
      );
    return {
      kind: 'partitionBy',
      method: m[1]!.toLowerCase() as PartitionMethod,
      text: method.text,
      columns: [],
      hasExpression: false,
    };
  }
  if (keys.length === 0)
    throw new TypeError(`partitionBy('${method}') needs at least one key column or expression`);
  const parts = keys.map((k) =>
    k instanceof ColumnBuilder ? quoteIdent(k.name) : `(${(k as SqlExpression).text})`,
  );
  return {
    kind: 'partitionBy',
    method,
    text: `${method.toUpperCase()} (${parts.join(', ')})`,
    columns: keys.flatMap((k) => (k instanceof ColumnBuilder ? [k.name] : [])),
    hasExpression: keys.some((k) => !(k instanceof ColumnBuilder)),
  };
}

/** A declared partition, made by {@link partitionOf}; listed in defineSchema's `partitions`. */
export interface PartitionSpec {
  readonly kind: 'partition';
  readonly partition: PartitionModel;
  /** Its own key when sub-partitioned. */
  readonly key?: PartitionKeySpec | undefined;
}

/** Options of {@link partitionOf}. */
export interface PartitionOptions {
  /** Its schema; default the parent's. */
  readonly schema?: string;
  /** Sub-partitioned: its own key, `partitionBy('list', events.columns.region)`. */
  readonly partitionBy?: PartitionKeySpec;
  readonly comment?: string;
}

/**
 * Declares a partition of a partitioned table (or of a sub-partitioned partition). It has the
 * parent's columns, and PostgreSQL gives it the indexes, keys and foreign keys declared on the
 * parent. Bounds: `{ from, to }` (to exclusive), `{ in: [...] }`, `{ modulus, remainder }`,
 * `'default'`, or sql`FOR VALUES …`; values are literals, sql`MINVALUE` / sql`MAXVALUE` raw.
 *
 * @example
 * export const events2024 = partitionOf(events, 'events_2024', { from: '2024-01-01', to: '2025-01-01' });
 * export const eventsOther = partitionOf(events, 'events_other', 'default');
 */
export function partitionOf(
  parent: TableBuilder | PartitionSpec,
  name: string,
  bound: PartitionBound,
  options: PartitionOptions = {},
): PartitionSpec {
  const of =
    parent.kind === 'partition'
      ? { schema: parent.partition.schema, name: parent.partition.name }
      : { schema: parent.schema, name: parent.name };
  return {
    kind: 'partition',
    partition: {
      schema: options.schema ?? of.schema,
      name,
      parentSchema: of.schema,
      parent: of.name,
      bound: renderPartitionBound(bound, 'partitionOf'),
      ...(options.partitionBy === undefined ? {} : { partitionBy: options.partitionBy.text }),
      ...(options.comment === undefined ? {} : { comment: options.comment }),
    },
    ...(options.partitionBy === undefined ? {} : { key: options.partitionBy }),
  };
}

type Invalid = (message: string, hint: string, details: Record<string, unknown>) => Error;

/**
 * Checks that a partitioned table's primary key and unique constraints include its key columns
 * (PostgreSQL refuses them otherwise, and any with an expression key).
 */
export function checkPartitionKey(
  where: string,
  key: PartitionKeySpec,
  constraints: readonly { readonly what: string; readonly columns: readonly string[] }[],
  invalid: Invalid,
): void {
  for (const c of constraints) {
    const missing = key.columns.filter((k) => !c.columns.includes(k));
    if (key.hasExpression || missing.length > 0)
      throw invalid(
        key.hasExpression
          ? `Table ${where} is partitioned by an expression and has a ${c.what}: PostgreSQL refuses both.`
          : `The ${c.what} of partitioned table ${where} lacks partition key column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
        key.hasExpression
          ? 'Partition by columns, or drop the key and enforce uniqueness per partition.'
          : `Add ${missing.join(', ')} to the ${c.what}: on a partitioned table it must include every partition key column.`,
        { table: where, constraint: c.what, missing },
      );
  }
}

/**
 * The declared partitions as model, each checked: its parent is a declared partitioned table
 * (or a sub-partitioned partition), its name is not taken, a sub-partition key is covered by the
 * root table's primary key and unique constraints.
 */
export function partitionsToModel(
  specs: readonly PartitionSpec[],
  tables: readonly {
    readonly schema: string;
    readonly name: string;
    readonly partitionBy?: string | undefined;
    readonly constraints: readonly { readonly what: string; readonly columns: readonly string[] }[];
  }[],
  invalid: Invalid,
): PartitionModel[] {
  const tableByKey = new Map(tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const specByKey = new Map<string, PartitionSpec>();
  for (const spec of specs) {
    const p = spec.partition;
    const key = qualifiedKey(p.schema, p.name);
    if (specByKey.has(key) || tableByKey.has(key))
      throw invalid(
        `${key} is declared twice (as a partition, and as ${specByKey.has(key) ? 'another partition' : 'a table'}).`,
        'Give each table and partition a unique name.',
        { partition: key },
      );
    specByKey.set(key, spec);
  }
  const rootOf = (spec: PartitionSpec, depth = 0): (typeof tables)[number] | undefined => {
    const parentKey = qualifiedKey(spec.partition.parentSchema, spec.partition.parent);
    const parentSpec = specByKey.get(parentKey);
    if (parentSpec !== undefined && depth < specs.length) return rootOf(parentSpec, depth + 1);
    return tableByKey.get(parentKey);
  };
  for (const spec of specs) {
    const p = spec.partition;
    const key = qualifiedKey(p.schema, p.name);
    const parentKey = qualifiedKey(p.parentSchema, p.parent);
    const parent = tableByKey.get(parentKey) ?? specByKey.get(parentKey)?.partition;
    if (parent === undefined || parent.partitionBy === undefined)
      throw invalid(
        `Partition ${key} belongs to ${parentKey}, which is ${parent === undefined ? 'not declared' : 'not partitioned'}.`,
        parent === undefined
          ? `Declare ${parentKey} with table(…, (t) => [partitionBy('range', t.column)]) and list it in defineSchema's tables.`
          : `Give ${parentKey} a partition key: partitionBy('range' | 'list' | 'hash', …columns).`,
        { partition: key, parent: parentKey },
      );
    const root = rootOf(spec);
    if (spec.key !== undefined && root !== undefined)
      checkPartitionKey(qualifiedKey(root.schema, root.name), spec.key, root.constraints, invalid);
  }
  return specs.map((s) => s.partition);
}
