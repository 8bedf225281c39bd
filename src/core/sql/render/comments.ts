import { quoteIdent, quoteLiteral } from '../quote.js';
import { inTransaction, type Renderer } from './context.js';
import { qualified } from './fragments.js';

export const renderSetTableComment: Renderer<'SetTableComment'> = (op) => [
  inTransaction(
    `COMMENT ON TABLE ${qualified(op.table, op.schema)} IS ${quoteLiteral(op.comment)}`,
  ),
];

export const renderSetColumnComment: Renderer<'SetColumnComment'> = (op) => [
  inTransaction(
    `COMMENT ON COLUMN ${qualified(op.table, op.schema)}.${quoteIdent(op.column)} IS ${quoteLiteral(op.comment)}`,
  ),
];
