import { quoteIdent } from '../sql/quote.js';
import { renderColumnType } from '../sql/render/fragments.js';
import type { AlterColumnOptions } from './op.js';
import type { AlterColumn, Operation, OperationKind, OperationOf } from './operations.js';
import { sql } from './sql-expression.js';

type Reverser<K extends OperationKind> = (op: OperationOf<K>) => Operation | null;

/** Keeps the `schema` key only when set, so reversed operations stay minimal and comparable. */
function inSchema(schema: string | undefined): { schema?: string } {
  return schema === undefined ? {} : { schema };
}

const dropConstraint = (op: { name: string; table: string; schema?: string }): Operation => ({
  kind: 'DropConstraint',
  name: op.name,
  table: op.table,
  ...inSchema(op.schema),
});

function reverseAlterColumn(op: AlterColumn): Operation | null {
  const back: {
    -readonly [K in keyof Omit<AlterColumnOptions, 'lintIgnore'>]: AlterColumnOptions[K];
  } = {};
  if (op.type !== undefined) {
    if (op.existingType === undefined) return null;
    back.type = op.existingType;
    back.existingType = op.type;
    // A conversion was needed one way; cast back explicitly rather than hope for an implicit one.
    if (op.using !== undefined) {
      back.using = sql(
        `${quoteIdent(op.newName ?? op.column)}::${renderColumnType(op.existingType)}`,
      );
    }
  }
  if (op.nullable !== undefined) {
    if (op.existingNullable === undefined) return null;
    back.nullable = op.existingNullable;
    back.existingNullable = op.nullable;
  }
  if (op.default !== undefined || op.dropDefault === true) {
    if (op.existingDefault === undefined) return null;
    if (op.existingDefault === null) back.dropDefault = true;
    else back.default = op.existingDefault;
    back.existingDefault = op.dropDefault === true ? null : op.default;
  }
  return {
    kind: 'AlterColumn',
    table: op.table,
    ...inSchema(op.schema),
    // After a rename the column has its new name; the reverse renames it back last.
    column: op.newName ?? op.column,
    ...back,
    ...(op.newName === undefined ? {} : { newName: op.column }),
  };
}

const reversers: { readonly [K in OperationKind]: Reverser<K> } = {
  CreateTable: (op) => ({ kind: 'DropTable', name: op.name, ...inSchema(op.schema) }),
  DropTable: () => null,
  SetTableSchema: (op) => ({
    kind: 'SetTableSchema',
    table: op.table,
    newSchema: op.schema ?? 'public',
    schema: op.newSchema,
  }),
  RenameConstraint: (op) => ({
    kind: 'RenameConstraint',
    table: op.table,
    from: op.to,
    to: op.from,
    ...inSchema(op.schema),
  }),
  RenameTable: (op) => ({ kind: 'RenameTable', from: op.to, to: op.from, ...inSchema(op.schema) }),
  AddColumn: (op) => ({
    kind: 'DropColumn',
    table: op.table,
    column: op.column.name,
    ...inSchema(op.schema),
    existing: withoutName(op.column),
  }),
  DropColumn: (op) =>
    op.existing === undefined
      ? null
      : {
          kind: 'AddColumn',
          table: op.table,
          column: { ...op.existing, name: op.column },
          ...inSchema(op.schema),
        },
  AlterColumn: reverseAlterColumn,
  CreateIndex: (op) => ({
    kind: 'DropIndex',
    name: op.name,
    ...inSchema(op.schema),
    ...(op.concurrently === true ? { concurrently: true } : {}),
  }),
  DropIndex: () => null,
  CreateForeignKey: dropConstraint,
  CreateUniqueConstraint: dropConstraint,
  CreatePrimaryKey: dropConstraint,
  CreateCheckConstraint: dropConstraint,
  CreateExclusionConstraint: dropConstraint,
  // There is no "unvalidate"; whether doing nothing is the inverse is the caller's call.
  ValidateConstraint: () => null,
  DropConstraint: () => null,
  CreateEnum: (op) => ({ kind: 'DropEnum', name: op.name, ...inSchema(op.schema) }),
  DropEnum: () => null,
  // PostgreSQL cannot remove a value from an enum.
  AddEnumValue: () => null,
  RenameEnumValue: (op) => ({
    kind: 'RenameEnumValue',
    type: op.type,
    from: op.to,
    to: op.from,
    ...inSchema(op.schema),
  }),
  CreateSchema: (op) => ({ kind: 'DropSchema', name: op.name }),
  DropSchema: () => null,
  CreateExtension: (op) => ({ kind: 'DropExtension', name: op.name }),
  DropExtension: () => null,
  CreateSequence: (op) => ({ kind: 'DropSequence', name: op.name, ...inSchema(op.schema) }),
  DropSequence: () => null,
  SetTableComment: (op) =>
    op.existingComment === undefined
      ? null
      : {
          kind: 'SetTableComment',
          table: op.table,
          comment: op.existingComment,
          existingComment: op.comment,
          ...inSchema(op.schema),
        },
  SetColumnComment: (op) =>
    op.existingComment === undefined
      ? null
      : {
          kind: 'SetColumnComment',
          table: op.table,
          column: op.column,
          comment: op.existingComment,
          existingComment: op.comment,
          ...inSchema(op.schema),
        },
  SetComment: (op) =>
    op.existingComment === undefined
      ? null
      : { ...withoutLintIgnore(op), comment: op.existingComment, existingComment: op.comment },
  CreateDomain: (op) => ({ kind: 'DropDomain', name: op.name, ...inSchema(op.schema) }),
  DropDomain: () => null,
  AlterDomain: reverseAlterDomain,
  CreateType: (op) => ({ kind: 'DropType', name: op.name, ...inSchema(op.schema) }),
  DropType: () => null,
  CreateCollation: (op) => ({ kind: 'DropCollation', name: op.name, ...inSchema(op.schema) }),
  DropCollation: () => null,
  Grant: (op) => grantReversed(op, 'Revoke'),
  // Whether the role had the grant option is not in the call.
  Revoke: (op) => grantReversed(op, 'Grant'),
  AlterIdentity: reverseAlterIdentity,
  Execute: () => null,
  BulkInsert: () => null,
  CreateFunction: (op) =>
    op.args === undefined
      ? null
      : {
          kind: 'DropFunction',
          name: op.name,
          args: op.args,
          ...(op.procedure === true ? { procedure: true } : {}),
          ...inSchema(op.schema),
        },
  DropFunction: () => null,
  CreateTrigger: (op) => ({
    kind: 'DropTrigger',
    name: op.name,
    table: op.table,
    ...inSchema(op.schema),
  }),
  DropTrigger: () => null,
  CreateView: (op) => ({
    kind: 'DropView',
    name: op.name,
    ...(op.materialized === true ? { materialized: true } : {}),
    ...inSchema(op.schema),
  }),
  DropView: () => null,
  SetRowLevelSecurity: (op) =>
    op.existing === undefined
      ? null
      : {
          kind: 'SetRowLevelSecurity',
          table: op.table,
          ...(op.enabled === undefined ? {} : { enabled: op.existing.enabled }),
          ...(op.force === undefined ? {} : { force: op.existing.force }),
          existing: {
            enabled: op.enabled ?? op.existing.enabled,
            force: op.force ?? op.existing.force,
          },
          ...inSchema(op.schema),
        },
  CreatePolicy: (op) => ({
    kind: 'DropPolicy',
    name: op.name,
    table: op.table,
    ...inSchema(op.schema),
  }),
  DropPolicy: () => null,
  CreatePartition: (op) => ({ kind: 'DropTable', name: op.name, ...inSchema(op.schema) }),
  AttachPartition: (op) => ({
    kind: 'DetachPartition',
    table: op.table,
    partition: op.partition,
    bound: op.bound,
    ...inSchema(op.schema),
    ...(op.partitionSchema === undefined ? {} : { partitionSchema: op.partitionSchema }),
  }),
  DetachPartition: (op) =>
    op.bound === undefined
      ? null
      : {
          kind: 'AttachPartition',
          table: op.table,
          partition: op.partition,
          bound: op.bound,
          ...inSchema(op.schema),
          ...(op.partitionSchema === undefined ? {} : { partitionSchema: op.partitionSchema }),
        },
};

/** The same privileges, object and roles: GRANT ↔ REVOKE. */
function grantReversed(
  op: OperationOf<'Grant'> | OperationOf<'Revoke'>,
  kind: 'Grant' | 'Revoke',
): Operation {
  return {
    kind,
    privileges: op.privileges,
    objectType: op.objectType,
    name: op.name,
    grantees: op.grantees,
    ...(op.args === undefined ? {} : { args: op.args }),
    ...inSchema(op.schema),
  };
}

function reverseAlterDomain(op: OperationOf<'AlterDomain'>): Operation | null {
  const base = { kind: 'AlterDomain' as const, name: op.name, ...inSchema(op.schema) };
  const actions = [
    op.default !== undefined,
    op.dropDefault === true,
    op.notNull !== undefined,
    op.addCheck !== undefined,
    op.dropConstraint !== undefined,
  ].filter(Boolean).length;
  if (actions !== 1) return null;
  if (op.notNull !== undefined) return { ...base, notNull: !op.notNull };
  if (op.addCheck !== undefined)
    return op.addCheck.name === undefined ? null : { ...base, dropConstraint: op.addCheck.name };
  if (op.dropConstraint !== undefined)
    return op.existingCheck === undefined
      ? null
      : { ...base, addCheck: { name: op.dropConstraint, expression: op.existingCheck } };
  if (op.existingDefault === undefined) return null;
  const back =
    op.existingDefault === null ? { dropDefault: true } : { default: op.existingDefault };
  const now = op.dropDefault === true ? null : (op.default ?? null);
  return { ...base, ...back, existingDefault: now };
}

function reverseAlterIdentity(op: OperationOf<'AlterIdentity'>): Operation | null {
  const base = {
    kind: 'AlterIdentity' as const,
    table: op.table,
    column: op.column,
    ...inSchema(op.schema),
  };
  if (op.add !== undefined) return { ...base, drop: true };
  const existing = op.existing;
  if (existing === undefined) return null;
  if (op.drop === true)
    return existing.identity === undefined
      ? null
      : {
          ...base,
          add: existing.identity,
          ...(existing.sequence === undefined ? {} : { sequence: existing.sequence }),
        };
  if (op.set !== undefined && existing.identity === undefined) return null;
  if (op.sequence !== undefined && existing.sequence === undefined) return null;
  return {
    ...base,
    ...(op.set === undefined ? {} : { set: existing.identity }),
    ...(op.sequence === undefined ? {} : { sequence: existing.sequence }),
    existing: {
      ...(op.set === undefined ? {} : { identity: op.set }),
      ...(op.sequence === undefined ? {} : { sequence: op.sequence }),
    },
  };
}

function withoutLintIgnore<T extends { lintIgnore?: unknown }>(op: T): Omit<T, 'lintIgnore'> {
  const { lintIgnore: _lintIgnore, ...rest } = op;
  return rest;
}

function withoutName<T extends { name: string }>(column: T): Omit<T, 'name'> {
  const { name: _name, ...rest } = column;
  return rest;
}

/**
 * The operation that undoes `op`, or `null` when the inverse is not knowable from the operation
 * alone (a dropped table's definition, data changes, enum values PostgreSQL cannot remove).
 * Ops made reversible by `existing…` options (dropColumn's `existing`, alterColumn's
 * `existingType`/`existingNullable`/`existingDefault`, comments' `existingComment`) reverse when
 * those are given. Lint suppressions do not carry over.
 *
 * @example
 * reverseOperation({ kind: 'RenameTable', from: 'user', to: 'users' });
 * // → { kind: 'RenameTable', from: 'users', to: 'user' }
 */
export function reverseOperation(op: Operation): Operation | null {
  return (reversers[op.kind] as Reverser<OperationKind>)(op);
}
