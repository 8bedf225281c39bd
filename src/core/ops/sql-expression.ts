import { quoteIdent, quoteLiteral, quoteQualified } from '../sql/quote.js';

const sqlBrand: unique symbol = Symbol.for('retort.sql');

/**
 * Raw SQL, written by the migration author and inserted as is. Made by {@link sql}; anything that
 * is not an SqlExpression where a value is expected is a literal and gets quoted.
 */
export interface SqlExpression {
  readonly [sqlBrand]: true;
  /** The SQL text. */
  readonly text: string;
}

/** A value that may appear inside sql`…`: expressions stay raw, everything else is quoted as a literal. */
export type SqlInterpolation = SqlExpression | string | number | bigint | boolean | null | Date;

/** The `sql` helper: a tag, a function, and `sql.ident` / `sql.literal`. */
export interface SqlHelper {
  (text: string): SqlExpression;
  (strings: TemplateStringsArray, ...values: readonly SqlInterpolation[]): SqlExpression;
  /** A quoted identifier as an expression: `sql.ident('Email')` → `"Email"`, `sql.ident('t', 'auth')` → `"auth"."t"`. */
  ident(name: string, schema?: string): SqlExpression;
  /** A quoted literal as an expression: `sql.literal("it's")` → `'it''s'`. */
  literal(value: Exclude<SqlInterpolation, SqlExpression>): SqlExpression;
}

function makeExpression(text: string): SqlExpression {
  return Object.freeze({ [sqlBrand]: true as const, text });
}

/**
 * Marks SQL text as an expression, to tell it apart from a literal value. As a tag, interpolated
 * values are quoted as literals (never spliced raw) and nested expressions are kept as they are.
 *
 * @example
 * op.addColumn('users', 'created_at', { type: 'timestamptz', default: sql`now()` }); // DEFAULT now()
 * op.addColumn('users', 'motto', { type: 'text', default: 'now()' });            // DEFAULT 'now()'
 * op.createIndex('users_email_lower', 'users', [sql`lower(${sql.ident('Email')})`]);
 * sql`status = ${"it's"}`; // status = 'it''s'
 */
export const sql: SqlHelper = Object.assign(
  (first: string | TemplateStringsArray, ...values: readonly SqlInterpolation[]): SqlExpression => {
    if (typeof first === 'string') return makeExpression(first);
    let text = first[0] ?? '';
    values.forEach((value, index) => {
      text += isSqlExpression(value) ? value.text : quoteLiteral(value);
      text += first[index + 1] ?? '';
    });
    return makeExpression(text);
  },
  {
    ident: (name: string, schema?: string): SqlExpression =>
      makeExpression(schema === undefined ? quoteIdent(name) : quoteQualified(name, schema)),
    literal: (value: Exclude<SqlInterpolation, SqlExpression>): SqlExpression =>
      makeExpression(quoteLiteral(value)),
  },
);

/** True for values made by {@link sql}. */
export function isSqlExpression(value: unknown): value is SqlExpression {
  return typeof value === 'object' && value !== null && sqlBrand in value;
}
