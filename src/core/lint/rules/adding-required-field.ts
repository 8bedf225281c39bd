import { columnConstraints, displayName, str } from '../ast.js';
import type { LintRule } from '../rule.js';
import { columnDefinitions } from '../table-commands.js';

export const addingRequiredField: LintRule = {
  code: 'RT105',
  name: 'adding-required-field',
  severity: 'error',
  kinds: ['AlterTableStmt'],
  summary: 'ADD COLUMN … NOT NULL without a default fails on any table that has rows.',
  example: {
    bad: 'ALTER TABLE grants ADD COLUMN owner_id bigint NOT NULL',
    good: 'ALTER TABLE grants ADD COLUMN owner_id bigint',
  },
  check(ctx) {
    return columnDefinitions(ctx).flatMap((d) => {
      if (!d.added || d.isNew || d.table === undefined) return [];
      const types = new Set(columnConstraints(d.column).map((c) => str(c, 'contype')));
      if (!types.has('CONSTR_NOTNULL') && !types.has('CONSTR_PRIMARY')) return [];
      if (
        types.has('CONSTR_DEFAULT') ||
        types.has('CONSTR_IDENTITY') ||
        types.has('CONSTR_GENERATED')
      ) {
        return [];
      }
      const column = str(d.column, 'colname') ?? '?';
      return [
        {
          message: `ADD COLUMN ${column} NOT NULL on ${displayName(d.table)} without a default.`,
          impact: `Existing rows would get NULL, so PostgreSQL refuses the statement as soon as ${displayName(d.table)} has a row: the migration works on an empty dev database and fails in production.`,
          safeAlternative: `Add ${column} as nullable (or with a constant DEFAULT), backfill it in batches, then enforce NOT NULL through a validated CHECK (${column} IS NOT NULL) in a later migration.`,
        },
      ];
    });
  },
};
