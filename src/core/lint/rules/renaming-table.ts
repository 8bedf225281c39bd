import { displayName, relationOf, str } from '../ast.js';
import type { LintRule } from '../rule.js';

export const renamingTable: LintRule = {
  code: 'RT114',
  name: 'renaming-table',
  severity: 'warning',
  kinds: ['RenameStmt'],
  summary:
    'Renaming a table breaks every running application instance that still uses the old name.',
  example: {
    bad: 'ALTER TABLE grants RENAME TO awards',
    good: 'CREATE VIEW awards AS SELECT * FROM grants',
  },
  check(ctx) {
    if (ctx.kind !== 'RenameStmt' || str(ctx.node, 'renameType') !== 'OBJECT_TABLE') return [];
    const table = relationOf(ctx.node);
    if (table === undefined || ctx.isNewTable(table)) return [];
    const to = str(ctx.node, 'newname') ?? '?';
    return [
      {
        message: `RENAME ${displayName(table)} TO ${to}.`,
        impact: `Instant, but application code deployed before the migration fails on every query naming ${displayName(table)}.`,
        safeAlternative: `Create the new table (or an updatable view ${to} over the old one), move readers and writers, then drop the old name in a later release.`,
      },
    ];
  },
};
