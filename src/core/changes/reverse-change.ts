import type { Change, ChangeKind, ChangeOf } from './change.js';

type Reversers = { readonly [K in ChangeKind]: (change: ChangeOf<K>) => Change };

/** One entry per kind: a missing kind fails to compile. */
const reversers: Reversers = {
  CreateSchema: (c) => ({ kind: 'DropSchema', schema: c.schema }),
  DropSchema: (c) => ({ kind: 'CreateSchema', schema: c.schema }),
  CreateExtension: (c) => ({ kind: 'DropExtension', extension: c.extension }),
  DropExtension: (c) => ({ kind: 'CreateExtension', extension: c.extension }),
  CreateEnum: (c) => ({ kind: 'DropEnum', enum: c.enum }),
  DropEnum: (c) => ({ kind: 'CreateEnum', enum: c.enum }),
  AddEnumValues: (c) => ({ kind: 'ReplaceEnum', from: c.to, to: c.from, columns: c.columns }),
  ReplaceEnum: (c) => ({ kind: 'ReplaceEnum', from: c.to, to: c.from, columns: c.columns }),
  CreateSequence: (c) => ({ kind: 'DropSequence', sequence: c.sequence }),
  DropSequence: (c) => ({ kind: 'CreateSequence', sequence: c.sequence }),
  AlterSequence: (c) => ({ kind: 'AlterSequence', from: c.to, to: c.from }),
  CreateTable: (c) => ({ kind: 'DropTable', table: c.table }),
  DropTable: (c) => ({ kind: 'CreateTable', table: c.table }),
  RenameTable: (c) => ({ ...c, table: c.to, from: c.to, to: c.from }),
  AddColumn: (c) => ({ ...c, kind: 'DropColumn' }),
  DropColumn: (c) => ({ ...c, kind: 'AddColumn' }),
  RenameColumn: (c) => ({ ...c, from: c.to, to: c.from }),
  AlterColumnType: (c) => ({ ...c, from: c.to, to: c.from }),
  AlterColumnNullability: (c) => ({ ...c, notNull: !c.notNull }),
  AlterColumnDefault: (c) => ({ ...c, from: c.to, to: c.from }),
  AlterColumnIdentity: (c) => ({ ...c, from: c.to, to: c.from }),
  AddPrimaryKey: (c) => ({ ...c, kind: 'DropPrimaryKey' }),
  DropPrimaryKey: (c) => ({ ...c, kind: 'AddPrimaryKey' }),
  AddUnique: (c) => ({ ...c, kind: 'DropUnique' }),
  DropUnique: (c) => ({ ...c, kind: 'AddUnique' }),
  AddCheck: (c) => ({ ...c, kind: 'DropCheck' }),
  DropCheck: (c) => ({ ...c, kind: 'AddCheck' }),
  AddForeignKey: (c) => ({ ...c, kind: 'DropForeignKey' }),
  DropForeignKey: (c) => ({ ...c, kind: 'AddForeignKey' }),
  CreateIndex: (c) => ({ ...c, kind: 'DropIndex' }),
  DropIndex: (c) => ({ ...c, kind: 'CreateIndex' }),
  SetTableComment: (c) => ({ ...c, from: c.to, to: c.from }),
  SetColumnComment: (c) => ({ ...c, from: c.to, to: c.from }),
};

/**
 * The change that undoes `change`.
 *
 * @example
 * reverseChange({ kind: 'CreateSchema', schema: 'audit' }); // { kind: 'DropSchema', schema: 'audit' }
 */
export function reverseChange(change: Change): Change {
  return (reversers[change.kind] as (c: Change) => Change)(change);
}

/** The inverse of a whole list: each change reversed, last first (a downgrade). */
export function reverseChanges(changes: readonly Change[]): Change[] {
  return changes.map(reverseChange).reverse();
}

/** Integer widths, narrowest first: moving left narrows. */
const widening = ['smallint', 'integer', 'bigint', 'numeric'];

/**
 * Whether applying `change` can lose data or cannot be undone exactly: drops, narrowing type
 * changes, enum label removal, and changes that fail on existing rows (SET NOT NULL).
 *
 * @example
 * isDestructive({ kind: 'DropTable', table }); // true
 */
export function isDestructive(change: Change): boolean {
  switch (change.kind) {
    case 'DropTable':
    case 'DropColumn':
    case 'DropSchema':
    case 'DropEnum':
    case 'DropSequence':
    case 'DropExtension':
      return true;
    case 'ReplaceEnum':
      return change.from.values.some((v) => !change.to.values.includes(v));
    case 'AlterColumnType': {
      const from = widening.indexOf(change.from);
      const to = widening.indexOf(change.to);
      const varchar = (t: string): number | undefined => {
        const m = /^character varying(?:\((\d+)\))?$/.exec(t) ?? /^text$/.exec(t);
        if (!m) return undefined;
        return m[1] === undefined ? Number.POSITIVE_INFINITY : Number(m[1]);
      };
      const vf = varchar(change.from);
      const vt = varchar(change.to);
      if (from >= 0 && to >= 0) return to < from;
      if (vf !== undefined && vt !== undefined) return vt < vf;
      return true;
    }
    default:
      return false;
  }
}
