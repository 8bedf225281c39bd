import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';
import { inTransaction, type Renderer } from './context.js';

/** `COMMENT ON TABLE … IS …`; `null` removes the comment. */
export function tableCommentSql(
  table: string,
  schema: string | undefined,
  comment: string | null,
): string {
  return `COMMENT ON TABLE ${quoteQualified(table, schema)} IS ${quoteLiteral(comment)}`;
}

/** `COMMENT ON COLUMN … IS …`; `null` removes the comment. */
export function columnCommentSql(
  target: { table: string; schema?: string | undefined; column: string },
  comment: string | null,
): string {
  return `COMMENT ON COLUMN ${quoteQualified(target.table, target.schema)}.${quoteIdent(target.column)} IS ${quoteLiteral(comment)}`;
}

export const renderSetTableComment: Renderer<'SetTableComment'> = (op) => [
  inTransaction(tableCommentSql(op.table, op.schema, op.comment)),
];

export const renderSetColumnComment: Renderer<'SetColumnComment'> = (op) => [
  inTransaction(columnCommentSql(op, op.comment)),
];
