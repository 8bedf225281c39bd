import { displayName, field, str } from '../ast.js';
import type { LintRule } from '../rule.js';
import { columnDefinitions } from '../table-commands.js';
import { volatileReason } from '../volatility.js';
import { columnConstraints } from '../ast.js';

export const addingFieldWithDefault: LintRule = {
  code: 'RT103',
  name: 'adding-field-with-default',
  severity: 'error',
  kinds: ['AlterTableStmt'],
  summary:
    'ADD COLUMN with a volatile default (or a stored generated column) rewrites the whole table under an ACCESS EXCLUSIVE lock.',
  example: {
    bad: 'ALTER TABLE grants ADD COLUMN token uuid DEFAULT gen_random_uuid()',
    good: 'ALTER TABLE grants ADD COLUMN token uuid',
  },
  check(ctx) {
    return columnDefinitions(ctx).flatMap((d) => {
      if (!d.added || d.isNew || d.table === undefined) return [];
      const column = str(d.column, 'colname') ?? '?';
      const table = displayName(d.table);
      for (const c of columnConstraints(d.column)) {
        const contype = str(c, 'contype');
        if (contype === 'CONSTR_GENERATED') {
          return [
            {
              message: `ADD COLUMN ${column} on ${table} is a stored generated column.`,
              impact: `PostgreSQL computes it for every existing row: a full rewrite of ${table} under an ACCESS EXCLUSIVE lock (no reads or writes meanwhile).`,
              safeAlternative:
                'Add a plain nullable column, fill it in batches (or with a trigger for new rows), then use it; or create the generated column when the table is created.',
            },
          ];
        }
        if (contype !== 'CONSTR_DEFAULT') continue;
        const expr = field(c, 'raw_expr');
        const reason =
          ctx.targetVersion < 11
            ? 'PostgreSQL before 11 rewrites for any default'
            : volatileReason(expr);
        if (reason === undefined) continue;
        return [
          {
            message: `ADD COLUMN ${column} on ${table} with a default that forces a table rewrite: ${reason}.`,
            impact: `Every existing row is rewritten under an ACCESS EXCLUSIVE lock on ${table}: no reads or writes until it finishes, and the table's size doubles meanwhile.`,
            safeAlternative: `ADD COLUMN ${column} without the default (or with a constant one), then ALTER COLUMN ${column} SET DEFAULT … for new rows, and backfill existing rows in batches in a later migration.`,
          },
        ];
      }
      return [];
    });
  },
};
