import { displayName } from '../ast.js';
import type { LintRule } from '../rule.js';
import { tableCommands } from '../table-commands.js';

export const changingTablePersistence: LintRule = {
  code: 'RT121',
  name: 'changing-table-persistence',
  severity: 'error',
  kinds: ['AlterTableStmt'],
  summary:
    'SET LOGGED / SET UNLOGGED rewrites the whole table (and its indexes) under an ACCESS EXCLUSIVE lock.',
  example: {
    bad: 'ALTER TABLE events SET LOGGED;',
    good: 'CREATE TABLE events_logged (LIKE events INCLUDING ALL);',
  },
  check(ctx) {
    return tableCommands(ctx).flatMap((c) => {
      if ((c.subtype !== 'AT_SetLogged' && c.subtype !== 'AT_SetUnLogged') || c.isNew) return [];
      const table = displayName(c.table);
      const to = c.subtype === 'AT_SetLogged' ? 'LOGGED' : 'UNLOGGED';
      return [
        {
          message: `SET ${to} on ${table} rewrites the table.`,
          impact: `PostgreSQL copies every row of ${table} into a new file and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock: no reads or writes meanwhile${to === 'LOGGED' ? ', and the whole table goes through the WAL (replicas replay it)' : ''}.`,
          safeAlternative: `Create a new ${to === 'LOGGED' ? '' : 'UNLOGGED '}table (LIKE ${table} INCLUDING ALL), copy the rows in batches and switch readers to it; or run it in a maintenance window with a retort-ignore changing-table-persistence comment saying so.`,
        },
      ];
    });
  },
};
