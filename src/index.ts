/**
 * retort's public API. Re-exports only; see ARCHITECTURE.md for where things live.
 */
export { defineConfig, type RetortConfig, type ResolvedConfig } from './core/config.js';
export { defineMigration, type MigrationDefinition } from './core/migration.js';
// op API (TypeScript migrations) and SQL text → Statements
export type * from './core/ops/op.js';
export {
  sql,
  isSqlExpression,
  type SqlExpression,
  type SqlHelper,
} from './core/ops/sql-expression.js';
export { RetortError, ExitCode, isRetortError } from './core/errors.js';
export { quoteIdent, quoteLiteral, quoteQualified } from './core/sql/quote.js';
export type { Statement, StatementSource, LintSuppression } from './core/sql/statement.js';
export type { Revision } from './core/revisions/revision.js';
export { loadConfig } from './project/config-loader.js';
export { init, type InitOptions, type InitResult } from './commands/init.js';
