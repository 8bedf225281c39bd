import { displayName } from '../ast.js';
import type { LintRule } from '../rule.js';
import { tableCommands } from '../table-commands.js';

export const banDropColumn: LintRule = {
  code: 'RT115',
  name: 'ban-drop-column',
  severity: 'warning',
  kinds: ['AlterTableStmt'],
  summary: 'Dropping a column breaks application code that still reads or writes it.',
  example: {
    bad: 'ALTER TABLE grants DROP COLUMN legacy_user_id',
    good: '-- retort-ignore ban-drop-column: no code reads legacy_user_id since release 4.2\nALTER TABLE grants DROP COLUMN legacy_user_id',
  },
  check(ctx) {
    return tableCommands(ctx).flatMap((c) =>
      c.subtype === 'AT_DropColumn' && !c.isNew
        ? [
            {
              message: `DROP COLUMN ${c.name ?? '?'} on ${displayName(c.table)}.`,
              impact: `Metadata-only (brief ACCESS EXCLUSIVE), but every deployed instance still selecting or inserting ${c.name ?? 'it'} fails, and the data is gone (downgrade cannot bring it back).`,
              safeAlternative: `First release code that no longer uses ${c.name ?? 'the column'}, then drop it with a suppression stating that: -- retort-ignore ban-drop-column: <why>.`,
            },
          ]
        : [],
    );
  },
};
