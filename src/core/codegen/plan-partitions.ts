import type { PartitionChange, PartitionChangeKind } from '../changes/partition-changes.js';
import type { PartitionModel } from '../model/partitions.js';
import type { Operation } from '../ops/operations.js';
import { sql } from '../ops/sql-expression.js';

/*
 * Change → Operation[] for declarative partitioning (spread into plan.ts' planner record): the
 * op API's createPartition, attachPartition and detachPartition, and dropTable for a partition.
 */

type Of<K extends PartitionChangeKind> = Extract<PartitionChange, { kind: K }>;

const inSchema = (schema: string): { schema?: string } => (schema === 'public' ? {} : { schema });

/** ALTER TABLE parent … PARTITION p: the parent's schema, and the partition's when it differs. */
const onParent = (p: PartitionModel): { schema?: string; partitionSchema?: string } => ({
  ...inSchema(p.parentSchema),
  ...(p.schema === p.parentSchema ? {} : { partitionSchema: p.schema }),
});

const ATTACH_REASON =
  'ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on the parent and ACCESS EXCLUSIVE on the table, and scans it to prove its rows fit the bound (a validated CHECK constraint matching the bound skips the scan)';

/** The planner of each partition change. */
export const partitionPlanners: {
  readonly [K in PartitionChangeKind]: (c: Of<K>) => Operation[];
} = {
  CreatePartition: ({ partition: p }) => [
    {
      kind: 'CreatePartition',
      name: p.name,
      parent: p.parent,
      bound: p.bound === 'DEFAULT' ? 'default' : sql(p.bound),
      ...inSchema(p.schema),
      ...(p.parentSchema === p.schema ? {} : { parentSchema: p.parentSchema }),
      ...(p.partitionBy === undefined ? {} : { partitionBy: sql(p.partitionBy) }),
      ...(p.comment === undefined ? {} : { comment: p.comment }),
    },
  ],
  DropPartition: ({ partition: p }) => [{ kind: 'DropTable', name: p.name, ...inSchema(p.schema) }],
  AttachPartition: ({ partition: p }) => [
    {
      kind: 'AttachPartition',
      table: p.parent,
      partition: p.name,
      bound: p.bound === 'DEFAULT' ? 'default' : sql(p.bound),
      ...onParent(p),
    },
  ],
  DetachPartition: ({ partition: p }) => [
    {
      kind: 'DetachPartition',
      table: p.parent,
      partition: p.name,
      ...onParent(p),
      bound: p.bound === 'DEFAULT' ? 'default' : sql(p.bound),
    },
  ],
};

/** Why an ATTACH PARTITION has no lint-clean form, for the revision's header. */
export const attachPartitionReason = ATTACH_REASON;
