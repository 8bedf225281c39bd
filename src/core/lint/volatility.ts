import { functionCalls, walk } from './ast.js';

/** Functions whose result changes per row: a default using one makes PostgreSQL rewrite the table. */
const VOLATILE = new Set([
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'uuidv4',
  'uuidv7',
  'random',
  'random_normal',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'txid_current',
  'gen_random_bytes',
  'setseed',
]);

/** Functions known to be stable or immutable: evaluated once for ADD COLUMN … DEFAULT (PG11+). */
const NON_VOLATILE = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_setting',
  'lower',
  'upper',
  'coalesce',
  'concat',
  'to_jsonb',
  'jsonb_build_object',
  'jsonb_build_array',
  'json_build_object',
  'array',
  'make_interval',
  'make_date',
  'to_timestamp',
  'timezone',
  'length',
  'md5',
  'abs',
  'round',
]);

/**
 * Why an expression is volatile (`gen_random_uuid()`), or undefined when it is known not to be.
 * Unknown functions count as volatile: retort cannot look them up without a database.
 */
export function volatileReason(expr: unknown): string | undefined {
  for (const name of functionCalls(expr)) {
    if (VOLATILE.has(name)) return `${name}() is volatile`;
    if (!NON_VOLATILE.has(name))
      return `${name}() is not known to be stable (retort assumes volatile)`;
  }
  let sublink = false;
  walk(expr, (kind) => {
    if (kind === 'SubLink') sublink = true;
  });
  return sublink ? 'a subquery is evaluated per row' : undefined;
}
