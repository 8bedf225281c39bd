import { InvalidOperationError } from '../../ops/op-errors.js';
import { quoteLiteral, quoteQualified } from '../quote.js';
import { inTransaction, type Renderer } from './context.js';

export const renderCreateEnum: Renderer<'CreateEnum'> = (op) => [
  inTransaction(
    `CREATE TYPE ${quoteQualified(op.name, op.schema)} AS ENUM (${op.values.map((value) => quoteLiteral(value)).join(', ')})`,
  ),
];

export const renderDropEnum: Renderer<'DropEnum'> = (op) => [
  inTransaction(
    `DROP TYPE ${op.ifExists === true ? 'IF EXISTS ' : ''}${quoteQualified(op.name, op.schema)}${op.cascade === true ? ' CASCADE' : ''}`,
  ),
];

export const renderAddEnumValue: Renderer<'AddEnumValue'> = (op) => {
  if (op.before !== undefined && op.after !== undefined) {
    throw new InvalidOperationError('addEnumValue', 'give either `before` or `after`, not both');
  }
  let text = `ALTER TYPE ${quoteQualified(op.type, op.schema)} ADD VALUE ${op.ifNotExists === true ? 'IF NOT EXISTS ' : ''}${quoteLiteral(op.value)}`;
  if (op.before !== undefined) text += ` BEFORE ${quoteLiteral(op.before)}`;
  if (op.after !== undefined) text += ` AFTER ${quoteLiteral(op.after)}`;
  return [
    {
      sql: text,
      transactional: true,
      addsEnumValue: {
        type: op.type,
        ...(op.schema === undefined ? {} : { schema: op.schema }),
        value: op.value,
      },
    },
  ];
};

export const renderRenameEnumValue: Renderer<'RenameEnumValue'> = (op) => [
  inTransaction(
    `ALTER TYPE ${quoteQualified(op.type, op.schema)} RENAME VALUE ${quoteLiteral(op.from)} TO ${quoteLiteral(op.to)}`,
  ),
];
