import type { Change } from '../changes/change.js';
import { parentKey, partitionOrder } from '../model/partitions.js';
import type { SchemaModel, TableModel } from '../model/schema-model.js';
import { qualifiedKey } from '../model/schema-model.js';

/** The phases of diffSchemas this file adds to. */
interface PartitionPhases {
  removeDependents: Change[];
  tables: Change[];
  comments: Change[];
}

const keyOf = (x: { readonly schema: string; readonly name: string }): string =>
  qualifiedKey(x.schema, x.name);

/**
 * Whether a table's partitioning changed (a key added, removed or changed): PostgreSQL cannot
 * alter it, so the table is dropped and created again (destructive: its rows go).
 */
export function repartitioned(old: TableModel, table: TableModel): boolean {
  return (old.partitionBy ?? '') !== (table.partitionBy ?? '');
}

/** The qualified keys of a model's partitions. */
export function partitionKeys(model: SchemaModel): Set<string> {
  return new Set(model.partitions.map(keyOf));
}

/**
 * Partitions: dropped first (sub-partitions before their parents, and every partition of a
 * table that is dropped or recreated, so the downgrade creates them again), created (parents
 * first) after the tables, and detached then attached again when their bound or parent changes
 * (rows kept, the attach checks they fit; the indexes and keys the detach leaves are taken back
 * by the attach). A change of a sub-partition key recreates the partition. A table that becomes a
 * partition, or the reverse, is dropped and created (DETACH would leave PostgreSQL's copies of
 * the parent's indexes and keys behind, so the downgrade would not be exact): attach or detach it
 * by hand with op.attachPartition / op.detachPartition to keep its rows. Pure.
 *
 * @example
 * diffPartitions(from, to, phases, new Set());
 */
export function diffPartitions(
  from: SchemaModel,
  to: SchemaModel,
  p: PartitionPhases,
  recreatedTables: ReadonlySet<string>,
): void {
  const fromMap = new Map(from.partitions.map((x) => [keyOf(x), x]));
  const toMap = new Map(to.partitions.map((x) => [keyOf(x), x]));
  const toTables = new Set(to.tables.map(keyOf));
  // Dropped with their (recreated or dropped) parent, or recreated for a new sub-partition key.
  const rebuilt = new Set<string>(recreatedTables);
  const fromOrder = partitionOrder(from.partitions);
  for (const x of fromOrder) {
    const next = toMap.get(keyOf(x));
    if (next === undefined) continue;
    const parentGone =
      rebuilt.has(parentKey(x)) || (!toTables.has(parentKey(x)) && !toMap.has(parentKey(x)));
    if (parentGone || (x.partitionBy ?? '') !== (next.partitionBy ?? '')) rebuilt.add(keyOf(x));
  }
  for (const x of [...fromOrder].reverse()) {
    const key = keyOf(x);
    if (toMap.has(key) && !rebuilt.has(key)) continue;
    p.removeDependents.push({ kind: 'DropPartition', partition: x });
  }
  for (const x of partitionOrder(to.partitions)) {
    const key = keyOf(x);
    const old = fromMap.get(key);
    if (old === undefined || rebuilt.has(key)) {
      p.tables.push({ kind: 'CreatePartition', partition: x });
      continue;
    }
    if (parentKey(old) !== parentKey(x) || old.bound !== x.bound) {
      p.removeDependents.push({ kind: 'DetachPartition', partition: old });
      p.tables.push({ kind: 'AttachPartition', partition: x });
    }
    if ((old.comment ?? null) !== (x.comment ?? null))
      p.comments.push({
        kind: 'SetTableComment',
        schema: x.schema,
        table: x.name,
        from: old.comment,
        to: x.comment,
      });
  }
}
