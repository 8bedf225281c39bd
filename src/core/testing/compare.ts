import { describeChange } from '../changes/describe-change.js';
import { diffSchemas } from '../diff/diff-schemas.js';
import type { SchemaModel } from '../model/schema-model.js';

/**
 * Pure comparisons behind `retort test`: two schema snapshots, two data snapshots, and the rows
 * an assertion returned.
 */

/** A schema at one moment: the introspected model and the lines for what it does not cover. */
export interface SchemaState {
  readonly model: SchemaModel;
  readonly extras: readonly string[];
  readonly fingerprint: string;
}

/**
 * What differs between `actual` and `expected`, as the changes that would bring `actual` back to
 * `expected` (`drop column users.timezone`), then objects only one side has. Empty when the
 * fingerprints are equal.
 *
 * @example
 * schemaDifferences(afterDowngrade, beforeUpgrade); // ['drop column users.timezone']
 */
export function schemaDifferences(actual: SchemaState, expected: SchemaState): string[] {
  if (actual.fingerprint === expected.fingerprint) return [];
  const out = diffSchemas(actual.model, expected.model).map(describeChange);
  const want = new Set(expected.extras);
  const have = new Set(actual.extras);
  for (const line of actual.extras) if (!want.has(line)) out.push(`left over: ${line}`);
  for (const line of expected.extras) if (!have.has(line)) out.push(`missing: ${line}`);
  if (out.length === 0) {
    const path = firstDifference(actual.model, expected.model, 'schema');
    out.push(`the catalogs differ at ${path ?? 'an unknown place'}`);
  }
  return out;
}

/** The path of the first value that differs between two JSON-like values. */
export function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path} (${JSON.stringify(a)} vs ${JSON.stringify(b)})`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const label = Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`;
    const found = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      label,
    );
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every row of every table (`schema.table` → row JSON texts, sorted). */
export type DataState = ReadonlyMap<string, readonly string[]>;

/**
 * How the data of `actual` differs from `expected`, for the tables both have (a table only one
 * side has is a schema difference): rows missing and rows that appeared, a few examples each.
 *
 * @example
 * dataDifferences(afterDowngrade, beforeUpgrade);
 * // ['notes: 1 row changed or lost: {"id":1,"body":"a long note"} is now missing; found {"id":1,"body":"a long no"}']
 */
export function dataDifferences(actual: DataState, expected: DataState, examples = 2): string[] {
  const out: string[] = [];
  for (const [table, want] of expected) {
    const have = actual.get(table);
    if (have === undefined) continue;
    const missing = multisetMinus(want, have);
    const extra = multisetMinus(have, want);
    if (missing.length === 0 && extra.length === 0) continue;
    const parts: string[] = [];
    if (missing.length > 0)
      parts.push(
        `${missing.length} row${missing.length === 1 ? '' : 's'} missing or changed (${missing.slice(0, examples).join(', ')}${missing.length > examples ? ', …' : ''})`,
      );
    if (extra.length > 0)
      parts.push(
        `${extra.length} row${extra.length === 1 ? '' : 's'} not there before (${extra.slice(0, examples).join(', ')}${extra.length > examples ? ', …' : ''})`,
      );
    out.push(`${table}: ${parts.join('; ')}`);
  }
  return out;
}

/** Items of sorted `a` not matched by an equal item of sorted `b`. */
function multisetMinus(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let j = 0;
  for (const item of a) {
    while (j < b.length && b[j]! < item) j++;
    if (j < b.length && b[j] === item) j++;
    else out.push(item);
  }
  return out;
}

/**
 * The verdict on the rows an assertion returned: it passes with no rows, or when every row is
 * one `true` value. Otherwise says what came back.
 *
 * @example
 * assertionFailure([{ ok: true }]);            // undefined
 * assertionFailure([{ ok: false }]);           // 'returned false'
 * assertionFailure([{ id: 3, user_id: null }]); // 'returned 1 row: {"id":3,"user_id":null}'
 */
export function assertionFailure(rows: readonly Record<string, unknown>[]): string | undefined {
  if (rows.every((row) => Object.values(row).length === 1 && Object.values(row)[0] === true))
    return undefined;
  const first = rows[0]!;
  const values = Object.values(first);
  if (rows.length === 1 && values.length === 1 && typeof values[0] !== 'object')
    return `returned ${String(values[0])}`;
  if (rows.length === 1 && values.length === 1 && values[0] === null) return 'returned NULL';
  return `returned ${rows.length} row${rows.length === 1 ? '' : 's'}: ${rows
    .slice(0, 3)
    .map((r) => JSON.stringify(r))
    .join(', ')}${rows.length > 3 ? ', …' : ''}`;
}
