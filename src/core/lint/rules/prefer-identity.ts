import { SERIAL_TYPES as SERIAL, columnTypes } from '../column-types.js';
import type { LintRule } from '../rule.js';

export const preferIdentity: LintRule = {
  code: 'RT303',
  name: 'prefer-identity',
  severity: 'warning',
  kinds: ['CreateStmt', 'AlterTableStmt'],
  summary:
    'serial columns have loose sequence ownership and permissions; use GENERATED … AS IDENTITY.',
  example: {
    bad: 'CREATE TABLE grants (id bigserial PRIMARY KEY)',
    good: 'CREATE TABLE grants (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)',
  },
  check(ctx) {
    return columnTypes(ctx)
      .filter((t) => SERIAL.has(t.type))
      .map((t) => ({
        message: `Column ${t.column} is ${t.type}.`,
        impact:
          'A serial’s sequence is a separate object: grants, copies (CREATE TABLE … LIKE) and dumps can lose the link, and explicit inserts silently desynchronise it.',
        safeAlternative: `${t.column} bigint GENERATED ALWAYS AS IDENTITY (SQL standard, PostgreSQL 10+).`,
      }));
  },
};
