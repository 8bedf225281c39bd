import { InvalidOperationError } from '../../ops/op-errors.js';
import type { ColumnsConstraint, SqlText, TableCheck } from '../../ops/op.js';
import { isSqlExpression } from '../../ops/sql-expression.js';
import { quoteIdent, quoteQualified } from '../quote.js';
import type { Statement } from '../statement.js';
import { partitionByClause } from './partitions.js';
import { renderColumn } from './column.js';
import { columnCommentSql, tableCommentSql } from './comments.js';
import { inTransaction, type Renderer } from './context.js';
import {
  constraintName,
  identList,
  renderActions,
  renderColumnType,
  renderDefault,
  renderDeferrable,
  renderMatch,
  renderReferences,
  renderStorageParameters,
  requireSome,
  sqlText,
} from './fragments.js';

function asConstraint(value: readonly string[] | ColumnsConstraint): ColumnsConstraint {
  return 'columns' in value ? value : { columns: value as readonly string[] };
}

function asCheck(value: SqlText | TableCheck): TableCheck {
  return typeof value === 'string' || isSqlExpression(value) ? { expression: value } : value;
}

export const renderCreateTable: Renderer<'CreateTable'> = (op) => {
  const table = quoteQualified(op.name, op.schema);
  const lines = op.columns.map((column) => renderColumn(column.name, column));
  if (op.primaryKey !== undefined) {
    const pk = asConstraint(op.primaryKey);
    requireSome(pk.columns, 'createTable', 'primary-key column');
    lines.push(
      `${constraintName(pk.name)}PRIMARY KEY (${identList(pk.columns)})${renderDeferrable(pk)}`,
    );
  }
  for (const entry of op.unique ?? []) {
    const unique = asConstraint(entry);
    requireSome(unique.columns, 'createTable', 'unique column');
    const nulls = unique.nullsNotDistinct === true ? ' NULLS NOT DISTINCT' : '';
    lines.push(
      `${constraintName(unique.name)}UNIQUE${nulls} (${identList(unique.columns)})${renderDeferrable(unique)}`,
    );
  }
  for (const fk of op.foreignKeys ?? []) {
    requireSome(fk.columns, 'createTable', 'foreign-key column');
    lines.push(
      `${constraintName(fk.name)}FOREIGN KEY (${identList(fk.columns)}) ${renderReferences(fk.references)}${renderMatch(fk)}${renderActions(fk)}${renderDeferrable(fk)}`,
    );
  }
  for (const entry of op.checks ?? []) {
    const check = asCheck(entry);
    lines.push(
      `${constraintName(check.name)}CHECK (${sqlText(check.expression)})${check.noInherit === true ? ' NO INHERIT' : ''}`,
    );
  }
  // A table without columns is legal in PostgreSQL (`CREATE TABLE t ()`).
  const body = lines.length === 0 ? '()' : `(\n  ${lines.join(',\n  ')}\n)`;
  const statements: Statement[] = [
    inTransaction(
      `CREATE ${op.unlogged === true ? 'UNLOGGED ' : ''}TABLE ${op.ifNotExists === true ? 'IF NOT EXISTS ' : ''}${table} ${body}` +
        partitionByClause(op.partitionBy) +
        renderStorageParameters(op.with, 'createTable'),
    ),
  ];
  if (op.comment !== undefined) {
    statements.push(inTransaction(tableCommentSql(op.name, op.schema, op.comment)));
  }
  for (const column of op.columns) {
    if (column.comment === undefined) continue;
    statements.push(
      inTransaction(
        columnCommentSql(
          { table: op.name, schema: op.schema, column: column.name },
          column.comment,
        ),
      ),
    );
  }
  return statements;
};

export const renderDropTable: Renderer<'DropTable'> = (op) => [
  inTransaction(
    `DROP TABLE ${op.ifExists === true ? 'IF EXISTS ' : ''}${quoteQualified(op.name, op.schema)}${op.cascade === true ? ' CASCADE' : ''}`,
  ),
];

export const renderRenameTable: Renderer<'RenameTable'> = (op) => [
  inTransaction(`ALTER TABLE ${quoteQualified(op.from, op.schema)} RENAME TO ${quoteIdent(op.to)}`),
];

export const renderSetTableSchema: Renderer<'SetTableSchema'> = (op) => [
  inTransaction(
    `ALTER TABLE ${quoteQualified(op.table, op.schema)} SET SCHEMA ${quoteIdent(op.newSchema)}`,
  ),
];

export const renderRenameConstraint: Renderer<'RenameConstraint'> = (op) => [
  inTransaction(
    `ALTER TABLE ${quoteQualified(op.table, op.schema)} RENAME CONSTRAINT ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`,
  ),
];

export const renderAddColumn: Renderer<'AddColumn'> = (op) => {
  const table = quoteQualified(op.table, op.schema);
  const statements = [
    inTransaction(
      `ALTER TABLE ${table} ADD COLUMN ${op.ifNotExists === true ? 'IF NOT EXISTS ' : ''}${renderColumn(op.column.name, op.column)}`,
    ),
  ];
  if (op.column.comment !== undefined) {
    statements.push(
      inTransaction(
        columnCommentSql(
          { table: op.table, schema: op.schema, column: op.column.name },
          op.column.comment,
        ),
      ),
    );
  }
  return statements;
};

export const renderDropColumn: Renderer<'DropColumn'> = (op) => [
  inTransaction(
    `ALTER TABLE ${quoteQualified(op.table, op.schema)} DROP COLUMN ${op.ifExists === true ? 'IF EXISTS ' : ''}${quoteIdent(op.column)}${op.cascade === true ? ' CASCADE' : ''}`,
  ),
];

export const renderAlterColumn: Renderer<'AlterColumn'> = (op) => {
  const table = quoteQualified(op.table, op.schema);
  const column = quoteIdent(op.column);
  const actions: string[] = [];
  if (op.type !== undefined && op.default !== undefined) {
    // ALTER TYPE converts the old default without USING and fails when no cast exists; a DROP
    // DEFAULT in the same statement runs first (PostgreSQL orders the subcommands), and is a
    // no-op when there was none.
    actions.push(`ALTER COLUMN ${column} DROP DEFAULT`);
  }
  if (op.type !== undefined) {
    const using = op.using === undefined ? '' : ` USING ${sqlText(op.using)}`;
    actions.push(`ALTER COLUMN ${column} TYPE ${renderColumnType(op.type)}${using}`);
  } else if (op.using !== undefined) {
    throw new InvalidOperationError('alterColumn', '`using` needs a new `type`');
  }
  if (op.default !== undefined && op.dropDefault === true) {
    throw new InvalidOperationError(
      'alterColumn',
      'give either `default` or `dropDefault`, not both',
    );
  }
  if (op.default !== undefined) {
    actions.push(`ALTER COLUMN ${column} SET DEFAULT ${renderDefault(op.default)}`);
  }
  if (op.dropDefault === true) actions.push(`ALTER COLUMN ${column} DROP DEFAULT`);
  if (op.nullable === false) actions.push(`ALTER COLUMN ${column} SET NOT NULL`);
  if (op.nullable === true) actions.push(`ALTER COLUMN ${column} DROP NOT NULL`);
  const statements: Statement[] = [];
  if (actions.length > 0)
    statements.push(inTransaction(`ALTER TABLE ${table} ${actions.join(', ')}`));
  // RENAME cannot share an ALTER TABLE with other actions; it runs last.
  if (op.newName !== undefined) {
    statements.push(
      inTransaction(`ALTER TABLE ${table} RENAME COLUMN ${column} TO ${quoteIdent(op.newName)}`),
    );
  }
  if (statements.length === 0) {
    throw new InvalidOperationError(
      'alterColumn',
      `nothing to change on column ${JSON.stringify(op.column)}: give type, nullable, default, dropDefault or newName`,
    );
  }
  return statements;
};
