import type { CommentObjectType } from '../../ops/comment-operations.js';
import { InvalidOperationError } from '../../ops/op-errors.js';
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

/** Object types whose comment names a table: `COMMENT ON CONSTRAINT name ON table`. */
const onTable = new Set(['constraint', 'trigger', 'policy']);

/** `COMMENT ON <object type> <object> IS …` of setComment; `null` removes the comment. */
export const renderSetComment: Renderer<'SetComment'> = (op) => {
  let target: string;
  if (op.objectType === 'schema') {
    if (op.schema !== undefined)
      throw new InvalidOperationError('setComment', 'a schema takes no `schema` option');
    target = quoteIdent(op.name);
  } else if (onTable.has(op.objectType)) {
    if (op.table === undefined)
      throw new InvalidOperationError('setComment', `a ${op.objectType} needs its \`table\``);
    target = `${quoteIdent(op.name)} ON ${quoteQualified(op.table, op.schema)}`;
  } else {
    target = quoteQualified(op.name, op.schema);
  }
  if (op.objectType === 'function' || op.objectType === 'procedure') {
    if (op.args !== undefined && /;|--|\/\*/.test(op.args))
      throw new InvalidOperationError('setComment', '`args` must be argument types only');
    if (op.args !== undefined) target += `(${op.args})`;
  }
  if (!(kinds as readonly string[]).includes(op.objectType))
    throw new InvalidOperationError(
      'setComment',
      `unknown object type ${JSON.stringify(op.objectType)}: one of ${kinds.join(', ')}`,
    );
  return [
    inTransaction(
      `COMMENT ON ${op.objectType.toUpperCase()} ${target} IS ${quoteLiteral(op.comment)}`,
    ),
  ];
};

const kinds: readonly CommentObjectType[] = [
  'schema',
  'index',
  'constraint',
  'sequence',
  'type',
  'domain',
  'collation',
  'view',
  'materialized view',
  'function',
  'procedure',
  'trigger',
  'policy',
];
