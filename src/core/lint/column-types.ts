import { columnConstraints, list, str, typeNameOf, type Node } from './ast.js';
import { memo } from './memo.js';
import type { RuleContext } from './rule.js';
import { typeUses } from './table-commands.js';

/** The serial pseudo-types (a sequence default, not a real type). */
export const SERIAL_TYPES: ReadonlySet<string> = new Set([
  'serial',
  'serial4',
  'bigserial',
  'serial8',
  'smallserial',
  'serial2',
]);

/** One column type a statement introduces, with its column and whether it is key-like. */
export interface TypeUse {
  readonly column: string;
  /** Type name without `pg_catalog.` (`int4`, `bpchar`, `serial`, `timestamp`). */
  readonly type: string;
  /** Modifiers as written (`varchar(20)` → [20]). */
  readonly typmods: readonly unknown[];
  /** Primary key or identity column (ids that grow). */
  readonly isKey: boolean;
}

/** Column types in CREATE TABLE, ADD COLUMN and ALTER COLUMN … TYPE (computed once per statement). */
export const columnTypes = memo((ctx: RuleContext): TypeUse[] =>
  typeUses(ctx).map((u) => {
    const contypes = columnConstraints(u.def).map((c: Node) => str(c, 'contype'));
    return {
      column: u.column,
      type: typeNameOf(u.typeName) ?? '',
      typmods: list(u.typeName, 'typmods'),
      isKey: contypes.includes('CONSTR_PRIMARY') || contypes.includes('CONSTR_IDENTITY'),
    };
  }),
);
