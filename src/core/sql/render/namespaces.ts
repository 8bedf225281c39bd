import { InvalidOperationError } from '../../ops/op-errors.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';
import { inTransaction, type Renderer } from './context.js';

const ifExists = (flag: boolean | undefined): string => (flag === true ? 'IF EXISTS ' : '');
const ifNotExists = (flag: boolean | undefined): string => (flag === true ? 'IF NOT EXISTS ' : '');
const cascade = (flag: boolean | undefined): string => (flag === true ? ' CASCADE' : '');

export const renderCreateSchema: Renderer<'CreateSchema'> = (op) => [
  inTransaction(
    `CREATE SCHEMA ${ifNotExists(op.ifNotExists)}${quoteIdent(op.name)}` +
      (op.authorization === undefined ? '' : ` AUTHORIZATION ${quoteIdent(op.authorization)}`),
  ),
];

export const renderDropSchema: Renderer<'DropSchema'> = (op) => [
  inTransaction(`DROP SCHEMA ${ifExists(op.ifExists)}${quoteIdent(op.name)}${cascade(op.cascade)}`),
];

export const renderCreateExtension: Renderer<'CreateExtension'> = (op) => {
  let text = `CREATE EXTENSION ${ifNotExists(op.ifNotExists)}${quoteIdent(op.name)}`;
  if (op.schema !== undefined) text += ` SCHEMA ${quoteIdent(op.schema)}`;
  if (op.version !== undefined) text += ` VERSION ${quoteLiteral(op.version)}`;
  return [inTransaction(text + cascade(op.cascade))];
};

export const renderDropExtension: Renderer<'DropExtension'> = (op) => [
  inTransaction(
    `DROP EXTENSION ${ifExists(op.ifExists)}${quoteIdent(op.name)}${cascade(op.cascade)}`,
  ),
];

function sequenceNumber(name: string, value: number | bigint): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new InvalidOperationError('createSequence', `${name} must be an integer, got ${value}`);
  }
  return quoteLiteral(value);
}

export const renderCreateSequence: Renderer<'CreateSequence'> = (op) => {
  let text = `CREATE SEQUENCE ${ifNotExists(op.ifNotExists)}${quoteQualified(op.name, op.schema)}`;
  if (op.as !== undefined) {
    if (!['smallint', 'integer', 'bigint'].includes(op.as)) {
      throw new InvalidOperationError('createSequence', '`as` must be smallint, integer or bigint');
    }
    text += ` AS ${op.as}`;
  }
  if (op.increment !== undefined)
    text += ` INCREMENT BY ${sequenceNumber('increment', op.increment)}`;
  if (op.minValue !== undefined) text += ` MINVALUE ${sequenceNumber('minValue', op.minValue)}`;
  if (op.maxValue !== undefined) text += ` MAXVALUE ${sequenceNumber('maxValue', op.maxValue)}`;
  if (op.start !== undefined) text += ` START WITH ${sequenceNumber('start', op.start)}`;
  if (op.cache !== undefined) text += ` CACHE ${sequenceNumber('cache', op.cache)}`;
  if (op.cycle !== undefined) text += op.cycle ? ' CYCLE' : ' NO CYCLE';
  if (op.ownedBy !== undefined) {
    text += ` OWNED BY ${quoteQualified(op.ownedBy.table, op.schema)}.${quoteIdent(op.ownedBy.column)}`;
  }
  return [inTransaction(text)];
};

export const renderDropSequence: Renderer<'DropSequence'> = (op) => [
  inTransaction(
    `DROP SEQUENCE ${ifExists(op.ifExists)}${quoteQualified(op.name, op.schema)}${cascade(op.cascade)}`,
  ),
];
