import { columnConstraints, displayName, str, unwrap } from '../ast.js';
import type { LintRule } from '../rule.js';
import { columnDefinitions, tableCommands } from '../table-commands.js';

export const disallowedUniqueConstraint: LintRule = {
  code: 'RT110',
  name: 'disallowed-unique-constraint',
  severity: 'error',
  kinds: ['AlterTableStmt'],
  summary:
    'ADD UNIQUE builds its index under an ACCESS EXCLUSIVE lock; build it CONCURRENTLY and attach it with USING INDEX.',
  example: {
    bad: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)',
    good: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx',
  },
  check(ctx) {
    const findings = tableCommands(ctx).flatMap((c) => {
      if (c.subtype !== 'AT_AddConstraint' || c.isNew) return [];
      const constraint = unwrap(c.def, 'Constraint');
      if (str(constraint, 'contype') !== 'CONSTR_UNIQUE' || str(constraint, 'indexname')) return [];
      const table = displayName(c.table);
      const name = str(constraint, 'conname') ?? '…';
      return [
        {
          message: `ADD CONSTRAINT ${name} UNIQUE on ${table} builds a new index in place.`,
          impact: `The unique index is built while holding an ACCESS EXCLUSIVE lock on ${table}: no reads or writes for the whole build.`,
          safeAlternative: `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${name}_idx ON ${table} (…) as its own non-transactional step, then ALTER TABLE ${table} ADD CONSTRAINT ${name} UNIQUE USING INDEX ${name}_idx.`,
        },
      ];
    });
    for (const d of columnDefinitions(ctx)) {
      if (!d.added || d.isNew || d.table === undefined) continue;
      if (!columnConstraints(d.column).some((c) => str(c, 'contype') === 'CONSTR_UNIQUE')) continue;
      findings.push({
        message: `ADD COLUMN ${str(d.column, 'colname') ?? '?'} UNIQUE on ${displayName(d.table)} builds a unique index in place.`,
        impact: 'The index is built under the ACCESS EXCLUSIVE lock of the ALTER TABLE.',
        safeAlternative:
          'Add the column without UNIQUE, then CREATE UNIQUE INDEX CONCURRENTLY and ADD CONSTRAINT … UNIQUE USING INDEX.',
      });
    }
    return findings;
  },
};
