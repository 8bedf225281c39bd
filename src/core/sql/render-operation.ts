import { renderCreateExclusionConstraint } from './render/exclusions.js';
import { InvalidOperationError } from '../ops/op-errors.js';
import { opMethodName, type Operation, type OperationKind } from '../ops/operations.js';
import {
  renderSetColumnComment,
  renderSetComment,
  renderSetTableComment,
} from './render/comments.js';
import {
  renderCreateCheckConstraint,
  renderCreateForeignKey,
  renderCreatePrimaryKey,
  renderCreateUniqueConstraint,
  renderDropConstraint,
  renderValidateConstraint,
} from './render/constraints.js';
import type { RenderContext, Renderer } from './render/context.js';
import { renderBulkInsert, renderExecute } from './render/data.js';
import {
  renderAddEnumValue,
  renderCreateEnum,
  renderDropEnum,
  renderRenameEnumValue,
} from './render/enums.js';
import { renderCreateIndex, renderDropIndex } from './render/indexes.js';
import {
  renderCreateExtension,
  renderCreateSchema,
  renderCreateSequence,
  renderDropExtension,
  renderDropSchema,
  renderDropSequence,
} from './render/namespaces.js';
import {
  renderCreateFunction,
  renderCreatePolicy,
  renderCreateTrigger,
  renderCreateView,
  renderDropFunction,
  renderDropPolicy,
  renderDropTrigger,
  renderDropView,
  renderSetRowLevelSecurity,
} from './render/routines.js';
import {
  renderAddColumn,
  renderAlterColumn,
  renderCreateTable,
  renderDropColumn,
  renderDropTable,
  renderRenameConstraint,
  renderRenameTable,
  renderSetTableSchema,
} from './render/table.js';
import {
  renderAlterDomain,
  renderAlterIdentity,
  renderCreateCollation,
  renderCreateDomain,
  renderCreateType,
  renderDropCollation,
  renderDropDomain,
  renderDropType,
  renderGrant,
  renderRevoke,
} from './render/types.js';
import type { Statement } from './statement.js';
import {
  renderAttachPartition,
  renderCreatePartition,
  renderDetachPartition,
} from './render/partitions.js';

export type { RenderContext } from './render/context.js';

// Keyed by every kind: adding an Operation without a renderer fails to compile.
const renderers: { readonly [K in OperationKind]: Renderer<K> } = {
  CreateTable: renderCreateTable,
  DropTable: renderDropTable,
  RenameTable: renderRenameTable,
  SetTableSchema: renderSetTableSchema,
  RenameConstraint: renderRenameConstraint,
  AddColumn: renderAddColumn,
  DropColumn: renderDropColumn,
  AlterColumn: renderAlterColumn,
  CreateIndex: renderCreateIndex,
  DropIndex: renderDropIndex,
  CreateForeignKey: renderCreateForeignKey,
  CreateUniqueConstraint: renderCreateUniqueConstraint,
  CreatePrimaryKey: renderCreatePrimaryKey,
  CreateCheckConstraint: renderCreateCheckConstraint,
  CreateExclusionConstraint: renderCreateExclusionConstraint,
  ValidateConstraint: renderValidateConstraint,
  DropConstraint: renderDropConstraint,
  CreateEnum: renderCreateEnum,
  DropEnum: renderDropEnum,
  AddEnumValue: renderAddEnumValue,
  RenameEnumValue: renderRenameEnumValue,
  CreateSchema: renderCreateSchema,
  DropSchema: renderDropSchema,
  CreateExtension: renderCreateExtension,
  DropExtension: renderDropExtension,
  CreateSequence: renderCreateSequence,
  DropSequence: renderDropSequence,
  SetTableComment: renderSetTableComment,
  SetColumnComment: renderSetColumnComment,
  SetComment: renderSetComment,
  Execute: renderExecute,
  BulkInsert: renderBulkInsert,
  CreateFunction: renderCreateFunction,
  DropFunction: renderDropFunction,
  CreateTrigger: renderCreateTrigger,
  DropTrigger: renderDropTrigger,
  CreateView: renderCreateView,
  DropView: renderDropView,
  SetRowLevelSecurity: renderSetRowLevelSecurity,
  CreatePolicy: renderCreatePolicy,
  DropPolicy: renderDropPolicy,
  CreatePartition: renderCreatePartition,
  AttachPartition: renderAttachPartition,
  DetachPartition: renderDetachPartition,
  CreateDomain: renderCreateDomain,
  AlterDomain: renderAlterDomain,
  DropDomain: renderDropDomain,
  CreateType: renderCreateType,
  DropType: renderDropType,
  CreateCollation: renderCreateCollation,
  DropCollation: renderDropCollation,
  Grant: renderGrant,
  Revoke: renderRevoke,
  AlterIdentity: renderAlterIdentity,
};

/**
 * Renders one operation to the statements that carry it out, every identifier and literal quoted.
 * Each statement gets `source.op` (and `source.file` from the context) and the operation's
 * `lintIgnore`. CREATE/DROP INDEX CONCURRENTLY come out `transactional: false`.
 *
 * @example
 * renderOperation({ kind: 'CreateIndex', name: 'ix_users_email', table: 'users', keys: ['email'], concurrently: true });
 * // → [{ sql: 'CREATE INDEX CONCURRENTLY "ix_users_email" ON "users" ("email")', transactional: false, source: { op: 'createIndex' } }]
 */
export function renderOperation(op: Operation, context: RenderContext = {}): Statement[] {
  let statements: Statement[];
  try {
    statements = (renderers[op.kind] as Renderer<OperationKind>)(op, context);
  } catch (error) {
    // quoteIdent/quoteLiteral throw TypeError (empty name, NUL); renderers name a part, not the
    // op. Either way the user needs the op method and the file.
    if (error instanceof TypeError || error instanceof InvalidOperationError) {
      const problem = error instanceof InvalidOperationError ? error.problem : error.message;
      throw new InvalidOperationError(opMethodName(op.kind), problem, { file: context.file });
    }
    throw error;
  }
  const source = {
    ...(context.file === undefined ? {} : { file: context.file }),
    op: opMethodName(op.kind),
  };
  return statements.map((statement) => ({
    ...statement,
    source: { ...source, ...statement.source },
    ...(op.lintIgnore === undefined || op.lintIgnore.length === 0
      ? {}
      : { lintIgnore: [...(statement.lintIgnore ?? []), ...op.lintIgnore] }),
  }));
}
