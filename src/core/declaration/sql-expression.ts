import { quoteIdent, quoteLiteral } from '../sql/quote.js';

/** A raw SQL expression in a declaration: a default, a check, an index key or predicate. */
export interface SqlExpression {
  readonly kind: 'sql';
  readonly text: string;
}

/** Something that renders as an identifier inside {@link sql}: a declared column. */
export interface NamedColumnRef {
  readonly kind: 'column';
  readonly name: string;
}

/**
 * Tags a SQL expression. Interpolated columns become quoted identifiers, other values quoted
 * literals, so nothing is concatenated unquoted.
 *
 * @example
 * default: sql`now()`
 * check: sql`${t.confidence} BETWEEN 0 AND 100`  // → "confidence" BETWEEN 0 AND 100
 */
export function sql(strings: TemplateStringsArray, ...values: readonly unknown[]): SqlExpression {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += renderInterpolation(value) + (strings[i + 1] ?? '');
  });
  return { kind: 'sql', text };
}

function renderInterpolation(value: unknown): string {
  if (isSqlExpression(value)) return value.text;
  if (isColumnRef(value)) return quoteIdent(value.name);
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean' ||
    value instanceof Date
  ) {
    return quoteLiteral(value);
  }
  throw new TypeError(`sql\`\`: cannot interpolate ${typeof value}`);
}

export function isSqlExpression(value: unknown): value is SqlExpression {
  return typeof value === 'object' && value !== null && (value as SqlExpression).kind === 'sql';
}

function isColumnRef(value: unknown): value is NamedColumnRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as NamedColumnRef).kind === 'column' &&
    typeof (value as NamedColumnRef).name === 'string'
  );
}
