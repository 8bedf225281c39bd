import type { LintRule } from '../rule.js';
import { columnTypes } from '../column-types.js';

export const preferJsonb: LintRule = {
  code: 'RT307',
  name: 'prefer-jsonb',
  severity: 'warning',
  kinds: ['CreateStmt', 'AlterTableStmt'],
  summary: 'json stores text and has no equality operator; use jsonb.',
  example: {
    bad: 'CREATE TABLE reports (payload json)',
    good: 'CREATE TABLE reports (payload jsonb)',
  },
  check(ctx) {
    return columnTypes(ctx)
      .filter((t) => t.type === 'json')
      .map((t) => ({
        message: `Column ${t.column} is json.`,
        impact:
          'json re-parses the text on every access, cannot be indexed with GIN, and has no = operator (SELECT DISTINCT, GROUP BY and UNION on the table fail).',
        safeAlternative: `Declare ${t.column} as jsonb.`,
      }));
  },
};
