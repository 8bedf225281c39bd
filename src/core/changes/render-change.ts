import { planChanges, planToStatements } from '../codegen/plan.js';
import type { EnumModel } from '../model/schema-model.js';
import type { Change } from './change.js';

/*
 * A change's SQL is the SQL of its operations (src/core/codegen/plan.ts), rendered by the
 * runner's renderer: there is no second SQL spelling of a change.
 */

/**
 * The SQL statements (no trailing semicolons) that apply one change, in its plain form.
 *
 * @example
 * renderChange({ kind: 'CreateSchema', schema: 'audit' }); // ['CREATE SCHEMA "audit"']
 */
export function renderChange(change: Change, enums: readonly EnumModel[] = []): string[] {
  return renderChanges([change], enums);
}

/**
 * Every statement of a list of changes, in order (the safe forms on tables the list does not
 * create, validations last).
 */
export function renderChanges(
  changes: readonly Change[],
  enums: readonly EnumModel[] = [],
): string[] {
  return planToStatements(planChanges(changes, { enums })).map((s) => s.sql);
}
