import { InvalidOperationError } from '../../ops/op-errors.js';
import type { IndexKey } from '../../ops/op.js';
import { isSqlExpression } from '../../ops/sql-expression.js';
import { quoteIdent, quoteQualified } from '../quote.js';
import type { Renderer } from './context.js';
import { identList, renderStorageParameters, requireSome, sqlText } from './fragments.js';

/** One index key: a quoted column, a parenthesised expression, with collation/opclass/order. */
export function renderIndexKey(key: IndexKey): string {
  if (typeof key === 'string') return quoteIdent(key);
  // Expressions are parenthesised: PostgreSQL requires it for anything but a bare function call.
  if (isSqlExpression(key)) return `(${key.text})`;
  if ((key.column === undefined) === (key.expression === undefined)) {
    throw new InvalidOperationError(
      'createIndex',
      'an index key needs exactly one of `column` or `expression`',
    );
  }
  let out =
    key.column === undefined ? `(${sqlText(key.expression ?? '')})` : quoteIdent(key.column);
  if (key.collate !== undefined) out += ` COLLATE ${quoteIdent(key.collate)}`;
  if (key.opclass !== undefined) out += ` ${quoteIdent(key.opclass)}`;
  if (key.order !== undefined) out += key.order === 'desc' ? ' DESC' : ' ASC';
  if (key.nulls !== undefined) out += key.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
  return out;
}

export const renderCreateIndex: Renderer<'CreateIndex'> = (op) => {
  requireSome(op.keys, 'createIndex', 'key');
  const concurrently = op.concurrently === true;
  let text = `CREATE ${op.unique === true ? 'UNIQUE ' : ''}INDEX ${concurrently ? 'CONCURRENTLY ' : ''}`;
  // The index lives in its table's schema: its own name is never qualified here.
  // An empty name (autogenerate, for an index declared without one) lets PostgreSQL choose it.
  const name = op.name === '' ? '' : `${quoteIdent(op.name)} `;
  text += `${op.ifNotExists === true ? 'IF NOT EXISTS ' : ''}${name}ON ${quoteQualified(op.table, op.schema)}`;
  if (op.method !== undefined) text += ` USING ${quoteIdent(op.method)}`;
  text += ` (${op.keys.map(renderIndexKey).join(', ')})`;
  if (op.include !== undefined && op.include.length > 0)
    text += ` INCLUDE (${identList(op.include)})`;
  if (op.nullsNotDistinct === true) text += ' NULLS NOT DISTINCT';
  text += renderStorageParameters(op.with, 'createIndex');
  if (op.where !== undefined) text += ` WHERE ${sqlText(op.where)}`;
  return [{ sql: text, transactional: !concurrently }];
};

export const renderDropIndex: Renderer<'DropIndex'> = (op) => {
  const concurrently = op.concurrently === true;
  if (concurrently && op.cascade === true) {
    throw new InvalidOperationError(
      'dropIndex',
      'PostgreSQL does not allow CASCADE with CONCURRENTLY',
    );
  }
  const text =
    `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${op.ifExists === true ? 'IF EXISTS ' : ''}` +
    `${quoteQualified(op.name, op.schema)}${op.cascade === true ? ' CASCADE' : ''}`;
  return [{ sql: text, transactional: !concurrently }];
};
