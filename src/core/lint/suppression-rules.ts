import type { LintRule } from './rule.js';

/**
 * Findings about suppressions themselves. The engine reports them (rules see one statement;
 * these need the whole pass), so `check` finds nothing on its own.
 */
export const unusedSuppression: LintRule = {
  code: 'RT001',
  name: 'unused-suppression',
  severity: 'warning',
  summary: 'A `retort-ignore` comment or `lintIgnore` option that silences nothing.',
  example: {
    bad: '-- retort-ignore ban-drop-table: legacy table\nCREATE TABLE t (id bigint)',
    good: 'CREATE TABLE t (id bigint)',
  },
  check: () => [],
};

export const invalidSuppression: LintRule = {
  code: 'RT002',
  name: 'invalid-suppression',
  severity: 'error',
  summary: 'A suppression without a reason, or naming an unknown rule; it is not honoured.',
  example: {
    bad: '-- retort-ignore ban-drop-column\nALTER TABLE t DROP COLUMN a',
    good: '-- retort-ignore ban-drop-column: no reader left since release 4.2\nALTER TABLE t DROP COLUMN a',
  },
  check: () => [],
};
