import { columnConstraints, displayName, str, unwrap } from '../ast.js';
import type { LintRule } from '../rule.js';
import { columnDefinitions, tableCommands } from '../table-commands.js';

export const disallowedUniqueConstraint: LintRule = {
  code: 'RT110',
  name: 'disallowed-unique-constraint',
  severity: 'error',
  kinds: ['AlterTableStmt'],
  summary:
    'ADD UNIQUE (or EXCLUDE) builds its index under an ACCESS EXCLUSIVE lock; build a unique index CONCURRENTLY and attach it with USING INDEX (an exclusion constraint has no such form).',
  example: {
    bad: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)',
    good: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx',
  },
  check(ctx) {
    const findings = tableCommands(ctx).flatMap((c) => {
      if (c.subtype !== 'AT_AddConstraint' || c.isNew) return [];
      const constraint = unwrap(c.def, 'Constraint');
      const table = displayName(c.table);
      const name = str(constraint, 'conname') ?? '…';
      if (str(constraint, 'contype') === 'CONSTR_EXCLUSION')
        return [
          {
            message: `ADD CONSTRAINT ${name} EXCLUDE on ${table} builds its index in place.`,
            impact: `The exclusion index is built, and every row checked against it, while holding an ACCESS EXCLUSIVE lock on ${table}: no reads or writes for the whole build. PostgreSQL has no concurrent form (no EXCLUDE USING INDEX).`,
            safeAlternative: `Declare the exclusion constraint when the table is created, or add it in a maintenance window with a retort-ignore disallowed-unique-constraint comment saying so.`,
          },
        ];
      if (str(constraint, 'contype') !== 'CONSTR_UNIQUE' || str(constraint, 'indexname')) return [];
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
