import type { LintRule } from '../rule.js';
import { strongLock } from '../locks.js';

/**
 * retort's runner already runs `SET LOCAL lock_timeout` (config `run.lockTimeoutMs`, default
 * 5 s) in every migration transaction, so a migration needs no SET of its own. This rule fires
 * only when that protection is gone: the config sets `run.lockTimeoutMs: 0`, or the migration's
 * SQL sets lock_timeout to 0 / DEFAULT before a statement that takes a traffic-blocking lock.
 */
export const requireLockTimeout: LintRule = {
  code: 'RT111',
  name: 'require-lock-timeout',
  severity: 'error',
  kinds: [
    'AlterTableStmt',
    'RenameStmt',
    'IndexStmt',
    'CreateTrigStmt',
    'TruncateStmt',
    'DropStmt',
  ],
  summary:
    'A blocking lock taken with lock_timeout disabled (SET lock_timeout = 0 in SQL, or run.lockTimeoutMs: 0 in config) can freeze the table behind the lock queue.',
  example: {
    bad: 'SET lock_timeout = 0;\nALTER TABLE grants ADD COLUMN note text',
    good: "SET LOCAL lock_timeout = '2s';\nALTER TABLE grants ADD COLUMN note text",
  },
  check(ctx) {
    if (ctx.lockTimeoutMs > 0 || ctx.hasReported('require-lock-timeout')) return [];
    const lock = strongLock(ctx);
    if (lock === undefined) return [];
    const where =
      ctx.lockTimeoutSource === 'sql'
        ? 'this migration sets lock_timeout to 0'
        : 'the config sets run.lockTimeoutMs to 0';
    return [
      {
        message: `Takes ${lock.lock} on ${lock.table} with no lock_timeout (${where}).`,
        impact: `While it waits for ${lock.table} behind any long query or idle transaction, every later query on ${lock.table} queues behind it: one ALTER can freeze the table's traffic indefinitely.`,
        safeAlternative:
          "Keep retort's default (run.lockTimeoutMs: 5000, retried with backoff), or SET LOCAL lock_timeout = '2s' in the migration; never 0.",
      },
    ];
  },
};
