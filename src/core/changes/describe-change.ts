import { qualifiedKey } from '../model/schema-model.js';
import type { Change, ChangeKind, ChangeOf } from './change.js';
import { typeDescribers } from './type-changes.js';
import { routineDescribers } from './routine-changes.js';
import { partitionDescribers } from './partition-changes.js';
import { describeCommentChange } from './comment-changes.js';

type Describers = { readonly [K in ChangeKind]: (change: ChangeOf<K>) => string };

const t = (c: { schema: string; table: string }): string => qualifiedKey(c.schema, c.table);
const col = (c: { schema: string; table: string }, column: string): string => `${t(c)}.${column}`;
const show = (v: string | undefined): string => (v === undefined ? '(none)' : v);

const describers: Describers = {
  CreateSchema: (c) => `add schema ${c.schema}`,
  DropSchema: (c) => `drop schema ${c.schema}`,
  CreateExtension: (c) => `add extension ${c.extension.name}`,
  DropExtension: (c) => `drop extension ${c.extension.name}`,
  CreateEnum: (c) =>
    `add enum ${qualifiedKey(c.enum.schema, c.enum.name)} (${c.enum.values.join(', ')})`,
  DropEnum: (c) => `drop enum ${qualifiedKey(c.enum.schema, c.enum.name)}`,
  AddEnumValues: (c) =>
    `add values to enum ${qualifiedKey(c.to.schema, c.to.name)}: ${c.to.values.filter((v) => !c.from.values.includes(v)).join(', ')}`,
  ReplaceEnum: (c) =>
    `change enum ${qualifiedKey(c.to.schema, c.to.name)} values (${c.from.values.join(', ')}) → (${c.to.values.join(', ')})`,
  RenameEnumValue: (c) =>
    `rename value ${c.from} of enum ${qualifiedKey(c.enum.schema, c.enum.name)} to ${c.to}`,
  CreateSequence: (c) => `add sequence ${qualifiedKey(c.sequence.schema, c.sequence.name)}`,
  DropSequence: (c) => `drop sequence ${qualifiedKey(c.sequence.schema, c.sequence.name)}`,
  AlterSequence: (c) => `change sequence ${qualifiedKey(c.to.schema, c.to.name)}`,
  SetSequenceOwner: (c) =>
    `set owner of sequence ${qualifiedKey(c.sequence.schema, c.sequence.name)} to ${c.to === undefined ? 'none' : `${c.to.table}.${c.to.column}`}`,
  CreateTable: (c) => `add table ${qualifiedKey(c.table.schema, c.table.name)}`,
  DropTable: (c) => `drop table ${qualifiedKey(c.table.schema, c.table.name)}`,
  RenameTable: (c) => `rename table ${qualifiedKey(c.schema, c.from)} to ${c.to}`,
  SetTableSchema: (c) => `move table ${t(c)} to schema ${c.to}`,
  RenameConstraint: (c) => `rename constraint ${c.from} on ${t(c)} to ${c.to}`,
  AddColumn: (c) =>
    `add column ${col(c, c.column.name)} (${c.column.type}${c.column.notNull ? ' NOT NULL' : ''})`,
  DropColumn: (c) => `drop column ${col(c, c.column.name)}`,
  RenameColumn: (c) => `rename column ${col(c, c.from)} to ${c.to}`,
  AlterColumnType: (c) => `change type of ${col(c, c.column)}: ${c.from} → ${c.to}`,
  AlterColumnNullability: (c) => `${c.notNull ? 'set' : 'drop'} NOT NULL on ${col(c, c.column)}`,
  AlterColumnDefault: (c) =>
    `change default of ${col(c, c.column)}: ${show(c.from)} → ${show(c.to)}`,
  AlterColumnIdentity: (c) =>
    `change identity of ${col(c, c.column)}: ${show(c.from)} → ${show(c.to)}`,
  AddPrimaryKey: (c) => `add primary key on ${t(c)} (${c.primaryKey.columns.join(', ')})`,
  DropPrimaryKey: (c) => `drop primary key ${show(c.primaryKey.name)} on ${t(c)}`,
  SetTableLogged: (c) => `make table ${t(c)} ${c.unlogged ? 'unlogged' : 'logged'}`,
  SetTableStorage: (c) => `change storage parameters of table ${t(c)}`,
  AlterIdentityOptions: (c) => `change identity options of ${col(c, c.column)}`,
  AddExclusion: (c) =>
    `add exclusion constraint on ${t(c)} (${c.exclusion.elements.map((e) => `${e.key} WITH ${e.operator}`).join(', ')})`,
  DropExclusion: (c) => `drop exclusion constraint ${show(c.exclusion.name)} on ${t(c)}`,
  AddUnique: (c) => `add unique constraint on ${t(c)} (${c.unique.columns.join(', ')})`,
  DropUnique: (c) => `drop unique constraint ${show(c.unique.name)} on ${t(c)}`,
  AddCheck: (c) => `add check constraint on ${t(c)}: ${c.check.expression}`,
  DropCheck: (c) => `drop check constraint ${show(c.check.name)} on ${t(c)}`,
  AddForeignKey: (c) =>
    `add foreign key ${t(c)} (${c.foreignKey.columns.join(', ')}) → ${qualifiedKey(c.foreignKey.refSchema, c.foreignKey.refTable)} (${c.foreignKey.refColumns.join(', ')})`,
  DropForeignKey: (c) => `drop foreign key ${show(c.foreignKey.name)} on ${t(c)}`,
  CreateIndex: (c) => `add index ${show(c.index.name)} on ${t(c)} (${c.index.keys.join(', ')})`,
  DropIndex: (c) => `drop index ${show(c.index.name)} on ${t(c)}`,
  SetTableComment: (c) => `change comment of table ${t(c)}`,
  SetColumnComment: (c) => `change comment of column ${col(c, c.column)}`,
  ...typeDescribers,
  ...routineDescribers,
  ...partitionDescribers,
  SetComment: describeCommentChange,
};

/**
 * One line saying what a change does, for `check` and autogenerate summaries.
 *
 * @example
 * describeChange({ kind: 'CreateSchema', schema: 'audit' }); // 'add schema audit'
 */
export function describeChange(change: Change): string {
  return (describers[change.kind] as (c: Change) => string)(change);
}
