import { quoteQualified } from '../quote.js';
import { InvalidOperationError } from '../../ops/op-errors.js';
import type { Statement } from '../statement.js';
import type { Renderer } from './context.js';
import { identList, renderValue, sqlText } from './fragments.js';

export const renderExecute: Renderer<'Execute'> = (op, context) => {
  const text = sqlText(op.sql);
  if (context.splitSql !== undefined) {
    const statements = context.splitSql(text);
    return op.transactional === undefined
      ? statements
      : statements.map((statement) => ({ ...statement, transactional: op.transactional === true }));
  }
  const body = text.trim().replace(/;\s*$/, '');
  if (body === '') return [];
  return [{ sql: body, transactional: op.transactional ?? true }];
};

const defaultChunkSize = 1000;

export const renderBulkInsert: Renderer<'BulkInsert'> = (op) => {
  if (op.rows.length === 0) return [];
  const columns = op.columns ?? [...new Set(op.rows.flatMap((row) => Object.keys(row)))];
  if (columns.length === 0) {
    throw new InvalidOperationError('bulkInsert', 'rows have no columns; give at least one value');
  }
  const chunkSize = op.chunkSize ?? defaultChunkSize;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new InvalidOperationError('bulkInsert', '`chunkSize` must be a positive integer');
  }
  const known = new Set(columns);
  const tuples = op.rows.map((row, index) => {
    for (const key of Object.keys(row)) {
      if (!known.has(key)) {
        throw new InvalidOperationError(
          'bulkInsert',
          `row ${index} has column ${JSON.stringify(key)}, which is not in \`columns\``,
        );
      }
    }
    // A key missing from a row means "the column's default", as in an INSERT that omits it.
    const values = columns.map((column) => {
      // Own keys only: a column named `valueOf` or `constructor` is not Object.prototype's.
      const value = Object.hasOwn(row, column) ? row[column] : undefined;
      return value === undefined ? 'DEFAULT' : renderValue(value);
    });
    return `(${values.join(', ')})`;
  });
  const head = `INSERT INTO ${quoteQualified(op.table, op.schema)} (${identList(columns)}) VALUES`;
  const statements: Statement[] = [];
  for (let start = 0; start < tuples.length; start += chunkSize) {
    statements.push({
      sql: `${head}\n  ${tuples.slice(start, start + chunkSize).join(',\n  ')}`,
      transactional: true,
    });
  }
  return statements;
};
