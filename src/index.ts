/**
 * retort's public API. Re-exports only; see ARCHITECTURE.md for where things live.
 */
export { defineConfig, type RetortConfig, type ResolvedConfig } from './core/config.js';
export { defineMigration, type MigrationDefinition } from './core/migration.js';
export type { Op } from './core/ops/op.js';
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
