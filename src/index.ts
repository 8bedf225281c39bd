/**
 * retort's public API: what a project's config, migrations and schema declaration import, and
 * the verbs as async functions. Re-exports only; every export is listed in docs/api.md (a test
 * fails when they differ). The linter is in `retort/lint`.
 */
export { defineConfig, type RetortConfig, type ResolvedConfig } from './core/config.js';
export {
  defineMigration,
  type MigrationDefinition,
  type MigrationTest,
  type MigrationTestQuery,
  type MigrationTestRows,
} from './core/migration.js';
// The op API of TypeScript migrations.
export type * from './core/ops/op.js';
export { sql, type SqlExpression, type SqlHelper } from './core/ops/sql-expression.js';
export { quoteIdent, quoteLiteral } from './core/sql/quote.js';
export { RetortError, ExitCode, isRetortError } from './core/errors.js';
// The verbs.
export {
  upgrade,
  downgrade,
  current,
  stamp,
  repair,
  history,
  heads,
  branches,
  show,
  lint,
  check as checkSchema,
  revision,
  merge,
  resolveProjectConfig,
  type ProjectOptions,
  type MigrateOptions,
  type PGliteLike,
} from './api.js';
export type { MigrateResult } from './runner/migrate.js';
export type { RunEvent, StepResult } from './runner/run-plan.js';
export type { LintGateMode } from './runner/lint-gate.js';
export type { CurrentResult } from './commands/current.js';
export type { StampResult } from './commands/stamp.js';
export type { RepairResult, HalfDoneEntry } from './commands/repair.js';
export type { HistoryResult, HistoryEntry } from './commands/history.js';
export type { HeadsResult } from './commands/heads.js';
export type { BranchesResult } from './commands/branches.js';
export type { ShowResult } from './commands/show.js';
export type { LintResult } from './commands/lint.js';
export type { CheckResult } from './commands/check.js';
export type { RevisionResult } from './commands/revision.js';
export type { RevisionEntry } from './commands/revision-entry.js';
export type { Diagnostic, Severity } from './core/lint/diagnostic.js';
// Where migrations come from (bundled applications).
export {
  bundledSource,
  fileSource,
  type BundledMigration,
  type MigrationSource,
} from './project/migration-source.js';
export type { RevisionFile } from './project/revision-files.js';
// The schema declaration (retort check, autogenerate).
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
  collateKey,
  unique,
  check,
  primaryKey,
  foreignKey,
  type DeferrableOptions,
  type TableBuilder,
  type TableExtra,
  type TableOptions,
} from './core/declaration/table-builder.js';
export { exclude, ExclusionBuilder } from './core/declaration/exclusion-builder.js';
export {
  defineSchema,
  enumType,
  sequence,
  pgSchema,
  type EnumType,
  type SchemaDeclaration,
  type SequenceSpec,
} from './core/declaration/schema-builder.js';
export {
  domainType,
  compositeType,
  collation,
  grant,
  type DomainType,
  type DomainOptions,
  type CompositeType,
  type CollationSpec,
  type CollationOptions,
  type GrantSpec,
} from './core/declaration/type-builders.js';
export type { TableGrant } from './core/declaration/table-builder.js';
export {
  pgFunction,
  pgProcedure,
  trigger,
  view,
  materializedView,
  policy,
  type RoutineSpec,
  type RoutineOptions,
  type TriggerSpec,
  type TriggerOptions,
  type ViewSpec,
  type ViewOptions,
  type ViewIndexSpec,
  type PolicySpec,
  type PolicyOptions,
} from './core/declaration/routine-builder.js';
export {
  partitionBy,
  partitionOf,
  type PartitionKeySpec,
  type PartitionMethod,
  type PartitionOptions,
  type PartitionSpec,
} from './core/declaration/partition-builder.js';
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
