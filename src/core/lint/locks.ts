import {
  columnConstraints,
  displayName,
  field,
  list,
  names,
  relationOf,
  str,
  unwrap,
} from './ast.js';
import type { RuleContext } from './rule.js';
import { columnDefinitions, tableCommands } from './table-commands.js';
import { volatileReason } from './volatility.js';

/** A lock that blocks the table's traffic, taken on a table that existed before this migration. */
export interface StrongLock {
  readonly lock: 'ACCESS EXCLUSIVE' | 'SHARE' | 'SHARE ROW EXCLUSIVE';
  readonly table: string;
}

/**
 * The traffic-blocking lock the statement takes on an existing table, if any. Waiting for it
 * queues every later query on that table: this is what lock_timeout bounds.
 */
export function strongLock(ctx: RuleContext): StrongLock | undefined {
  const { kind, node } = ctx;
  const rel = relationOf(node);
  switch (kind) {
    case 'AlterTableStmt': {
      const cmds = tableCommands(ctx);
      if (cmds.length === 0 || cmds[0]?.isNew) return undefined;
      if (cmds.every((c) => c.subtype === 'AT_ValidateConstraint')) return undefined;
      const onlyFk = cmds.every(
        (c) => str(unwrap(c.def, 'Constraint'), 'contype') === 'CONSTR_FOREIGN',
      );
      return {
        lock: onlyFk ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE',
        table: displayName(cmds[0]!.table),
      };
    }
    case 'RenameStmt':
      return rel && !ctx.isNewTable(rel)
        ? { lock: 'ACCESS EXCLUSIVE', table: displayName(rel) }
        : undefined;
    case 'IndexStmt':
      return rel && !ctx.isNewTable(rel) && field(node, 'concurrent') !== true
        ? { lock: 'SHARE', table: displayName(rel) }
        : undefined;
    case 'CreateTrigStmt':
      return rel && !ctx.isNewTable(rel)
        ? { lock: 'SHARE ROW EXCLUSIVE', table: displayName(rel) }
        : undefined;
    case 'TruncateStmt': {
      const first = unwrap(list(node, 'relations')[0], 'RangeVar');
      return { lock: 'ACCESS EXCLUSIVE', table: str(first, 'relname') ?? '?' };
    }
    case 'DropStmt': {
      if (str(node, 'removeType') !== 'OBJECT_TABLE') return undefined;
      const table = names(list(unwrap(list(node, 'objects')[0], 'List'), 'items')).join('.');
      return ctx.isNewTable({ name: table.split('.').at(-1) ?? table })
        ? undefined
        : { lock: 'ACCESS EXCLUSIVE', table };
    }
    default:
      return undefined;
  }
}

/**
 * What long work the statement does while holding a strong lock (a rewrite, a full scan, an
 * index build), or undefined. This is what statement_timeout bounds.
 */
export function longWorkUnderLock(ctx: RuleContext): string | undefined {
  if (ctx.kind === 'IndexStmt') return strongLock(ctx) ? 'builds an index' : undefined;
  for (const c of tableCommands(ctx)) {
    if (c.isNew) return undefined;
    const constraint = unwrap(c.def, 'Constraint');
    const contype = str(constraint, 'contype');
    switch (c.subtype) {
      case 'AT_AlterColumnType':
        return 'rewrites the table';
      case 'AT_SetNotNull':
        if (!ctx.provenNotNull.has(`${c.table.name}.${c.name ?? ''}`)) return 'scans the table';
        break;
      case 'AT_AddConstraint':
        if (
          (contype === 'CONSTR_CHECK' || contype === 'CONSTR_FOREIGN') &&
          field(constraint, 'skip_validation') !== true
        )
          return 'scans the table';
        if (
          (contype === 'CONSTR_UNIQUE' || contype === 'CONSTR_PRIMARY') &&
          !str(constraint, 'indexname')
        )
          return 'builds an index';
        break;
      default:
        break;
    }
  }
  for (const d of columnDefinitions(ctx)) {
    if (!d.added || d.isNew) continue;
    for (const c of columnConstraints(d.column)) {
      const contype = str(c, 'contype');
      if (contype === 'CONSTR_GENERATED' || contype === 'CONSTR_IDENTITY')
        return 'rewrites the table';
      if (contype === 'CONSTR_DEFAULT' && volatileReason(field(c, 'raw_expr')))
        return 'rewrites the table';
    }
  }
  return undefined;
}
