import type { Change, ChangeKind, ChangeOf } from './change.js';
import { isTypeChangeDestructive, typeReversers, type TypeChange } from './type-changes.js';
import { routineReversers } from './routine-changes.js';
import { partitionReversers } from './partition-changes.js';
import { reverseCommentChange } from './comment-changes.js';

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
  RenameEnumValue: (c) => ({ ...c, from: c.to, to: c.from }),
  CreateSequence: (c) => ({ kind: 'DropSequence', sequence: c.sequence }),
  DropSequence: (c) => ({ kind: 'CreateSequence', sequence: c.sequence }),
  AlterSequence: (c) => ({ kind: 'AlterSequence', from: c.to, to: c.from }),
  SetSequenceOwner: (c) => ({ ...c, from: c.to, to: c.from }),
  CreateTable: (c) => ({ kind: 'DropTable', table: c.table }),
  DropTable: (c) => ({ kind: 'CreateTable', table: c.table }),
  RenameTable: (c) => ({ ...c, table: c.to, from: c.to, to: c.from }),
  SetTableSchema: (c) => ({ ...c, schema: c.to, to: c.schema }),
  RenameConstraint: (c) => ({ ...c, from: c.to, to: c.from }),
  AddColumn: (c) => ({ ...c, kind: 'DropColumn' }),
  DropColumn: (c) => ({ ...c, kind: 'AddColumn' }),
  RenameColumn: (c) => ({ ...c, from: c.to, to: c.from }),
  AlterColumnType: (c) => ({ ...c, from: c.to, to: c.from }),
  AlterColumnNullability: (c) => ({ ...c, notNull: !c.notNull }),
  AlterColumnDefault: (c) => ({ ...c, from: c.to, to: c.from }),
  AlterColumnIdentity: (c) => ({ ...c, from: c.to, to: c.from }),
  SetTableLogged: (c) => ({ ...c, unlogged: !c.unlogged }),
  SetTableStorage: (c) => ({ ...c, from: c.to, to: c.from }),
  AlterIdentityOptions: (c) => ({ ...c, from: c.to, to: c.from }),
  AddPrimaryKey: (c) => ({ ...c, kind: 'DropPrimaryKey' }),
  DropPrimaryKey: (c) => ({ ...c, kind: 'AddPrimaryKey' }),
  AddUnique: (c) => ({ ...c, kind: 'DropUnique' }),
  DropUnique: (c) => ({ ...c, kind: 'AddUnique' }),
  AddCheck: (c) => ({ ...c, kind: 'DropCheck' }),
  DropCheck: (c) => ({ ...c, kind: 'AddCheck' }),
  AddForeignKey: (c) => ({ ...c, kind: 'DropForeignKey' }),
  DropForeignKey: (c) => ({ ...c, kind: 'AddForeignKey' }),
  AddExclusion: (c) => ({ ...c, kind: 'DropExclusion' }),
  DropExclusion: (c) => ({ ...c, kind: 'AddExclusion' }),
  CreateIndex: (c) => ({ ...c, kind: 'DropIndex' }),
  DropIndex: (c) => ({ ...c, kind: 'CreateIndex' }),
  SetTableComment: (c) => ({ ...c, from: c.to, to: c.from }),
  SetColumnComment: (c) => ({ ...c, from: c.to, to: c.from }),
  ...typeReversers,
  ...routineReversers,
  ...partitionReversers,
  SetComment: reverseCommentChange,
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

/** `numeric(p,s)` → [p, s]; `numeric` → [∞, ∞]; anything else undefined. */
function numericOf(type: string): readonly [number, number] | undefined {
  if (type === 'numeric') return [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  const m = /^numeric\((\d+)(?:,(\d+))?\)$/.exec(type);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

/** `character varying(n)` → n; `character varying` and `text` → ∞; anything else undefined. */
function varcharOf(type: string): number | undefined {
  const m = /^character varying(?:\((\d+)\))?$/.exec(type) ?? /^text$/.exec(type);
  if (!m) return undefined;
  return m[1] === undefined ? Number.POSITIVE_INFINITY : Number(m[1]);
}

/**
 * Whether PostgreSQL changes a column from `from` to `to` without rewriting the table: a longer
 * (or unbounded) varchar or text, a numeric with more integer digits and the same scale (or
 * unconstrained).
 *
 * @example
 * isMetadataOnlyTypeChange('character varying(50)', 'character varying(100)'); // true
 */
export function isMetadataOnlyTypeChange(from: string, to: string): boolean {
  const vf = varcharOf(from);
  const vt = varcharOf(to);
  if (vf !== undefined && vt !== undefined) return vt >= vf;
  const nf = numericOf(from);
  const nt = numericOf(to);
  if (nf !== undefined && nt !== undefined)
    return nt[0] === Number.POSITIVE_INFINITY || (nt[1] === nf[1] && nt[0] >= nf[0]);
  return false;
}

/** Whether a type change keeps every value: wider integers, varchar, text and numeric. */
function isWidening(from: string, to: string): boolean {
  const a = widening.indexOf(from);
  const b = widening.indexOf(to);
  if (a >= 0 && b >= 0) return b >= a;
  const vf = varcharOf(from);
  const vt = varcharOf(to);
  if (vf !== undefined && vt !== undefined) return vt >= vf;
  const nf = numericOf(from) ?? (a >= 0 ? [Number.POSITIVE_INFINITY, 0] : undefined);
  const nt = numericOf(to);
  if (nf !== undefined && nt !== undefined) {
    if (nt[0] === Number.POSITIVE_INFINITY) return true;
    if (a >= 0) return false;
    // Integer digits and scale both kept.
    return nt[1] >= nf[1] && nt[0] - nt[1] >= nf[0] - nf[1];
  }
  const serial: Readonly<Record<string, string>> = {
    smallserial: 'smallint',
    serial: 'integer',
    bigserial: 'bigint',
  };
  if (serial[from] !== undefined || serial[to] !== undefined)
    return isWidening(serial[from] ?? from, serial[to] ?? to);
  return false;
}

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
    case 'DropPartition':
      return true;
    case 'ReplaceEnum':
      return change.from.values.some((v) => !change.to.values.includes(v));
    case 'AlterColumnType':
      return !isWidening(change.from, change.to);
    case 'DropDomain':
    case 'DropCompositeType':
    case 'AlterCompositeType':
      return isTypeChangeDestructive(change as TypeChange);
    default:
      return false;
  }
}
