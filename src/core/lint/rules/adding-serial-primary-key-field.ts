import { SERIAL_TYPES as SERIAL } from '../column-types.js';
import {
  columnConstraints,
  displayName,
  field,
  str,
  typeNameOf,
  unwrap,
  type Node,
} from '../ast.js';
import type { LintRule } from '../rule.js';
import { columnDefinitions, tableCommands } from '../table-commands.js';

export const addingSerialPrimaryKeyField: LintRule = {
  code: 'RT106',
  name: 'adding-serial-primary-key-field',
  severity: 'error',
  kinds: ['AlterTableStmt'],
  summary:
    'Adding a serial/identity column or a primary key to an existing table rewrites it or builds an index under an ACCESS EXCLUSIVE lock.',
  example: {
    bad: 'ALTER TABLE grants ADD PRIMARY KEY (id)',
    good: 'ALTER TABLE grants ADD CONSTRAINT grants_pkey PRIMARY KEY USING INDEX grants_id_idx',
  },
  check(ctx) {
    const findings = columnDefinitions(ctx).flatMap((d) => {
      if (!d.added || d.isNew || d.table === undefined) return [];
      const column = str(d.column, 'colname') ?? '?';
      const type = typeNameOf(field<Node>(d.column, 'typeName')) ?? '';
      const contypes = columnConstraints(d.column).map((c) => str(c, 'contype'));
      const what = SERIAL.has(type)
        ? `a ${type} column`
        : contypes.includes('CONSTR_IDENTITY')
          ? 'an identity column'
          : contypes.includes('CONSTR_PRIMARY')
            ? 'a PRIMARY KEY column'
            : undefined;
      if (what === undefined) return [];
      return [
        {
          message: `ADD COLUMN ${column} on ${displayName(d.table)} adds ${what}.`,
          impact: `Every existing row gets a value (a full rewrite) and a unique index is built, all under an ACCESS EXCLUSIVE lock on ${displayName(d.table)}.`,
          safeAlternative: `Add a nullable bigint column, attach a sequence default for new rows, backfill in batches, build a unique index CONCURRENTLY, then ADD CONSTRAINT … PRIMARY KEY USING INDEX.`,
        },
      ];
    });
    for (const c of tableCommands(ctx)) {
      if (c.subtype !== 'AT_AddConstraint' || c.isNew) continue;
      const constraint = unwrap(c.def, 'Constraint');
      if (str(constraint, 'contype') !== 'CONSTR_PRIMARY' || str(constraint, 'indexname')) continue;
      findings.push({
        message: `ADD PRIMARY KEY on ${displayName(c.table)} builds its index in place.`,
        impact: `Builds a unique index (and checks NOT NULL on every row) while holding an ACCESS EXCLUSIVE lock on ${displayName(c.table)}: no reads or writes meanwhile.`,
        safeAlternative:
          'CREATE UNIQUE INDEX CONCURRENTLY … as its own step, then ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY USING INDEX … (instant).',
      });
    }
    return findings;
  },
};
