import type { LintSuppression } from '../sql/statement.js';
import type { LintIgnore } from './op.js';
import { InvalidLintIgnoreError } from './op-errors.js';

/**
 * Normalises an op's `lintIgnore` to an array, refusing entries without a rule or a reason:
 * a suppression must say why, or it is an error.
 *
 * @example
 * normalizeLintIgnore({ rule: 'ban-drop-table', reason: 'table emptied in 1a2b3c' }, 'dropTable');
 * // → [{ rule: 'ban-drop-table', reason: 'table emptied in 1a2b3c' }]
 */
export function normalizeLintIgnore(
  value: LintIgnore | undefined,
  where: string,
): readonly LintSuppression[] | undefined {
  if (value === undefined) return undefined;
  const entries: readonly LintSuppression[] = Array.isArray(value)
    ? (value as readonly LintSuppression[])
    : [value as LintSuppression];
  return entries.map((entry) => {
    const rule = typeof entry?.rule === 'string' ? entry.rule.trim() : '';
    const reason = typeof entry?.reason === 'string' ? entry.reason.trim() : '';
    if (rule === '') {
      throw new InvalidLintIgnoreError(`${where}: lintIgnore entry has no rule`, { where });
    }
    if (reason === '') {
      throw new InvalidLintIgnoreError(
        `${where}: lintIgnore for rule '${rule}' has no reason; say why the rule does not apply`,
        { where, rule },
      );
    }
    return { rule, reason };
  });
}
