import type { LintRule } from '../rule.js';
import { columnTypes } from '../column-types.js';

export const preferTimestamptz: LintRule = {
  code: 'RT305',
  name: 'prefer-timestamptz',
  severity: 'warning',
  kinds: ['CreateStmt', 'AlterTableStmt'],
  summary: 'timestamp without time zone stores wall-clock time with no zone; use timestamptz.',
  example: {
    bad: 'CREATE TABLE events (happened_at timestamp)',
    good: 'CREATE TABLE events (happened_at timestamptz)',
  },
  check(ctx) {
    return columnTypes(ctx)
      .filter((t) => t.type === 'timestamp')
      .map((t) => ({
        message: `Column ${t.column} is timestamp without time zone.`,
        impact:
          'Values depend on the writer’s TimeZone setting and compare wrongly across zones and DST changes; converting later rewrites the table.',
        safeAlternative: `Declare ${t.column} as timestamptz (stored as UTC, shown in the session zone).`,
      }));
  },
};
