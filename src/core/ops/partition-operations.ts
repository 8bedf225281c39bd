import type { LintSuppression } from '../sql/statement.js';
import type { CommonOptions, SchemaOptions, SqlText } from './op.js';
import type { SqlExpression } from './sql-expression.js';

/*
 * The op API's declarative partitioning: a partition's bound, the options of the op methods and
 * the operations they record (see operations.ts for the conventions). A partitioned table itself
 * is `op.createTable(…, { partitionBy })`.
 */

type Opts<T extends CommonOptions> = Omit<T, 'lintIgnore'> & {
  readonly lintIgnore?: readonly LintSuppression[];
};

/** A value in a partition bound: a literal (quoted), or sql`MINVALUE` / sql`MAXVALUE` / any expression. */
export type PartitionBoundValue = string | number | bigint | boolean | null | Date | SqlExpression;

/**
 * Which rows a partition holds: `'default'`; a range `{ from, to }` (from inclusive, to
 * exclusive; one value per key column, or one value for a single-column key); a list
 * `{ in: [...] }`; a hash slot `{ modulus, remainder }`; or the bound as raw SQL
 * (sql`FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`).
 */
export type PartitionBound =
  | 'default'
  | {
      readonly from: PartitionBoundValue | readonly PartitionBoundValue[];
      readonly to: PartitionBoundValue | readonly PartitionBoundValue[];
    }
  | { readonly in: readonly PartitionBoundValue[] }
  | { readonly modulus: number; readonly remainder: number }
  | SqlExpression;

export interface CreatePartitionOptions extends SchemaOptions {
  /** The parent's schema when it differs from the partition's. */
  readonly parentSchema?: string;
  /** Sub-partitioned: its own key, sql`LIST (region)`. */
  readonly partitionBy?: SqlText;
  /** COMMENT ON TABLE, emitted after the partition. */
  readonly comment?: string;
}

export interface AttachPartitionOptions extends SchemaOptions {
  /** The partition's schema when it differs from the parent's (`schema`). */
  readonly partitionSchema?: string;
}

export interface DetachPartitionOptions extends AttachPartitionOptions {
  /**
   * `DETACH PARTITION … CONCURRENTLY` (PostgreSQL 14+): does not block queries on the parent;
   * runs outside a transaction. Not allowed with a default partition.
   */
  readonly concurrently?: boolean;
  /** The partition's bound before the detach: makes the op reversible (ATTACH with it). */
  readonly bound?: PartitionBound;
}

export type CreatePartition = {
  readonly kind: 'CreatePartition';
  readonly name: string;
  readonly parent: string;
  readonly bound: PartitionBound;
} & Opts<CreatePartitionOptions>;
export type AttachPartition = {
  readonly kind: 'AttachPartition';
  /** The partitioned table. */
  readonly table: string;
  readonly partition: string;
  readonly bound: PartitionBound;
} & Opts<AttachPartitionOptions>;
export type DetachPartition = {
  readonly kind: 'DetachPartition';
  readonly table: string;
  readonly partition: string;
} & Opts<DetachPartitionOptions>;

/** The operations of this file, members of the Operation union. */
export type PartitionOperation = CreatePartition | AttachPartition | DetachPartition;
