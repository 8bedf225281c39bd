import { qualifiedKey } from '../model/schema-model.js';
import { parentKey, type PartitionModel } from '../model/partitions.js';
import type { Change } from './change.js';

/**
 * Changes of declarative partitioning. A partitioned table is a table (its key is part of it: a
 * key change recreates the table); these are its partitions. Like every change, each carries
 * what its inverse needs.
 */
export type PartitionChange =
  /** CREATE TABLE … PARTITION OF parent bound. */
  | { readonly kind: 'CreatePartition'; readonly partition: PartitionModel }
  /** DROP TABLE of a partition: its rows go. */
  | { readonly kind: 'DropPartition'; readonly partition: PartitionModel }
  /** ALTER TABLE parent ATTACH PARTITION: a table (a detached partition) becomes a partition. */
  | { readonly kind: 'AttachPartition'; readonly partition: PartitionModel }
  /** ALTER TABLE parent DETACH PARTITION: the partition becomes a table, rows kept. */
  | { readonly kind: 'DetachPartition'; readonly partition: PartitionModel };

export type PartitionChangeKind = PartitionChange['kind'];
type Of<K extends PartitionChangeKind> = Extract<PartitionChange, { kind: K }>;

/** The reverse of each partition change (spread into reverse-change.ts' record). */
export const partitionReversers: {
  readonly [K in PartitionChangeKind]: (c: Of<K>) => Change;
} = {
  CreatePartition: (c) => ({ kind: 'DropPartition', partition: c.partition }),
  DropPartition: (c) => ({ kind: 'CreatePartition', partition: c.partition }),
  AttachPartition: (c) => ({ kind: 'DetachPartition', partition: c.partition }),
  DetachPartition: (c) => ({ kind: 'AttachPartition', partition: c.partition }),
};

const name = (p: PartitionModel): string => qualifiedKey(p.schema, p.name);

/** One line per partition change (spread into describe-change.ts' record). */
export const partitionDescribers: {
  readonly [K in PartitionChangeKind]: (c: Of<K>) => string;
} = {
  CreatePartition: (c) =>
    `add partition ${name(c.partition)} of ${parentKey(c.partition)} ${c.partition.bound}`,
  DropPartition: (c) => `drop partition ${name(c.partition)} of ${parentKey(c.partition)}`,
  AttachPartition: (c) =>
    `attach ${name(c.partition)} to ${parentKey(c.partition)} ${c.partition.bound}`,
  DetachPartition: (c) => `detach partition ${name(c.partition)} from ${parentKey(c.partition)}`,
};
