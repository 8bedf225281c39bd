import type {
  ColumnType,
  DefaultValue,
  LiteralValue,
  ReferentialAction,
  SqlText,
} from '../../ops/op.js';
import { InvalidOperationError } from '../../ops/op-errors.js';
import { isSqlExpression, type SqlExpression } from '../../ops/sql-expression.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';

/*
 * Small pieces every renderer shares. Names and values only become SQL here or in quote.ts.
 */

/** `"a", "b"` */
export function identList(names: readonly string[]): string {
  return names.map((name) => quoteIdent(name)).join(', ');
}

/** Raw SQL from a place that can only hold SQL; a plain string is taken as SQL there. */
export function sqlText(text: SqlText): string {
  return isSqlExpression(text) ? text.text : text;
}

// A type written as SQL text: letters, digits, spaces, and the punctuation of type syntax
// (`numeric(10,2)`, `text[]`, `"My Type"`, `timestamp(3) with time zone`). No `;`, `'`, comments.
const typeTextPattern = /^[A-Za-z_"][A-Za-z0-9_$ ."(),[\]]*$/;

/** Renders a column type; string types are checked, object types quoted. */
export function renderColumnType(type: ColumnType): string {
  if (typeof type !== 'string') {
    return quoteQualified(type.name, type.schema) + (type.array === true ? '[]' : '');
  }
  const text = type.trim();
  if (
    !typeTextPattern.test(text) ||
    text.includes('--') ||
    (text.split('"').length - 1) % 2 !== 0
  ) {
    throw new InvalidOperationError(
      'column type',
      `${JSON.stringify(type)} is not a PostgreSQL type name; write the type as in SQL (e.g. 'varchar(255)'), or a user type as { name, schema }`,
    );
  }
  return text;
}

/**
 * A literal value: scalars through quoteLiteral; objects and arrays as `'<json>'::jsonb` (a JS
 * array is JSON here; write sql`ARRAY[…]` for a PostgreSQL array).
 */
export function renderLiteral(value: LiteralValue): string {
  if (value === null || typeof value !== 'object' || value instanceof Date) {
    return quoteLiteral(value);
  }
  return `${quoteLiteral(JSON.stringify(value))}::jsonb`;
}

/** A value that may be a literal or an sql`…` expression. */
export function renderValue(value: LiteralValue | SqlExpression): string {
  return isSqlExpression(value) ? value.text : renderLiteral(value);
}

/** A DEFAULT clause's expression. */
export function renderDefault(value: DefaultValue): string {
  return renderValue(value);
}

const referentialActions: Readonly<Record<ReferentialAction, string>> = {
  cascade: 'CASCADE',
  restrict: 'RESTRICT',
  'no action': 'NO ACTION',
  'set null': 'SET NULL',
  'set default': 'SET DEFAULT',
};

/** ` ON DELETE CASCADE ON UPDATE …` (leading space), or ''. */
export function renderActions(options: {
  onDelete?: ReferentialAction | undefined;
  onUpdate?: ReferentialAction | undefined;
}): string {
  let out = '';
  for (const [clause, action] of [
    ['ON DELETE', options.onDelete],
    ['ON UPDATE', options.onUpdate],
  ] as const) {
    if (action === undefined) continue;
    const keyword = referentialActions[action];
    if (keyword === undefined) {
      throw new InvalidOperationError(
        'foreign key',
        `${clause} ${JSON.stringify(action)} is not one of ${Object.keys(referentialActions).join(', ')}`,
      );
    }
    out += ` ${clause} ${keyword}`;
  }
  return out;
}

/** ` DEFERRABLE [INITIALLY DEFERRED]` (leading space), or ''. */
export function renderDeferrable(options: {
  deferrable?: boolean | undefined;
  initiallyDeferred?: boolean | undefined;
}): string {
  if (options.deferrable !== true && options.initiallyDeferred !== true) return '';
  return options.initiallyDeferred === true ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE';
}

/** ` MATCH FULL` (leading space), or '' for the default MATCH SIMPLE. */
export function renderMatch(options: { match?: 'full' | 'simple' | undefined }): string {
  return options.match === 'full' ? ' MATCH FULL' : '';
}

// A storage parameter's name: `fillfactor`, `autovacuum_enabled`, `toast.autovacuum_enabled`.
const storageParameterName = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/**
 * ` WITH (fillfactor = '70', …)` (leading space), or '' when there are none. Names are checked;
 * values are quoted as literals (PostgreSQL reads any storage parameter from a string).
 */
export function renderStorageParameters(
  parameters: Readonly<Record<string, string | number | boolean>> | undefined,
  op: string,
): string {
  const entries = Object.entries(parameters ?? {});
  if (entries.length === 0) return '';
  const list = entries.map(
    ([name, value]) => `${storageParameter(name, op)} = ${quoteLiteral(String(value))}`,
  );
  return ` WITH (${list.join(', ')})`;
}

/** A storage parameter's name, checked (they cannot be quoted as identifiers). */
export function storageParameter(name: string, op: string): string {
  if (!storageParameterName.test(name)) {
    throw new InvalidOperationError(
      op,
      `${JSON.stringify(name)} is not a storage parameter name (e.g. fillfactor, autovacuum_enabled)`,
    );
  }
  return name;
}

/** `REFERENCES "schema"."table" ("a", "b")` */
export function renderReferences(target: {
  table: string;
  schema?: string | undefined;
  columns?: readonly string[] | undefined;
}): string {
  const columns =
    target.columns === undefined || target.columns.length === 0
      ? ''
      : ` (${identList(target.columns)})`;
  return `REFERENCES ${quoteQualified(target.table, target.schema)}${columns}`;
}

/** ` CONSTRAINT "name"` prefix (with trailing space) when named, or ''. */
export function constraintName(name: string | undefined): string {
  return name === undefined ? '' : `CONSTRAINT ${quoteIdent(name)} `;
}

/** Throws unless `values` has at least one entry. */
export function requireSome<T>(values: readonly T[], op: string, what: string): readonly T[] {
  if (values.length === 0) throw new InvalidOperationError(op, `needs at least one ${what}`);
  return values;
}
