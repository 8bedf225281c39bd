import type { LintSuppression } from '../sql/statement.js';
import type {
  AddColumnOptions,
  AddEnumValueOptions,
  AlterColumnOptions,
  BulkInsertOptions,
  ColumnDefinition,
  CommentOptions,
  CommonOptions,
  CreateCheckConstraintOptions,
  CreateExclusionConstraintOptions,
  CreateExtensionOptions,
  CreateForeignKeyOptions,
  CreateIndexOptions,
  CreatePrimaryKeyOptions,
  CreateSchemaOptions,
  CreateSequenceOptions,
  CreateTableOptions,
  CreateUniqueConstraintOptions,
  DropColumnOptions,
  DropConstraintOptions,
  DropExtensionOptions,
  DropIndexOptions,
  DropSchemaOptions,
  DropSequenceOptions,
  DropTableOptions,
  DropTypeOptions,
  ExclusionElement,
  ExecuteOptions,
  IndexKey,
  LiteralValue,
  SchemaOptions,
  SqlText,
} from './op.js';
import type { RoutineOperation } from './routine-operations.js';
import type { PartitionOperation } from './partition-operations.js';
import type { SetComment } from './comment-operations.js';
import type { TypeOperation } from './type-operations.js';
import type { SqlExpression } from './sql-expression.js';

/*
 * Operations as data: one object per `op` call, tagged by a PascalCase `kind`. The renderer turns
 * each into Statements; reverseOperation computes the inverse where it is knowable; autogenerate
 * produces them from a schema diff. Fields mirror the `op` method's arguments and options, with
 * `lintIgnore` normalised to an array.
 */

/** Fields every operation carries. */
interface Base {
  /** Lint rules silenced on this operation's statements (normalised, reasons checked). */
  readonly lintIgnore?: readonly LintSuppression[];
}

/** The options of an op method, as they sit on its operation. */
type Opts<T extends CommonOptions> = Omit<T, 'lintIgnore'> & Base;

/** A column with its name, in table order. */
export interface NamedColumn extends ColumnDefinition {
  readonly name: string;
}

export type CreateTable = {
  readonly kind: 'CreateTable';
  readonly name: string;
  readonly columns: readonly NamedColumn[];
} & Opts<CreateTableOptions>;
export type DropTable = {
  readonly kind: 'DropTable';
  readonly name: string;
} & Opts<DropTableOptions>;
export type RenameTable = {
  readonly kind: 'RenameTable';
  readonly from: string;
  readonly to: string;
} & Opts<SchemaOptions>;
export type SetTableSchema = {
  readonly kind: 'SetTableSchema';
  readonly table: string;
  readonly newSchema: string;
} & Opts<SchemaOptions>;
export type RenameConstraint = {
  readonly kind: 'RenameConstraint';
  readonly table: string;
  readonly from: string;
  readonly to: string;
} & Opts<SchemaOptions>;
export type AddColumn = {
  readonly kind: 'AddColumn';
  readonly table: string;
  readonly column: NamedColumn;
} & Opts<AddColumnOptions>;
export type DropColumn = {
  readonly kind: 'DropColumn';
  readonly table: string;
  readonly column: string;
} & Opts<DropColumnOptions>;
export type AlterColumn = {
  readonly kind: 'AlterColumn';
  readonly table: string;
  readonly column: string;
} & Opts<AlterColumnOptions>;
export type CreateIndex = {
  readonly kind: 'CreateIndex';
  readonly name: string;
  readonly table: string;
  readonly keys: readonly IndexKey[];
} & Opts<CreateIndexOptions>;
export type DropIndex = {
  readonly kind: 'DropIndex';
  readonly name: string;
} & Opts<DropIndexOptions>;
export type CreateForeignKey = {
  readonly kind: 'CreateForeignKey';
  readonly name: string;
  readonly table: string;
} & Opts<CreateForeignKeyOptions>;
export type CreateUniqueConstraint = {
  readonly kind: 'CreateUniqueConstraint';
  readonly name: string;
  readonly table: string;
  /** Columns, or the name of an existing unique index to attach (`USING INDEX`). */
  readonly columns: readonly string[] | { readonly usingIndex: string };
} & Opts<CreateUniqueConstraintOptions>;
export type CreatePrimaryKey = {
  readonly kind: 'CreatePrimaryKey';
  readonly name: string;
  readonly table: string;
  readonly columns: readonly string[] | { readonly usingIndex: string };
} & Opts<CreatePrimaryKeyOptions>;
export type CreateCheckConstraint = {
  readonly kind: 'CreateCheckConstraint';
  readonly name: string;
  readonly table: string;
  readonly condition: SqlText;
} & Opts<CreateCheckConstraintOptions>;
export type CreateExclusionConstraint = {
  readonly kind: 'CreateExclusionConstraint';
  readonly name: string;
  readonly table: string;
  readonly elements: readonly ExclusionElement[];
} & Opts<CreateExclusionConstraintOptions>;
export type ValidateConstraint = {
  readonly kind: 'ValidateConstraint';
  readonly name: string;
  readonly table: string;
} & Opts<SchemaOptions>;
export type DropConstraint = {
  readonly kind: 'DropConstraint';
  readonly name: string;
  readonly table: string;
} & Opts<DropConstraintOptions>;
export type CreateEnum = {
  readonly kind: 'CreateEnum';
  readonly name: string;
  readonly values: readonly string[];
} & Opts<SchemaOptions>;
export type DropEnum = { readonly kind: 'DropEnum'; readonly name: string } & Opts<DropTypeOptions>;
export type AddEnumValue = {
  readonly kind: 'AddEnumValue';
  readonly type: string;
  readonly value: string;
} & Opts<AddEnumValueOptions>;
export type RenameEnumValue = {
  readonly kind: 'RenameEnumValue';
  readonly type: string;
  readonly from: string;
  readonly to: string;
} & Opts<SchemaOptions>;
export type CreateSchema = {
  readonly kind: 'CreateSchema';
  readonly name: string;
} & Opts<CreateSchemaOptions>;
export type DropSchema = {
  readonly kind: 'DropSchema';
  readonly name: string;
} & Opts<DropSchemaOptions>;
export type CreateExtension = {
  readonly kind: 'CreateExtension';
  readonly name: string;
} & Opts<CreateExtensionOptions>;
export type DropExtension = {
  readonly kind: 'DropExtension';
  readonly name: string;
} & Opts<DropExtensionOptions>;
export type CreateSequence = {
  readonly kind: 'CreateSequence';
  readonly name: string;
} & Opts<CreateSequenceOptions>;
export type DropSequence = {
  readonly kind: 'DropSequence';
  readonly name: string;
} & Opts<DropSequenceOptions>;
export type SetTableComment = {
  readonly kind: 'SetTableComment';
  readonly table: string;
  readonly comment: string | null;
} & Opts<CommentOptions>;
export type SetColumnComment = {
  readonly kind: 'SetColumnComment';
  readonly table: string;
  readonly column: string;
  readonly comment: string | null;
} & Opts<CommentOptions>;
export type Execute = { readonly kind: 'Execute'; readonly sql: SqlText } & Opts<ExecuteOptions>;
export type BulkInsert = {
  readonly kind: 'BulkInsert';
  readonly table: string;
  readonly rows: readonly Readonly<Record<string, LiteralValue | SqlExpression>>[];
} & Opts<BulkInsertOptions>;

/**
 * Every operation a migration can record, tagged by `kind`.
 *
 * @example
 * const op: Operation = { kind: 'CreateIndex', name: 'ix_users_email', table: 'users', keys: ['email'], concurrently: true };
 */
export type Operation =
  | CreateTable
  | DropTable
  | RenameTable
  | SetTableSchema
  | RenameConstraint
  | AddColumn
  | DropColumn
  | AlterColumn
  | CreateIndex
  | DropIndex
  | CreateForeignKey
  | CreateUniqueConstraint
  | CreatePrimaryKey
  | CreateCheckConstraint
  | CreateExclusionConstraint
  | ValidateConstraint
  | DropConstraint
  | CreateEnum
  | DropEnum
  | AddEnumValue
  | RenameEnumValue
  | CreateSchema
  | DropSchema
  | CreateExtension
  | DropExtension
  | CreateSequence
  | DropSequence
  | SetTableComment
  | SetColumnComment
  | Execute
  | BulkInsert
  | RoutineOperation
  | PartitionOperation
  | SetComment
  | TypeOperation;

export type OperationKind = Operation['kind'];

/** The operation of one kind: `OperationOf<'CreateIndex'>`. */
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/**
 * The `op` method that records an operation of this kind: `CreateIndex` → `createIndex`.
 *
 * @example
 * opMethodName('AddEnumValue'); // → 'addEnumValue'
 */
export function opMethodName(kind: OperationKind): string {
  return kind.charAt(0).toLowerCase() + kind.slice(1);
}
