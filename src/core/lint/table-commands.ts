import { field, list, relationOf, str, unwrap, type Node, type RelationName } from './ast.js';
import { memo } from './memo.js';
import type { RuleContext } from './rule.js';

/** One `ALTER TABLE` sub-command with the table it applies to. */
export interface TableCommand {
  readonly table: RelationName;
  /** True when the table was created earlier in this migration (new, so empty and unlocked). */
  readonly isNew: boolean;
  /** `AT_AddColumn`, `AT_AddConstraint`, `AT_SetNotNull`, … */
  readonly subtype: string;
  /** Column or constraint name the command names (`ALTER COLUMN x …`, `VALIDATE CONSTRAINT c`). */
  readonly name: string | undefined;
  readonly def: unknown;
}

/** The sub-commands of an `ALTER TABLE` statement (none for other statements). */
export const tableCommands = memo((ctx: RuleContext): TableCommand[] => {
  if (ctx.kind !== 'AlterTableStmt' || str(ctx.node, 'objtype') !== 'OBJECT_TABLE') return [];
  const table = relationOf(ctx.node);
  if (table === undefined) return [];
  const isNew = ctx.isNewTable(table);
  return list(ctx.node, 'cmds').flatMap((cmd) => {
    const body = unwrap(cmd, 'AlterTableCmd');
    const subtype = str(body, 'subtype');
    return subtype === undefined
      ? []
      : [{ table, isNew, subtype, name: str(body, 'name'), def: field(body, 'def') }];
  });
});

/** A column definition being created: in CREATE TABLE, or ADD COLUMN on an existing table. */
export interface ColumnDefinition {
  readonly table: RelationName | undefined;
  /** True in CREATE TABLE or when the table is new in this migration. */
  readonly isNew: boolean;
  /** True for ALTER TABLE … ADD COLUMN. */
  readonly added: boolean;
  readonly column: Node;
}

export const columnDefinitions = memo((ctx: RuleContext): ColumnDefinition[] => {
  if (ctx.kind === 'CreateStmt') {
    const table = relationOf(ctx.node);
    return list(ctx.node, 'tableElts').flatMap((e) => {
      const column = unwrap(e, 'ColumnDef');
      return column ? [{ table, isNew: true, added: false, column }] : [];
    });
  }
  return tableCommands(ctx).flatMap((c) => {
    const column = c.subtype === 'AT_AddColumn' ? unwrap(c.def, 'ColumnDef') : undefined;
    return column ? [{ table: c.table, isNew: c.isNew, added: true, column }] : [];
  });
});

/** Type names introduced by the statement: new columns and `ALTER COLUMN … TYPE`. */
export const typeUses = memo(
  (ctx: RuleContext): { column: string; typeName: Node; def?: Node }[] => {
    const out: { column: string; typeName: Node; def?: Node }[] = [];
    for (const d of columnDefinitions(ctx)) {
      const typeName = field<Node>(d.column, 'typeName');
      if (typeName) out.push({ column: str(d.column, 'colname') ?? '?', typeName, def: d.column });
    }
    for (const c of tableCommands(ctx)) {
      if (c.subtype !== 'AT_AlterColumnType') continue;
      const typeName = field<Node>(unwrap(c.def, 'ColumnDef'), 'typeName');
      if (typeName) out.push({ column: c.name ?? '?', typeName });
    }
    return out;
  },
);
