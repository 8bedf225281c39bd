import { columnConstraints, displayName, field, relationOf, str, unwrap } from '../ast.js';
import type { LintRule } from '../rule.js';
import { columnDefinitions, tableCommands } from '../table-commands.js';

export const addingForeignKeyConstraint: LintRule = {
  code: 'RT109',
  name: 'adding-foreign-key-constraint',
  severity: 'error',
  kinds: ['AlterTableStmt'],
  summary:
    'ADD FOREIGN KEY without NOT VALID checks every row while blocking writes on both tables.',
  example: {
    bad: 'ALTER TABLE grants ADD CONSTRAINT grants_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)',
    good: 'ALTER TABLE grants ADD CONSTRAINT grants_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID',
  },
  check(ctx) {
    const findings = tableCommands(ctx).flatMap((c) => {
      if (c.subtype !== 'AT_AddConstraint' || c.isNew) return [];
      const constraint = unwrap(c.def, 'Constraint');
      if (str(constraint, 'contype') !== 'CONSTR_FOREIGN') return [];
      if (field(constraint, 'skip_validation') === true) return [];
      const name = str(constraint, 'conname') ?? '…';
      const referenced = relationOf(constraint, 'pktable');
      const table = displayName(c.table);
      return [
        {
          message: `ADD FOREIGN KEY ${name} on ${table} without NOT VALID.`,
          impact: `Takes SHARE ROW EXCLUSIVE locks on ${table} and ${referenced ? displayName(referenced) : 'the referenced table'} (writes blocked on both) while every existing row is checked.`,
          safeAlternative: `ADD CONSTRAINT ${name} FOREIGN KEY (…) REFERENCES … NOT VALID (brief lock, no scan), then ALTER TABLE ${table} VALIDATE CONSTRAINT ${name} in a later migration (reads and writes continue).`,
        },
      ];
    });
    for (const d of columnDefinitions(ctx)) {
      if (!d.added || d.isNew || d.table === undefined) continue;
      if (!columnConstraints(d.column).some((c) => str(c, 'contype') === 'CONSTR_FOREIGN'))
        continue;
      const column = str(d.column, 'colname') ?? '?';
      findings.push({
        message: `ADD COLUMN ${column} … REFERENCES on ${displayName(d.table)}: an inline foreign key cannot be NOT VALID.`,
        impact: `Takes SHARE ROW EXCLUSIVE locks on both tables and validates the constraint in the same statement.`,
        safeAlternative: `ADD COLUMN ${column} without REFERENCES, then ADD CONSTRAINT … FOREIGN KEY (${column}) REFERENCES … NOT VALID, and VALIDATE CONSTRAINT in a later migration.`,
      });
    }
    return findings;
  },
};
