import { displayName } from '../ast.js';
import type { LintRule } from '../rule.js';
import { tableCommands } from '../table-commands.js';

export const addingNotNullableField: LintRule = {
  code: 'RT104',
  name: 'adding-not-nullable-field',
  severity: 'error',
  kinds: ['AlterTableStmt'],
  summary:
    'SET NOT NULL on an existing column scans the whole table under an ACCESS EXCLUSIVE lock, unless a validated CHECK (col IS NOT NULL) proves it.',
  example: {
    bad: 'ALTER TABLE grants ALTER COLUMN user_id SET NOT NULL',
    good: 'ALTER TABLE grants ADD CONSTRAINT grants_user_id_not_null CHECK (user_id IS NOT NULL) NOT VALID',
  },
  check(ctx) {
    return tableCommands(ctx).flatMap((c) => {
      if (c.subtype !== 'AT_SetNotNull' || c.isNew) return [];
      const key = `${c.table.name}.${c.name ?? ''}`;
      if (ctx.targetVersion >= 12 && ctx.provenNotNull.has(key)) return [];
      const table = displayName(c.table);
      return [
        {
          message: `SET NOT NULL on ${table}.${c.name ?? '?'} without a validated CHECK (${c.name ?? 'col'} IS NOT NULL).`,
          impact: `PostgreSQL scans every row of ${table} to check for NULLs while holding an ACCESS EXCLUSIVE lock: no reads or writes meanwhile.`,
          safeAlternative: `Migration 1: ADD CONSTRAINT ${c.table.name}_${c.name ?? 'col'}_not_null CHECK (${c.name ?? 'col'} IS NOT NULL) NOT VALID. Migration 2: VALIDATE CONSTRAINT it (SHARE UPDATE EXCLUSIVE, reads and writes continue), then SET NOT NULL (instant on PG12+, the check proves it) and DROP CONSTRAINT the check.`,
        },
      ];
    });
  },
};
