import { list, names, str, unwrap } from '../ast.js';
import type { LintRule } from '../rule.js';

export const banDropTable: LintRule = {
  code: 'RT116',
  name: 'ban-drop-table',
  severity: 'warning',
  kinds: ['DropStmt'],
  summary: 'Dropping a table loses its data and breaks code that still uses it.',
  example: {
    bad: 'DROP TABLE legacy_grants',
    good: '-- retort-ignore ban-drop-table: replaced by grants in release 3.0, no readers left\nDROP TABLE legacy_grants',
  },
  check(ctx) {
    if (ctx.kind !== 'DropStmt' || str(ctx.node, 'removeType') !== 'OBJECT_TABLE') return [];
    return list(ctx.node, 'objects').flatMap((o) => {
      const parts = names(list(unwrap(o, 'List'), 'items'));
      const name = parts.at(-1) ?? '?';
      if (ctx.isNewTable({ name })) return [];
      return [
        {
          message: `DROP TABLE ${parts.join('.')}.`,
          impact: `Takes ACCESS EXCLUSIVE on ${parts.join('.')} and deletes its data for good; deployed code still using it fails.`,
          safeAlternative:
            'Stop using the table in a release first, keep a backup, then drop it with a suppression stating why: -- retort-ignore ban-drop-table: <why>.',
        },
      ];
    });
  },
};
