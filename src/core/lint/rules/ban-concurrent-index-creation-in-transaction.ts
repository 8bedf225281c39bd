import type { LintRule } from '../rule.js';
import { classifyStatement } from '../../sql/classify-statement.js';

export const banConcurrentIndexCreationInTransaction: LintRule = {
  code: 'RT201',
  name: 'ban-concurrent-index-creation-in-transaction',
  severity: 'error',
  summary:
    'CREATE INDEX CONCURRENTLY (and other statements PostgreSQL refuses in a transaction block) inside a transaction fails at run time.',
  example: {
    bad: 'BEGIN;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS grants_user_id_idx ON grants (user_id);\nCOMMIT',
    good: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS grants_user_id_idx ON grants (user_id)',
  },
  check(ctx) {
    if (!ctx.inTransaction || classifyStatement(ctx.statement.ast).transactional) return [];
    return [
      {
        message: `${ctx.kind === 'IndexStmt' ? 'CREATE INDEX CONCURRENTLY' : 'A statement that cannot run in a transaction block'} runs inside a transaction here.`,
        impact:
          'PostgreSQL refuses it ("cannot run inside a transaction block"): the migration fails and rolls back.',
        safeAlternative:
          'Leave it as its own statement without BEGIN/COMMIT (retort runs it alone, outside the transaction), or mark it non-transactional (op option / `-- transactional: false`).',
      },
    ];
  },
};
