import { str } from '../ast.js';
import type { LintRule } from '../rule.js';

export const banTruncateCascade: LintRule = {
  code: 'RT119',
  name: 'ban-truncate-cascade',
  severity: 'error',
  kinds: ['TruncateStmt'],
  summary: 'TRUNCATE … CASCADE also empties every table that references it, recursively.',
  example: {
    bad: 'TRUNCATE grants CASCADE',
    good: 'TRUNCATE grants',
  },
  check(ctx) {
    if (ctx.kind !== 'TruncateStmt' || str(ctx.node, 'behavior') !== 'DROP_CASCADE') return [];
    return [
      {
        message: 'TRUNCATE … CASCADE.',
        impact:
          'Empties every table with a foreign key to the named ones (and theirs), under ACCESS EXCLUSIVE locks: data you did not name is deleted.',
        safeAlternative:
          'TRUNCATE only the tables you mean, listed explicitly (PostgreSQL then refuses if others reference them).',
      },
    ];
  },
};
