import { stringLiterals } from '../ast.js';
import type { LintRule } from '../rule.js';

/**
 * retort's runner already commits after `ALTER TYPE … ADD VALUE` before a statement that uses the
 * label, so this fires only inside an explicit BEGIN … COMMIT block (a non-transactional
 * migration managing its own transactions), where nothing can split it.
 */
export const enumValueUsedInSameTransaction: LintRule = {
  code: 'RT203',
  name: 'enum-value-used-in-same-transaction',
  severity: 'error',
  summary:
    'An enum label added by ALTER TYPE … ADD VALUE cannot be used before that transaction commits.',
  example: {
    bad: "BEGIN;\nALTER TYPE subscription_status ADD VALUE 'paused' AFTER 'active';\nUPDATE subscriptions SET status = 'paused' WHERE paused_at IS NOT NULL;\nCOMMIT",
    good: "ALTER TYPE subscription_status ADD VALUE 'paused' AFTER 'active'",
  },
  check(ctx) {
    if (ctx.kind === 'AlterEnumStmt' || ctx.enumValuesAddedInTransaction.size === 0) return [];
    const used = [...new Set(stringLiterals(ctx.node))].filter((s) =>
      ctx.enumValuesAddedInTransaction.has(s),
    );
    return used.map((label) => {
      const type = ctx.enumValuesAddedInTransaction.get(label) ?? '?';
      return {
        message: `Uses enum label '${label}' added to ${type} earlier in the same transaction.`,
        impact: `PostgreSQL refuses it ("unsafe use of new value '${label}' of enum type ${type}"): the migration fails and rolls back.`,
        safeAlternative: `Add the value in its own migration (or a non-transactional step) so it commits first, and use it in a later migration.`,
      };
    });
  },
};
