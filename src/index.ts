/**
 * retort's public API. Re-exports only; see ARCHITECTURE.md for where things live.
 */
export { defineConfig, type RetortConfig, type ResolvedConfig } from './core/config.js';
export { defineMigration, type MigrationDefinition } from './core/migration.js';
// op API (TypeScript migrations), operations as data, the renderer, and SQL text → Statements
export type * from './core/ops/op.js';
export type { Operation, OperationKind, OperationOf, NamedColumn } from './core/ops/operations.js';
export {
  sql,
  isSqlExpression,
  type SqlExpression,
  type SqlHelper,
} from './core/ops/sql-expression.js';
export {
  createOpRecorder,
  type OpRecorder,
  type OpRecorderOptions,
} from './core/ops/op-recorder.js';
export { reverseOperation } from './core/ops/reverse-operation.js';
export {
  InvalidOperationError,
  InvalidLintIgnoreError,
  OfflineQueryError,
} from './core/ops/op-errors.js';
export { renderOperation, type RenderContext } from './core/sql/render-operation.js';
export { classifyStatement, type StatementClass } from './core/sql/classify-statement.js';
export { loadParser, sqlToStatements, parseIgnoreComment } from './parser/sql-statements.js';
export type { EnumValueAdd } from './core/sql/statement.js';
export { RetortError, ExitCode, isRetortError } from './core/errors.js';
export { quoteIdent, quoteLiteral, quoteQualified } from './core/sql/quote.js';
export type { Statement, StatementSource, LintSuppression } from './core/sql/statement.js';
export type { Revision } from './core/revisions/revision.js';
export { loadConfig } from './project/config-loader.js';
export { init, type InitOptions, type InitResult } from './commands/init.js';
export {
  readRevisionFiles,
  readSqlMigrationBody,
  type RevisionFile,
  type SqlMigrationBody,
} from './project/revision-files.js';
export { revision, type RevisionOptions, type RevisionResult } from './commands/revision.js';
export { merge, type MergeOptions, type MergeResult } from './commands/merge.js';
export { heads, type HeadsOptions, type HeadsResult } from './commands/heads.js';
export { branches, type BranchesOptions, type BranchesResult } from './commands/branches.js';
export {
  history,
  type HistoryOptions,
  type HistoryResult,
  type HistoryEntry,
} from './commands/history.js';
export { show, type ShowOptions, type ShowResult } from './commands/show.js';
export type { RevisionEntry } from './commands/revision-entry.js';
// Migration safety linter: the pure engine and rules, the parse step, the command and the gate
export {
  lintStatements,
  createLintSession,
  RULES,
  allRules,
  findRule,
  type Diagnostic,
  type LintContext,
  type LintOptions,
  type LintRule,
  type LintSession,
  type LintStatement,
  type RuleContext,
  type RuleFinding,
  type Severity,
  type SeverityOverride,
} from './core/lint/index.js';
export { sqlToLintInput, renderedToLintStatements, type LintInput } from './parser/lint-input.js';
export { lint, type LintCommandOptions, type LintResult } from './commands/lint.js';
export {
  lintPending,
  LintGateError,
  type LintGateMode,
  type LintGateResult,
} from './runner/lint-gate.js';
