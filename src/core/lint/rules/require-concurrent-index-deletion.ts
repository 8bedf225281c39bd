import { field, list, names, str, unwrap } from '../ast.js';
import type { LintRule } from '../rule.js';

export const requireConcurrentIndexDeletion: LintRule = {
  code: 'RT102',
  name: 'require-concurrent-index-deletion',
  severity: 'warning',
  kinds: ['DropStmt'],
  summary: 'DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table.',
  example: {
    bad: 'DROP INDEX grants_user_id_idx',
    good: 'DROP INDEX CONCURRENTLY IF EXISTS grants_user_id_idx',
  },
  check(ctx) {
    if (ctx.kind !== 'DropStmt' || str(ctx.node, 'removeType') !== 'OBJECT_INDEX') return [];
    if (field(ctx.node, 'concurrent') === true) return [];
    const index = list(ctx.node, 'objects')
      .map((o) => names(list(unwrap(o, 'List'), 'items')).join('.'))
      .join(', ');
    return [
      {
        message: `DROP INDEX ${index} without CONCURRENTLY.`,
        impact:
          "Takes an ACCESS EXCLUSIVE lock on the index's table: reads and writes queue behind it, and behind any long query it waits for.",
        safeAlternative:
          'DROP INDEX CONCURRENTLY IF EXISTS … as its own non-transactional step (one index per statement).',
      },
    ];
  },
};
