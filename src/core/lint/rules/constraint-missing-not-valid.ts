import { displayName, field, str, unwrap } from '../ast.js';
import type { LintRule } from '../rule.js';
import { tableCommands } from '../table-commands.js';

export const constraintMissingNotValid: LintRule = {
  code: 'RT108',
  name: 'constraint-missing-not-valid',
  severity: 'error',
  kinds: ['AlterTableStmt'],
  summary:
    'ADD CONSTRAINT … CHECK without NOT VALID (or VALIDATE in the same transaction) scans the table under an ACCESS EXCLUSIVE lock.',
  example: {
    bad: 'ALTER TABLE grants ADD CONSTRAINT grants_amount_positive CHECK (amount > 0)',
    good: 'ALTER TABLE grants ADD CONSTRAINT grants_amount_positive CHECK (amount > 0) NOT VALID',
  },
  check(ctx) {
    return tableCommands(ctx).flatMap((c) => {
      if (c.isNew) return [];
      const table = displayName(c.table);
      if (c.subtype === 'AT_ValidateConstraint') {
        if (!ctx.notValidInTransaction.has(`${c.table.name}.${c.name ?? ''}`)) return [];
        return [
          {
            message: `VALIDATE CONSTRAINT ${c.name ?? '?'} in the same transaction that added it NOT VALID.`,
            impact: `The ACCESS EXCLUSIVE lock taken by ADD CONSTRAINT is still held while the validation scans ${table}, so NOT VALID gains nothing.`,
            safeAlternative: `Validate in a later transaction — a later migration, or after op.commit() in a TypeScript one: ALTER TABLE ${table} VALIDATE CONSTRAINT ${c.name ?? '…'}.`,
          },
        ];
      }
      if (c.subtype !== 'AT_AddConstraint') return [];
      const constraint = unwrap(c.def, 'Constraint');
      if (str(constraint, 'contype') !== 'CONSTR_CHECK') return [];
      if (field(constraint, 'skip_validation') === true) return [];
      const name = str(constraint, 'conname') ?? '…';
      return [
        {
          message: `ADD CONSTRAINT ${name} CHECK on ${table} without NOT VALID.`,
          impact: `PostgreSQL checks every existing row while holding an ACCESS EXCLUSIVE lock on ${table}: no reads or writes meanwhile.`,
          safeAlternative: `ADD CONSTRAINT ${name} CHECK (…) NOT VALID (instant; enforced for new rows), then ALTER TABLE ${table} VALIDATE CONSTRAINT ${name} in a later migration (SHARE UPDATE EXCLUSIVE: reads and writes continue).`,
        },
      ];
    });
  },
};
