import { displayName, field, list, typeNameOf, unwrap, type Node } from '../ast.js';
import type { LintRule } from '../rule.js';
import { tableCommands } from '../table-commands.js';

export const changingColumnType: LintRule = {
  code: 'RT107',
  name: 'changing-column-type',
  severity: 'error',
  kinds: ['AlterTableStmt'],
  summary:
    'ALTER COLUMN … TYPE rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock unless the change is binary-coercible.',
  example: {
    bad: 'ALTER TABLE grants ALTER COLUMN user_id TYPE bigint',
    good: 'ALTER TABLE grants ADD COLUMN user_id_new bigint',
  },
  check(ctx) {
    return tableCommands(ctx).flatMap((c) => {
      if (c.subtype !== 'AT_AlterColumnType' || c.isNew) return [];
      const typeName = field<Node>(unwrap(c.def, 'ColumnDef'), 'typeName');
      const type = typeNameOf(typeName) ?? '?';
      // varchar(n) → text / wider varchar is metadata-only; retort cannot see the old type.
      const maybeFree =
        type === 'text' || (type === 'varchar' && list(typeName, 'typmods').length === 0);
      return [
        {
          message: `ALTER COLUMN ${c.name ?? '?'} TYPE ${type} on ${displayName(c.table)}.${maybeFree ? ' Metadata-only if the column was varchar or text; a rewrite otherwise.' : ''}`,
          impact: `Unless the old type is binary-coercible to ${type}, PostgreSQL rewrites ${displayName(c.table)} and rebuilds its indexes under an ACCESS EXCLUSIVE lock: no reads or writes meanwhile. Old application code may also break on the new type.`,
          safeAlternative: `Expand and contract: add a new column of type ${type}, write both (trigger or application), backfill in batches, switch readers, then drop the old column in a later migration.`,
        },
      ];
    });
  },
};
