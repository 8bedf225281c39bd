import { displayName, field, relationOf } from '../ast.js';
import type { LintRule } from '../rule.js';

export const requireConcurrentIndexCreation: LintRule = {
  code: 'RT101',
  name: 'require-concurrent-index-creation',
  severity: 'error',
  kinds: ['IndexStmt'],
  summary: 'CREATE INDEX without CONCURRENTLY on an existing table blocks writes during the build.',
  example: {
    bad: 'CREATE INDEX grants_user_id_idx ON grants (user_id)',
    good: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS grants_user_id_idx ON grants (user_id)',
  },
  check(ctx) {
    if (ctx.kind !== 'IndexStmt' || field(ctx.node, 'concurrent') === true) return [];
    const table = relationOf(ctx.node);
    if (table === undefined || ctx.isNewTable(table)) return [];
    return [
      {
        message: `CREATE INDEX on ${displayName(table)} without CONCURRENTLY.`,
        impact: `Takes a SHARE lock on ${displayName(table)}: every INSERT, UPDATE and DELETE waits until the whole index is built (minutes on a large table).`,
        safeAlternative:
          'CREATE INDEX CONCURRENTLY IF NOT EXISTS … as its own non-transactional step (retort runs it outside the transaction); if a build fails, drop the INVALID index and retry.',
      },
    ];
  },
};
