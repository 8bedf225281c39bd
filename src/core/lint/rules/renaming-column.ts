import { displayName, relationOf, str } from '../ast.js';
import type { LintRule } from '../rule.js';

export const renamingColumn: LintRule = {
  code: 'RT113',
  name: 'renaming-column',
  severity: 'warning',
  kinds: ['RenameStmt'],
  summary:
    'Renaming a column breaks every running application instance that still uses the old name.',
  example: {
    bad: 'ALTER TABLE grants RENAME COLUMN title TO name',
    good: 'ALTER TABLE grants ADD COLUMN name text',
  },
  check(ctx) {
    if (ctx.kind !== 'RenameStmt' || str(ctx.node, 'renameType') !== 'OBJECT_COLUMN') return [];
    const table = relationOf(ctx.node);
    if (table === undefined || ctx.isNewTable(table)) return [];
    const from = str(ctx.node, 'subname') ?? '?';
    const to = str(ctx.node, 'newname') ?? '?';
    return [
      {
        message: `RENAME COLUMN ${from} TO ${to} on ${displayName(table)}.`,
        impact: `Instant (ACCESS EXCLUSIVE, brief), but application code deployed before the migration fails on every query naming ${from} until it is replaced.`,
        safeAlternative: `Expand and contract: add ${to}, write both columns, backfill, switch readers to ${to}, then drop ${from} in a later release.`,
      },
    ];
  },
};
