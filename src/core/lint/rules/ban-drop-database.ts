import { str } from '../ast.js';
import type { LintRule } from '../rule.js';

export const banDropDatabase: LintRule = {
  code: 'RT117',
  name: 'ban-drop-database',
  severity: 'error',
  kinds: ['DropdbStmt'],
  summary: 'DROP DATABASE does not belong in a migration.',
  example: {
    bad: 'DROP DATABASE grant_finder',
    good: "COMMENT ON DATABASE grant_finder IS 'retired: drop by hand after the final backup'",
  },
  check(ctx) {
    if (ctx.kind !== 'DropdbStmt') return [];
    return [
      {
        message: `DROP DATABASE ${str(ctx.node, 'dbname') ?? ''} in a migration.`,
        impact:
          'Destroys every table and row of that database, cannot run in a transaction and cannot be rolled back.',
        safeAlternative: 'Drop databases by hand, with a backup, outside the migration history.',
      },
    ];
  },
};
