import type { LintRule } from '../rule.js';
import { columnTypes } from '../column-types.js';

export const preferTextField: LintRule = {
  code: 'RT304',
  name: 'prefer-text-field',
  severity: 'info',
  kinds: ['CreateStmt', 'AlterTableStmt'],
  summary: 'varchar(n) only adds a length check; shrinking n later scans or rewrites the table.',
  example: {
    bad: 'CREATE TABLE users (email varchar(255))',
    good: 'CREATE TABLE users (email text CHECK (length(email) <= 255))',
  },
  check(ctx) {
    return columnTypes(ctx)
      .filter((t) => t.type === 'varchar' && t.typmods.length > 0)
      .map((t) => ({
        message: `Column ${t.column} is varchar(n).`,
        impact:
          'varchar(n) is text with a length check in the type: reducing the limit later takes an ACCESS EXCLUSIVE lock and a full rewrite, while a CHECK constraint can be changed NOT VALID and validated online.',
        safeAlternative: `Use text for ${t.column}, with CHECK (length(${t.column}) <= n) if the limit matters.`,
      }));
  },
};
