import type { Change } from '../changes/change.js';
import type { PartitionChange, PartitionChangeKind } from '../changes/partition-changes.js';
import type { PartitionModel } from '../model/partitions.js';
import type { IndexModel } from '../model/schema-model.js';
import type { LintIgnore } from '../ops/op.js';
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

/**
 * Whether an index is on a partitioned table (`pg_get_indexdef` says `ON ONLY`): PostgreSQL
 * cannot build or drop it CONCURRENTLY.
 */
export function onPartitionedTable(index: IndexModel): boolean {
  return /^CREATE (?:UNIQUE )?INDEX .*? ON ONLY /.test(index.definition ?? '');
}

/** A CreateIndex or DropIndex change of an index on a partitioned table. */
export function isPartitionedIndexChange(change: Change): boolean {
  return (
    (change.kind === 'CreateIndex' || change.kind === 'DropIndex') &&
    onPartitionedTable(change.index)
  );
}

/**
 * The lintIgnore of a plain CREATE / DROP INDEX on an existing partitioned table, which has no
 * CONCURRENTLY form: what it locks, and the by-hand alternative.
 */
export function partitionedIndexIgnore(
  kind: 'CreateIndex' | 'DropIndex',
  table: string,
): LintIgnore {
  return kind === 'CreateIndex'
    ? {
        rule: 'require-concurrent-index-creation',
        reason: `${table} is partitioned: CREATE INDEX cannot run CONCURRENTLY on it and blocks writes to every partition while it builds; to stay online, write CREATE INDEX ON ONLY ${table}, CREATE INDEX CONCURRENTLY on each partition and ALTER INDEX … ATTACH PARTITION by hand`,
      }
    : {
        rule: 'require-concurrent-index-deletion',
        reason: `${table} is partitioned: DROP INDEX cannot run CONCURRENTLY on it and takes ACCESS EXCLUSIVE on the table and every partition`,
      };
}
