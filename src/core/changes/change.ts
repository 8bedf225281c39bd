import type { TypeChange } from './type-changes.js';
import type {
  CheckModel,
  ColumnModel,
  EnumModel,
  ExclusionModel,
  ExtensionModel,
  ForeignKeyModel,
  IndexModel,
  PrimaryKeyModel,
  SequenceModel,
  TableModel,
  UniqueModel,
} from '../model/schema-model.js';
import type { RoutineChange } from './routine-changes.js';
import type { PartitionChange } from './partition-changes.js';
import type { CommentChange } from './comment-changes.js';

/** Where a table lives. */
export interface TableRef {
  readonly schema: string;
  readonly table: string;
}

/** A column of an enum type, recast when the type is recreated. */
export type EnumColumn = TableRef & {
  readonly column: string;
  readonly default?: string | undefined;
  /** The column is an array of the enum (`mood[]`). */
  readonly array?: boolean | undefined;
};

/**
 * One schema change, as data. Every kind carries what its inverse needs (a drop carries the
 * dropped object), so {@link reverseChange} needs nothing else.
 */
export type Change =
  | { readonly kind: 'CreateSchema'; readonly schema: string }
  | { readonly kind: 'DropSchema'; readonly schema: string }
  | { readonly kind: 'CreateExtension'; readonly extension: ExtensionModel }
  | { readonly kind: 'DropExtension'; readonly extension: ExtensionModel }
  | { readonly kind: 'CreateEnum'; readonly enum: EnumModel }
  | { readonly kind: 'DropEnum'; readonly enum: EnumModel }
  /**
   * Appends or inserts labels; `from` is the enum before. Its inverse removes them (destructive),
   * recasting `columns` (the columns of the old schema using the type).
   */
  | {
      readonly kind: 'AddEnumValues';
      readonly from: EnumModel;
      readonly to: EnumModel;
      readonly columns: readonly EnumColumn[];
    }
  /** Any other change of labels: recreates the type and recasts the columns using it. */
  | {
      readonly kind: 'ReplaceEnum';
      readonly from: EnumModel;
      readonly to: EnumModel;
      readonly columns: readonly EnumColumn[];
    }
  /** ALTER TYPE … RENAME VALUE: rows holding the label keep it under its new name. */
  | {
      readonly kind: 'RenameEnumValue';
      readonly enum: EnumModel;
      readonly from: string;
      readonly to: string;
    }
  | { readonly kind: 'CreateSequence'; readonly sequence: SequenceModel }
  | { readonly kind: 'DropSequence'; readonly sequence: SequenceModel }
  | { readonly kind: 'AlterSequence'; readonly from: SequenceModel; readonly to: SequenceModel }
  /** ALTER SEQUENCE … OWNED BY table.column / OWNED BY NONE. */
  | {
      readonly kind: 'SetSequenceOwner';
      readonly sequence: SequenceModel;
      readonly from: SequenceModel['ownedBy'];
      readonly to: SequenceModel['ownedBy'];
    }
  /** CREATE TABLE with columns, primary key, unique and check constraints (not FKs nor indexes). */
  | { readonly kind: 'CreateTable'; readonly table: TableModel }
  | { readonly kind: 'DropTable'; readonly table: TableModel }
  | (TableRef & { readonly kind: 'RenameTable'; readonly from: string; readonly to: string })
  /** ALTER TABLE … SET SCHEMA: `schema`/`table` is where the table is, `to` the new schema. */
  | (TableRef & { readonly kind: 'SetTableSchema'; readonly to: string })
  | (TableRef & { readonly kind: 'RenameConstraint'; readonly from: string; readonly to: string })
  | (TableRef & { readonly kind: 'AddColumn'; readonly column: ColumnModel })
  | (TableRef & { readonly kind: 'DropColumn'; readonly column: ColumnModel })
  | (TableRef & { readonly kind: 'RenameColumn'; readonly from: string; readonly to: string })
  | (TableRef & {
      readonly kind: 'AlterColumnType';
      readonly column: string;
      readonly from: string;
      readonly to: string;
    })
  | (TableRef & {
      readonly kind: 'AlterColumnNullability';
      readonly column: string;
      readonly notNull: boolean;
    })
  | (TableRef & {
      readonly kind: 'AlterColumnDefault';
      readonly column: string;
      readonly from: string | undefined;
      readonly to: string | undefined;
    })
  | (TableRef & {
      readonly kind: 'AlterColumnIdentity';
      readonly column: string;
      readonly from: ColumnModel['identity'];
      readonly to: ColumnModel['identity'];
    })
  /** ALTER TABLE … SET LOGGED / UNLOGGED. */
  | (TableRef & { readonly kind: 'SetTableLogged'; readonly unlogged: boolean })
  /** ALTER TABLE … SET (…) / RESET (…): the table's storage parameters. */
  | (TableRef & {
      readonly kind: 'SetTableStorage';
      readonly from: TableModel['with'];
      readonly to: TableModel['with'];
    })
  /** The options of an identity column's sequence (`type` is the column's). */
  | (TableRef & {
      readonly kind: 'AlterIdentityOptions';
      readonly column: string;
      readonly type: string;
      readonly from: ColumnModel['identityOptions'];
      readonly to: ColumnModel['identityOptions'];
    })
  | (TableRef & { readonly kind: 'AddPrimaryKey'; readonly primaryKey: PrimaryKeyModel })
  | (TableRef & { readonly kind: 'DropPrimaryKey'; readonly primaryKey: PrimaryKeyModel })
  | (TableRef & { readonly kind: 'AddUnique'; readonly unique: UniqueModel })
  | (TableRef & { readonly kind: 'DropUnique'; readonly unique: UniqueModel })
  | (TableRef & { readonly kind: 'AddCheck'; readonly check: CheckModel })
  | (TableRef & { readonly kind: 'DropCheck'; readonly check: CheckModel })
  | (TableRef & { readonly kind: 'AddForeignKey'; readonly foreignKey: ForeignKeyModel })
  | (TableRef & { readonly kind: 'DropForeignKey'; readonly foreignKey: ForeignKeyModel })
  | (TableRef & { readonly kind: 'AddExclusion'; readonly exclusion: ExclusionModel })
  | (TableRef & { readonly kind: 'DropExclusion'; readonly exclusion: ExclusionModel })
  | (TableRef & { readonly kind: 'CreateIndex'; readonly index: IndexModel })
  | (TableRef & { readonly kind: 'DropIndex'; readonly index: IndexModel })
  | (TableRef & {
      readonly kind: 'SetTableComment';
      readonly from: string | undefined;
      readonly to: string | undefined;
    })
  | (TableRef & {
      readonly kind: 'SetColumnComment';
      readonly column: string;
      readonly from: string | undefined;
      readonly to: string | undefined;
    })
  | TypeChange
  | RoutineChange
  | PartitionChange
  | CommentChange;

export type ChangeKind = Change['kind'];
export type ChangeOf<K extends ChangeKind> = Extract<Change, { kind: K }>;
