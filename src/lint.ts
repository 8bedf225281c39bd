/**
 * `retort/lint`: the migration safety linter as a library — the pure engine and its rules, the
 * parse step (PostgreSQL's own parser) and the gate's error.
 */
export {
  lintStatements,
  createLinter,
  createLintSession,
  RULES,
  allRules,
  findRule,
  type Diagnostic,
  type LintContext,
  type Linter,
  type LintOptions,
  type LintRule,
  type LintSession,
  type LintStatement,
  type RuleContext,
  type RuleFinding,
  type Severity,
  type SeverityOverride,
} from './core/lint/index.js';
export { loadParser } from './parser/parse-sql.js';
export { sqlToLintInput, type LintInput } from './parser/lint-input.js';
export { LintGateError } from './runner/lint-gate.js';
