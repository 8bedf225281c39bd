import { str } from '../ast.js';
import type { LintRule } from '../rule.js';

const CONTROL = new Set([
  'TRANS_STMT_BEGIN',
  'TRANS_STMT_START',
  'TRANS_STMT_COMMIT',
  'TRANS_STMT_ROLLBACK',
  'TRANS_STMT_PREPARE',
  'TRANS_STMT_COMMIT_PREPARED',
  'TRANS_STMT_ROLLBACK_PREPARED',
]);

export const transactionNesting: LintRule = {
  code: 'RT202',
  name: 'transaction-nesting',
  severity: 'error',
  kinds: ['TransactionStmt'],
  summary: 'BEGIN/COMMIT/ROLLBACK inside a migration that retort already runs in a transaction.',
  example: {
    bad: 'BEGIN;\nALTER TABLE grants ADD COLUMN note text;\nCOMMIT',
    good: 'ALTER TABLE grants ADD COLUMN note text',
  },
  check(ctx) {
    if (ctx.kind !== 'TransactionStmt' || !ctx.wrappedByRunner) return [];
    const kind = str(ctx.node, 'kind') ?? '';
    if (!CONTROL.has(kind)) return [];
    const word = kind.replace('TRANS_STMT_', '').replace('_', ' ');
    return [
      {
        message: `${word} inside a migration that retort runs in a transaction.`,
        impact:
          "A nested BEGIN is ignored with a warning; a COMMIT ends retort's transaction early, so the version row and the rest of the migration run unprotected and a failure leaves it half applied.",
        safeAlternative:
          'Remove BEGIN/COMMIT: retort wraps each migration in one transaction. For statements that need their own transaction, set `transactional: false` on the migration and manage them explicitly.',
      },
    ];
  },
};
