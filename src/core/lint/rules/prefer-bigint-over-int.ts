import type { LintRule } from '../rule.js';
import { columnTypes } from '../column-types.js';

const SMALL = new Set(['int4', 'int2', 'serial', 'serial4', 'smallserial', 'serial2']);

export const preferBigintOverInt: LintRule = {
  code: 'RT302',
  name: 'prefer-bigint-over-int',
  severity: 'warning',
  kinds: ['CreateStmt', 'AlterTableStmt'],
  summary: 'An integer id (primary key, identity or serial) can run out at 2^31; use bigint.',
  example: {
    bad: 'CREATE TABLE grants (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY)',
    good: 'CREATE TABLE grants (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)',
  },
  check(ctx) {
    return columnTypes(ctx)
      .filter((t) => SMALL.has(t.type) && (t.isKey || t.type.includes('serial')))
      .map((t) => ({
        message: `Id column ${t.column} is ${t.type}.`,
        impact: `An ${t.type} id overflows at ${t.type.endsWith('2') || t.type === 'smallserial' ? '32,767' : '2,147,483,647'}; widening it later is a full table rewrite under an ACCESS EXCLUSIVE lock (and of every referencing column).`,
        safeAlternative: `Declare ${t.column} as bigint (bigint GENERATED ALWAYS AS IDENTITY); it costs 4 bytes a row.`,
      }));
  },
};
