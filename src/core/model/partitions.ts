// Not imported from schema-model.ts, which imports this file.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const qualifiedKey = (schema: string, name: string): string =>
  schema === 'public' ? name : `${schema}.${name}`;

/**
 * A partition of a partitioned table (declarative partitioning): `CREATE TABLE name PARTITION OF
 * parent FOR VALUES …`. Its columns, and the indexes, keys and foreign keys declared on the
 * parent, are PostgreSQL's copies of the parent's: the model holds them once, on the parent.
 */
export interface PartitionModel {
  readonly schema: string;
  readonly name: string;
  /** The partitioned table (or sub-partitioned partition) it belongs to. */
  readonly parentSchema: string;
  readonly parent: string;
  /**
   * `FOR VALUES FROM (…) TO (…)`, `FOR VALUES IN (…)`, `FOR VALUES WITH (modulus 4, remainder 0)`
   * or `DEFAULT`, as `pg_get_expr(relpartbound)` prints it once normalised.
   */
  readonly bound: string;
  /** Sub-partitioned: its own key, as `pg_get_partkeydef` prints it (`LIST (region)`). */
  readonly partitionBy?: string | undefined;
  readonly comment?: string | undefined;
}

/** `schema.name` of a partition's parent (`public` left out), as a map key and in messages. */
export const parentKey = (p: PartitionModel): string => qualifiedKey(p.parentSchema, p.parent);

/**
 * Partitions with every parent before its partitions (a sub-partitioned partition before its
 * own), name order otherwise: the order they are created in; reversed, the order they are dropped.
 */
export function partitionOrder(partitions: readonly PartitionModel[]): PartitionModel[] {
  const byKey = new Map(partitions.map((p) => [qualifiedKey(p.schema, p.name), p]));
  const depth = (p: PartitionModel, seen = 0): number => {
    const parent = byKey.get(parentKey(p));
    return parent === undefined || seen > byKey.size ? 0 : 1 + depth(parent, seen + 1);
  };
  return [...partitions].sort(
    (a, b) => depth(a) - depth(b) || compareText(a.schema, b.schema) || compareText(a.name, b.name),
  );
}

/** Partitions in a deterministic order (schema, name), for sortSchemaModel. */
export function sortPartitions(partitions: readonly PartitionModel[]): PartitionModel[] {
  return [...partitions].sort(
    (a, b) => compareText(a.schema, b.schema) || compareText(a.name, b.name),
  );
}

/**
 * The top-level keys of a partition key definition: `RANGE (a, lower(b))` →
 * `{ method: 'range', keys: ['a', 'lower(b)'] }` (commas inside parentheses and quotes kept).
 */
export function parsePartitionKey(
  definition: string,
): { readonly method: string; readonly keys: readonly string[] } | undefined {
  const m = /^(RANGE|LIST|HASH)\s*\((.*)\)$/is.exec(definition.trim());
  if (!m) return undefined;
  const keys: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const ch of m[2]!) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      keys.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') keys.push(current.trim());
  return { method: m[1]!.toLowerCase(), keys };
}

/**
 * The partitioned tables and sub-partitioned partitions of some models, as `schema.name` (the
 * planner's key, schema always written).
 */
export function partitionedTableKeys(
  ...models: readonly {
    readonly tables: readonly { schema: string; name: string; partitionBy?: string | undefined }[];
    readonly partitions: readonly PartitionModel[];
  }[]
): Set<string> {
  return new Set(
    models.flatMap((m) =>
      [...m.tables, ...m.partitions]
        .filter((t) => t.partitionBy !== undefined)
        .map((t) => `${t.schema}.${t.name}`),
    ),
  );
}
