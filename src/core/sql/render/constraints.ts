import { quoteIdent, quoteQualified } from '../quote.js';
import { inTransaction, type Renderer } from './context.js';
import {
  identList,
  renderActions,
  renderDeferrable,
  renderMatch,
  renderReferences,
  requireSome,
  sqlText,
} from './fragments.js';

/** `ALTER TABLE t ADD CONSTRAINT "name" <body>` */
function addConstraint(
  op: { name: string; table: string; schema?: string | undefined },
  body: string,
): string {
  // An empty name (autogenerate, for a constraint declared without one) lets PostgreSQL choose it.
  const name = op.name === '' ? '' : `CONSTRAINT ${quoteIdent(op.name)} `;
  return `ALTER TABLE ${quoteQualified(op.table, op.schema)} ADD ${name}${body}`;
}

/** `(cols)` or ` USING INDEX "ix"` for UNIQUE / PRIMARY KEY. */
function keyColumns(
  columns: readonly string[] | { readonly usingIndex: string },
  op: string,
): string {
  if ('usingIndex' in columns) return `USING INDEX ${quoteIdent(columns.usingIndex)}`;
  return `(${identList(requireSome(columns, op, 'column'))})`;
}

export const renderCreateForeignKey: Renderer<'CreateForeignKey'> = (op) => {
  requireSome(op.columns, 'createForeignKey', 'column');
  const body =
    `FOREIGN KEY (${identList(op.columns)}) ${renderReferences(op.references)}${renderMatch(op)}` +
    `${renderActions(op)}${renderDeferrable(op)}${op.notValid === true ? ' NOT VALID' : ''}`;
  return [inTransaction(addConstraint(op, body))];
};

export const renderCreateUniqueConstraint: Renderer<'CreateUniqueConstraint'> = (op) => {
  const nulls = op.nullsNotDistinct === true ? ' NULLS NOT DISTINCT' : '';
  const body = `UNIQUE${nulls} ${keyColumns(op.columns, 'createUniqueConstraint')}${renderDeferrable(op)}`;
  return [inTransaction(addConstraint(op, body))];
};

export const renderCreatePrimaryKey: Renderer<'CreatePrimaryKey'> = (op) => [
  inTransaction(
    addConstraint(
      op,
      `PRIMARY KEY ${keyColumns(op.columns, 'createPrimaryKey')}${renderDeferrable(op)}`,
    ),
  ),
];

export const renderCreateCheckConstraint: Renderer<'CreateCheckConstraint'> = (op) => {
  const body =
    `CHECK (${sqlText(op.condition)})${op.noInherit === true ? ' NO INHERIT' : ''}` +
    `${op.notValid === true ? ' NOT VALID' : ''}`;
  return [inTransaction(addConstraint(op, body))];
};

export const renderValidateConstraint: Renderer<'ValidateConstraint'> = (op) => [
  inTransaction(
    `ALTER TABLE ${quoteQualified(op.table, op.schema)} VALIDATE CONSTRAINT ${quoteIdent(op.name)}`,
  ),
];

export const renderDropConstraint: Renderer<'DropConstraint'> = (op) => [
  inTransaction(
    `ALTER TABLE ${quoteQualified(op.table, op.schema)} DROP CONSTRAINT ${op.ifExists === true ? 'IF EXISTS ' : ''}` +
      `${quoteIdent(op.name)}${op.cascade === true ? ' CASCADE' : ''}`,
  ),
];
