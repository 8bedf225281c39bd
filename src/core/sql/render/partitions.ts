import { InvalidOperationError } from '../../ops/op-errors.js';
import type { PartitionBound, PartitionBoundValue } from '../../ops/partition-operations.js';
import { isSqlExpression } from '../../ops/sql-expression.js';
import { quoteLiteral, quoteQualified } from '../quote.js';
import type { Statement } from '../statement.js';
import { tableCommentSql } from './comments.js';
import { inTransaction, type Renderer } from './context.js';
import { sqlText } from './fragments.js';

/*
 * Declarative partitioning: CREATE TABLE … PARTITION OF, ATTACH and DETACH PARTITION, and the
 * one rendering of a partition bound (the declaration's partitionOf uses it too).
 */

const value = (v: PartitionBoundValue): string => (isSqlExpression(v) ? v.text : quoteLiteral(v));

const values = (
  v: PartitionBoundValue | readonly PartitionBoundValue[],
  what: string,
  op: string,
): string => {
  const list = Array.isArray(v)
    ? (v as readonly PartitionBoundValue[])
    : [v as PartitionBoundValue];
  if (list.length === 0)
    throw new InvalidOperationError(op, `the partition bound's ${what} is empty`);
  return list.map(value).join(', ');
};

/**
 * A partition bound as SQL: `DEFAULT`, `FOR VALUES FROM (…) TO (…)`, `FOR VALUES IN (…)`,
 * `FOR VALUES WITH (MODULUS m, REMAINDER r)`; values quoted as literals, sql`…` kept.
 *
 * @example
 * renderPartitionBound({ from: '2024-01-01', to: '2025-01-01' }); // FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
 */
export function renderPartitionBound(bound: PartitionBound, op = 'createPartition'): string {
  if (bound === 'default') return 'DEFAULT';
  if (isSqlExpression(bound)) return bound.text;
  if ('in' in bound) return `FOR VALUES IN (${values(bound.in, 'list', op)})`;
  if ('modulus' in bound) {
    const { modulus, remainder } = bound;
    if (!Number.isInteger(modulus) || !Number.isInteger(remainder) || modulus < 1 || remainder < 0)
      throw new InvalidOperationError(
        op,
        `a hash partition needs integers modulus ≥ 1 and remainder ≥ 0, got ${String(modulus)} and ${String(remainder)}`,
      );
    return `FOR VALUES WITH (MODULUS ${modulus}, REMAINDER ${remainder})`;
  }
  if ('from' in bound)
    return `FOR VALUES FROM (${values(bound.from, 'from', op)}) TO (${values(bound.to, 'to', op)})`;
  throw new InvalidOperationError(
    op,
    "a partition bound is 'default', { from, to }, { in: [...] }, { modulus, remainder } or sql`FOR VALUES …`",
  );
}

/** ` PARTITION BY …` of a partitioned table, or nothing. */
export function partitionByClause(key: Parameters<typeof sqlText>[0] | undefined): string {
  return key === undefined ? '' : ` PARTITION BY ${sqlText(key)}`;
}

export const renderCreatePartition: Renderer<'CreatePartition'> = (op) => {
  const statements: Statement[] = [
    inTransaction(
      `CREATE TABLE ${quoteQualified(op.name, op.schema)} PARTITION OF ${quoteQualified(op.parent, op.parentSchema ?? op.schema)} ${renderPartitionBound(op.bound)}${partitionByClause(op.partitionBy)}`,
    ),
  ];
  if (op.comment !== undefined)
    statements.push(inTransaction(tableCommentSql(op.name, op.schema, op.comment)));
  return statements;
};

export const renderAttachPartition: Renderer<'AttachPartition'> = (op) => [
  inTransaction(
    `ALTER TABLE ${quoteQualified(op.table, op.schema)} ATTACH PARTITION ${quoteQualified(op.partition, op.partitionSchema ?? op.schema)} ${renderPartitionBound(op.bound, 'attachPartition')}`,
  ),
];

export const renderDetachPartition: Renderer<'DetachPartition'> = (op) => {
  const text = `ALTER TABLE ${quoteQualified(op.table, op.schema)} DETACH PARTITION ${quoteQualified(op.partition, op.partitionSchema ?? op.schema)}`;
  return op.concurrently === true
    ? [{ sql: `${text} CONCURRENTLY`, transactional: false }]
    : [inTransaction(text)];
};
