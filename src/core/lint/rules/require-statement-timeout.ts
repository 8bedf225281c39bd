import type { LintRule } from '../rule.js';
import { longWorkUnderLock, strongLock } from '../locks.js';

/**
 * retort's runner sets `statement_timeout` from config `run.statementTimeoutMs` (default 0:
 * none). This rule fires, once per migration, when a statement does long work (a rewrite, a full
 * scan, an index build) under a traffic-blocking lock with no statement_timeout in force: the
 * blocking rule already names the hazard, this one asks for a bound on how long it may last.
 */
export const requireStatementTimeout: LintRule = {
  code: 'RT112',
  name: 'require-statement-timeout',
  severity: 'info',
  kinds: ['AlterTableStmt', 'IndexStmt'],
  summary:
    'Long work under a blocking lock with no statement_timeout (config run.statementTimeoutMs or SET LOCAL statement_timeout).',
  example: {
    bad: 'ALTER TABLE grants ALTER COLUMN amount TYPE numeric(12,2)',
    good: "SET LOCAL statement_timeout = '5s';\nALTER TABLE grants ALTER COLUMN amount TYPE numeric(12,2)",
  },
  check(ctx) {
    if (ctx.statementTimeoutMs > 0 || ctx.hasReported('require-statement-timeout')) return [];
    const work = longWorkUnderLock(ctx);
    const lock = strongLock(ctx);
    if (work === undefined || lock === undefined) return [];
    return [
      {
        message: `${work[0]!.toUpperCase()}${work.slice(1)} under ${lock.lock} on ${lock.table} with no statement_timeout.`,
        impact: `Nothing bounds how long ${lock.table} stays blocked: on a large table the migration can hold the lock for minutes.`,
        safeAlternative:
          "Set run.statementTimeoutMs in retort.config.ts, or SET LOCAL statement_timeout = '…' before the statement, so it fails fast instead of blocking the table.",
      },
    ];
  },
};
