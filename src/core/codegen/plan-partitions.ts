import type { Change } from '../changes/change.js';
import type { PartitionChange, PartitionChangeKind } from '../changes/partition-changes.js';
import type { PartitionModel } from '../model/partitions.js';
import type { IndexModel } from '../model/schema-model.js';
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

/**
 * Whether a change is one that has an online form (plan.ts' safe forms) but targets a partitioned
 * table, where PostgreSQL has none: no CREATE/DROP INDEX CONCURRENTLY, no NOT VALID foreign key
 * (before 18), no ADD … USING INDEX.
 */
export function onPartitioned(
  change: Change,
  ctx: { readonly partitioned?: ReadonlySet<string> | undefined },
): boolean {
  switch (change.kind) {
    case 'CreateIndex':
    case 'DropIndex':
      return onPartitionedTable(change.index);
    case 'AddUnique':
    case 'AddPrimaryKey':
    case 'AddForeignKey':
      return ctx.partitioned?.has(`${change.schema}.${change.table}`) === true;
    default:
      return false;
  }
}

const partitionedRule: Partial<Record<Change['kind'], string>> = {
  CreateIndex: 'require-concurrent-index-creation',
  DropIndex: 'require-concurrent-index-deletion',
  AddUnique: 'disallowed-unique-constraint',
  AddForeignKey: 'adding-foreign-key-constraint',
};

const partitionedReason = (kind: Change['kind'], table: string): string =>
  kind === 'DropIndex'
    ? `${table} is partitioned: DROP INDEX cannot run CONCURRENTLY on it and takes ACCESS EXCLUSIVE on the table and every partition`
    : kind === 'AddForeignKey'
      ? `${table} is partitioned: a foreign key cannot be added NOT VALID on it, so every partition is scanned while writes wait`
      : `${table} is partitioned: the index cannot be built CONCURRENTLY on it and writes to every partition wait while it builds; to stay online, write CREATE INDEX ON ONLY ${table}, CREATE INDEX CONCURRENTLY on each partition and ALTER INDEX … ATTACH PARTITION by hand`;

/**
 * The operations of a change on an existing partitioned table (see {@link onPartitioned}) with the
 * lintIgnore the plain form needs, saying what it locks; other changes' operations unchanged.
 */
export function markPartitioned(
  change: Change,
  ctx: { readonly partitioned?: ReadonlySet<string> | undefined },
  operations: Operation[],
): Operation[] {
  const rule = partitionedRule[change.kind];
  if (rule === undefined || !onPartitioned(change, ctx)) return operations;
  const table = (change as Change & { readonly table: string }).table;
  const ignore = { rule, reason: partitionedReason(change.kind, table) };
  return operations.map((op) => ({ ...op, lintIgnore: [...(op.lintIgnore ?? []), ignore] }));
}
