import { field, list, str, unwrap } from '../ast.js';
import type { LintRule } from '../rule.js';

const DESCRIBE: Record<string, string> = {
  IndexStmt: 'CREATE INDEX without IF NOT EXISTS',
  CreateStmt: 'CREATE TABLE without IF NOT EXISTS',
  DropStmt: 'DROP without IF EXISTS',
  AT_AddColumn: 'ADD COLUMN without IF NOT EXISTS',
  AT_DropColumn: 'DROP COLUMN without IF EXISTS',
};

/**
 * A statement that runs outside any transaction cannot be rolled back. retort's runner records
 * progress after each such statement and resumes exactly where it stopped (refusing while an
 * INVALID index is left), so a non-idempotent statement only bites if the process dies between
 * the statement and its progress row: hence `info`. Statements inside the migration's
 * transaction are not flagged (they roll back together).
 */
export const preferRobustStmts: LintRule = {
  code: 'RT120',
  name: 'prefer-robust-stmts',
  severity: 'info',
  kinds: ['IndexStmt', 'CreateStmt', 'DropStmt', 'AlterTableStmt'],
  summary:
    'A statement run outside a transaction should be idempotent (IF NOT EXISTS / IF EXISTS) so a retry succeeds.',
  example: {
    bad: 'CREATE INDEX CONCURRENTLY grants_user_id_idx ON grants (user_id)',
    good: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS grants_user_id_idx ON grants (user_id)',
  },
  check(ctx) {
    if (ctx.inTransaction) return [];
    let what: string | undefined;
    if (ctx.kind === 'IndexStmt' || ctx.kind === 'CreateStmt') {
      if (field(ctx.node, 'if_not_exists') !== true) what = DESCRIBE[ctx.kind];
    } else if (ctx.kind === 'DropStmt') {
      if (field(ctx.node, 'missing_ok') !== true) what = DESCRIBE[ctx.kind];
    } else if (ctx.kind === 'AlterTableStmt') {
      for (const cmd of list(ctx.node, 'cmds')) {
        const body = unwrap(cmd, 'AlterTableCmd');
        const subtype = str(body, 'subtype') ?? '';
        if (DESCRIBE[subtype] && field(body, 'missing_ok') !== true) what = DESCRIBE[subtype];
      }
    }
    if (what === undefined) return [];
    return [
      {
        message: `${what}, outside a transaction.`,
        impact:
          'It cannot be rolled back: if the process dies after it but before retort records its progress, the resumed run repeats it and fails with "already exists" / "does not exist". A failed CREATE INDEX CONCURRENTLY leaves an INVALID index, which retort asks you to drop before resuming.',
        safeAlternative:
          'Make it idempotent: CREATE … IF NOT EXISTS, DROP … IF EXISTS, ADD COLUMN IF NOT EXISTS (and DROP INDEX CONCURRENTLY IF EXISTS an invalid index before rebuilding it).',
      },
    ];
  },
};
