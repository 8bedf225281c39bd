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
