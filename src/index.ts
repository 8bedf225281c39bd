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
// Schema declaration, model, diff and introspection (issue 4).
export {
  ColumnBuilder,
  smallint,
  integer,
  bigint,
  smallserial,
  serial,
  bigserial,
  real,
  doublePrecision,
  numeric,
  text,
  varchar,
  char,
  boolean,
  date,
  time,
  timestamp,
  timestamptz,
  interval,
  uuid,
  json,
  jsonb,
  bytea,
  inet,
  cidr,
  tsvector,
  columnOfType,
  type DefaultValue as ColumnDefaultValue,
  type ReferenceOptions,
} from './core/declaration/column-builder.js';
export {
  table,
  index,
  uniqueIndex,
  desc,
  asc,
  opclass,
  unique,
  check,
  primaryKey,
  foreignKey,
  type TableBuilder,
  type TableExtra,
  type TableOptions,
} from './core/declaration/table-builder.js';
export {
  defineSchema,
  enumType,
  sequence,
  pgSchema,
  type EnumType,
  type SchemaDeclaration,
  type SequenceSpec,
} from './core/declaration/schema-builder.js';
export { declarationToModel } from './core/declaration/declaration-to-model.js';
export type {
  SchemaModel,
  TableModel,
  ColumnModel,
  PrimaryKeyModel,
  UniqueModel,
  ForeignKeyModel,
  CheckModel,
  IndexModel,
  EnumModel,
  SequenceModel,
  ExtensionModel,
} from './core/model/schema-model.js';
export { emptySchemaModel, sortSchemaModel } from './core/model/schema-model.js';
export type { Change, ChangeKind } from './core/changes/change.js';
export { reverseChange, reverseChanges, isDestructive } from './core/changes/reverse-change.js';
export { renderChange, renderChanges } from './core/changes/render-change.js';
export { diffSchemas, type DiffOptions } from './core/diff/diff-schemas.js';
export {
  findRenameCandidates,
  type RenameDecisions,
  type RenameCandidate,
  type RenameResolver,
} from './core/diff/rename-decisions.js';
export { introspectDatabase } from './database/introspect.js';
export { normaliseModel } from './database/normalise-declaration.js';
export { modelToDeclaration } from './core/codegen/model-to-declaration.js';
export { changesToOps } from './core/codegen/changes-to-ops.js';
export { check as checkSchema, type CheckOptions, type CheckResult } from './commands/check.js';
export { pull, type PullOptions, type PullResult } from './commands/pull.js';
export {
  autogenerate,
  type AutogenerateOptions,
  type AutogenerateResult,
} from './commands/autogenerate.js';
// Fleets: many databases or tenant schemas in one process (issue 12), and the migration locks
export {
  migrateFleet,
  type FleetOptions,
  type FleetProgress,
  type FleetResult,
  type FleetTargetResult,
  type FleetTargetStatus,
} from './fleet/fleet.js';
export {
  fleetCurrent,
  type FleetCurrentResult,
  type FleetCurrentTarget,
  type FleetRevisionCount,
} from './fleet/fleet-current.js';
export {
  listTargets,
  selectTargets,
  type FleetTarget,
  type TargetSelection,
} from './fleet/targets.js';
export type { TargetSpec, TargetsConfig } from './core/config.js';
export { LeaseLockTimeoutError, type Lease, type TakenOverLease } from './database/lease-lock.js';
export { type LockStrategy } from './database/migration-lock.js';
export { fleetCheck, type FleetCheckResult, type FleetCheckTarget } from './fleet/fleet-check.js';
