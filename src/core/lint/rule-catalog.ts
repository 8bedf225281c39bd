import type { LintRule } from './rule.js';
import { RULES } from './rules/index.js';
import { invalidSuppression, unusedSuppression } from './suppression-rules.js';

/** Every rule including the suppression checks, in code order (for docs and `--json`). */
export function allRules(): readonly LintRule[] {
  return [unusedSuppression, invalidSuppression, ...RULES];
}

/** A rule by name or code (`ban-drop-column`, `RT115`, case-insensitive code). */
export function findRule(nameOrCode: string): LintRule | undefined {
  const code = nameOrCode.toUpperCase();
  return allRules().find((r) => r.name === nameOrCode || r.code === code);
}
