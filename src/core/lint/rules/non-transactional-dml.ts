import type { LintRule } from '../rule.js';

const DML = ['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt'];

export const nonTransactionalDml: LintRule = {
  code: 'RT205',
  name: 'non-transactional-dml',
  severity: 'warning',
  kinds: DML,
  summary:
    'INSERT/UPDATE/DELETE/MERGE outside a transaction (a transactional: false migration): if the run is killed, whether it committed is unknown.',
  example: {
    bad: 'UPDATE users SET email = lower(email)',
    good: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email)',
  },
  exampleOptions: { transactional: false },
  check(ctx) {
    if (ctx.inTransaction) return [];
    return [
      {
        message: `${ctx.kind.replace(/Stmt$/, '').toUpperCase()} runs outside a transaction (the migration is transactional: false).`,
        impact:
          'If retort is killed or loses its connection while it runs, the server may still commit it: the next run cannot know whether it happened, and running it again may apply it twice (`--resume` then asks for --rerun-unit or --skip-unit).',
        safeAlternative:
          'Move the data change to a transactional migration (or before op.commit() in one), and keep only statements that cannot run in a transaction (CONCURRENTLY) in transactional: false migrations; or make it idempotent (INSERT … ON CONFLICT DO NOTHING, UPDATE … WHERE not yet changed).',
      },
    ];
  },
};
