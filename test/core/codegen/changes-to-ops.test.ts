import { expect, it } from 'vitest';
import { changesToOps } from '../../../src/core/codegen/changes-to-ops.js';
import { diffSchemas } from '../../../src/core/diff/diff-schemas.js';
import {
  emptySchemaModel,
  type SchemaModel,
  type TableModel,
} from '../../../src/core/model/schema-model.js';

/*
 * What autogenerate writes, as text: lines within 100 columns in the revision file (the body is
 * indented by four), Prettier's breaking of long object literals, types spelled as people write
 * them instead of PostgreSQL's format_type spelling.
 */

const subscriptions: TableModel = {
  schema: 'public',
  name: 'subscriptions',
  uniques: [],
  foreignKeys: [],
  checks: [],
  indexes: [],
  primaryKey: { columns: ['id'] },
  columns: [
    { name: 'id', type: 'bigint', notNull: true, identity: 'always' },
    {
      name: 'stripe_subscription_id',
      type: 'character varying(255)',
      notNull: true,
      comment: 'the Stripe id, e.g. sub_1234567890',
    },
    {
      name: 'current_period_start',
      type: 'timestamp with time zone',
      notNull: true,
      default: 'now()',
    },
  ],
};
const v1: SchemaModel = { ...emptySchemaModel, tables: [subscriptions] };

it('writes a created table with short type names, long columns one option per line', () => {
  expect(changesToOps(diffSchemas(emptySchemaModel, v1), v1)).toBe(
    [
      "op.createTable('subscriptions', {",
      "  id: { type: 'bigint', identity: 'always' },",
      '  stripe_subscription_id: {',
      "    type: 'varchar(255)',",
      '    nullable: false,',
      "    comment: 'the Stripe id, e.g. sub_1234567890',",
      '  },',
      "  current_period_start: { type: 'timestamptz', nullable: false, default: sql`now()` },",
      "}, { primaryKey: { columns: ['id'] } });",
    ].join('\n'),
  );
});

it('hugs the options of a long op call and keeps every line within 96 columns', () => {
  const column = {
    name: 'cancel_at_period_end_requested_at',
    type: 'timestamp(3) with time zone',
    notNull: false,
    comment: 'when the customer asked to cancel at the end of the period',
  };
  const v2: SchemaModel = {
    ...v1,
    tables: [{ ...subscriptions, columns: [...subscriptions.columns, column] }],
  };
  const up = changesToOps(diffSchemas(v1, v2), v2);
  expect(up).toBe(
    [
      "op.addColumn('subscriptions', 'cancel_at_period_end_requested_at', {",
      "  type: 'timestamptz(3)',",
      "  comment: 'when the customer asked to cancel at the end of the period',",
      '});',
    ].join('\n'),
  );
  for (const line of up.split('\n')) expect(line.length).toBeLessThanOrEqual(96);
});
