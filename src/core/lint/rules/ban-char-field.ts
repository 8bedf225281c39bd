import type { LintRule } from '../rule.js';
import { columnTypes } from '../column-types.js';

export const banCharField: LintRule = {
  code: 'RT301',
  name: 'ban-char-field',
  severity: 'warning',
  kinds: ['CreateStmt', 'AlterTableStmt'],
  summary:
    'char(n) pads with spaces and is never faster than text; use text (with a CHECK on length if needed).',
  example: {
    bad: 'CREATE TABLE countries (code char(2) PRIMARY KEY)',
    good: 'CREATE TABLE countries (code text PRIMARY KEY CHECK (length(code) = 2))',
  },
  check(ctx) {
    return columnTypes(ctx)
      .filter((t) => t.type === 'bpchar')
      .map((t) => ({
        message: `Column ${t.column} is char(n).`,
        impact:
          'char(n) pads values with spaces (surprising comparisons and lengths) and changing n later rewrites the table.',
        safeAlternative: `Use text for ${t.column}, with CHECK (length(${t.column}) = n) if the length matters.`,
      }));
  },
};
