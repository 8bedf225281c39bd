import type { SequenceModel } from './schema-model.js';

/**
 * The sequence options of an identity column, as model data: only the options that differ from
 * PostgreSQL's defaults for the column's type, as decimal strings, so a declared
 * `.identity({ start: 100 })` and the catalog's full sequence compare equal.
 */
export interface IdentityOptionsModel {
  readonly start?: string | undefined;
  readonly increment?: string | undefined;
  readonly min?: string | undefined;
  readonly max?: string | undefined;
  readonly cache?: string | undefined;
  readonly cycle?: true | undefined;
}

const typeMax: Readonly<Record<string, bigint>> = {
  smallint: 32767n,
  integer: 2147483647n,
  bigint: 9223372036854775807n,
};

/** The defaults of a sequence of `type` with this increment (CREATE SEQUENCE's rules). */
function defaults(type: string, increment: bigint): Record<'start' | 'min' | 'max', string> {
  const max = typeMax[type] ?? typeMax['bigint']!;
  const ascending = increment > 0n;
  const min = ascending ? 1n : -max - 1n;
  const top = ascending ? max : -1n;
  return { start: String(ascending ? min : top), min: String(min), max: String(top) };
}

/**
 * The options that differ from the defaults, or undefined when none do.
 *
 * @example
 * identityOptionsOf('integer', { start: '100', increment: '1', min: '1', max: '2147483647', cache: '1', cycle: false });
 * // { start: '100' }
 */
export function identityOptionsOf(
  type: string,
  s: Pick<SequenceModel, 'start' | 'increment' | 'min' | 'max' | 'cache' | 'cycle'>,
): IdentityOptionsModel | undefined {
  const d = defaults(type, BigInt(s.increment));
  const out: { -readonly [K in keyof IdentityOptionsModel]: IdentityOptionsModel[K] } = {};
  if (s.start !== d.start) out.start = s.start;
  if (s.increment !== '1') out.increment = s.increment;
  if (s.min !== d.min) out.min = s.min;
  if (s.max !== d.max) out.max = s.max;
  if (s.cache !== '1') out.cache = s.cache;
  if (s.cycle) out.cycle = true;
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * Every option of `to` explicit (absent ones back to their defaults for the column's type), as
 * ALTER COLUMN sets them: what makes the sequence exactly `to`. Values are checked integers.
 *
 * @example
 * identitySequenceOf({ start: '100' }, 'integer');
 * // { increment: '1', minValue: '1', maxValue: '2147483647', start: '100', cache: '1', cycle: false }
 */
export function identitySequenceOf(
  to: IdentityOptionsModel | undefined,
  type: string,
): {
  increment: string;
  minValue: string;
  maxValue: string;
  start: string;
  cache: string;
  cycle: boolean;
} {
  const o = to ?? {};
  const increment = BigInt(o.increment ?? '1');
  const d = defaults(type, increment);
  const n = (v: string): string => BigInt(v).toString();
  return {
    increment: String(increment),
    minValue: n(o.min ?? d.min),
    maxValue: n(o.max ?? d.max),
    start: n(o.start ?? (increment > 0n ? (o.min ?? d.start) : (o.max ?? d.start))),
    cache: n(o.cache ?? '1'),
    cycle: o.cycle === true,
  };
}
