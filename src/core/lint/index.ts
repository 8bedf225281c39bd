export type {
  Diagnostic,
  LintContext,
  LintStatement,
  RuleFinding,
  Severity,
  SeverityOverride,
} from './diagnostic.js';
export type { LintRule, RuleContext } from './rule.js';
export { createLinter, lintStatements, type Linter, type LintOptions } from './engine.js';
export { createLintSession, type LintSession } from './lint-session.js';
export { RULES } from './rules/index.js';
export { invalidSuppression, unusedSuppression } from './suppression-rules.js';
export { allRules, findRule } from './rule-catalog.js';
