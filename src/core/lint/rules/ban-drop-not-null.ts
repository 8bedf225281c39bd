import { displayName } from '../ast.js';
import type { LintRule } from '../rule.js';
import { tableCommands } from '../table-commands.js';

export const banDropNotNull: LintRule = {
  code: 'RT118',
  name: 'ban-drop-not-null',
  severity: 'warning',
  kinds: ['AlterTableStmt'],
  summary: 'DROP NOT NULL lets NULLs in that deployed code does not expect.',
  example: {
    bad: 'ALTER TABLE grants ALTER COLUMN title DROP NOT NULL',
    good: "ALTER TABLE grants ALTER COLUMN title SET DEFAULT ''",
  },
  check(ctx) {
    return tableCommands(ctx).flatMap((c) =>
      c.subtype === 'AT_DropNotNull' && !c.isNew
        ? [
            {
              message: `DROP NOT NULL on ${displayName(c.table)}.${c.name ?? '?'}.`,
              impact: `Instant, but code written for a non-null ${c.name ?? 'column'} (and the downgrade's SET NOT NULL, which scans the table) breaks once NULLs arrive.`,
              safeAlternative: `Make sure every reader handles NULL in ${c.name ?? 'the column'} first, then suppress with the reason; or keep it NOT NULL with a default.`,
            },
          ]
        : [],
    );
  },
};
