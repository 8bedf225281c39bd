import type { ReferentialAction } from '../model/schema-model.js';
import { isSqlExpression, type SqlExpression } from '../ops/sql-expression.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';

/** A literal default value; arrays and objects become array and JSON literals. */
export type DefaultValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly unknown[]
  | { readonly [key: string]: unknown };

/** Options of a column's foreign key. */
export interface ReferenceOptions {
  readonly name?: string;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  /** `'full'`: MATCH FULL (all key columns null, or none). Default `'simple'`. */
  readonly match?: 'full' | 'simple';
}

/** What a column declares, read by the model builder. */
export interface ColumnState {
  sqlType: string;
  arrayDims: number;
  notNull: boolean;
  primaryKey: boolean;
  unique: { name?: string | undefined } | undefined;
  default: string | undefined;
  identity: 'always' | 'by default' | undefined;
  generated: string | undefined;
  comment: string | undefined;
  renamedFrom: string | undefined;
  references: { target: () => ColumnBuilder; options: ReferenceOptions } | undefined;
  checks: { name?: string | undefined; expression: string }[];
}

/**
 * A column of a declared table, built by chaining. The key of the column in its table's record is
 * its name; the table sets {@link ColumnBuilder.name} and {@link ColumnBuilder.table} when built.
 *
 * @example
 * email: text().notNull().unique()
 * orgId: uuid().notNull().references(() => organizations.columns.id, { onDelete: 'cascade' })
 */
// A column is also an SQL expression (its quoted name), so sql`lower(${t.email})` works.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ColumnBuilder extends SqlExpression {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ColumnBuilder {
  readonly kind = 'column' as const;
  /** Set by `table()`: the column's SQL name. */
  name = '';
  /** Set by `table()`: the owning table's schema and name. */
  table: { schema: string; name: string } | undefined;
  readonly state: ColumnState;

  /** The quoted column name, when used inside sql`…`. */
  get text(): string {
    return quoteIdent(this.name);
  }

  constructor(sqlType: string) {
    Object.defineProperty(this, Symbol.for('retort.sql'), { value: true });
    this.state = {
      sqlType,
      arrayDims: 0,
      notNull: false,
      primaryKey: false,
      unique: undefined,
      default: undefined,
      identity: undefined,
      generated: undefined,
      comment: undefined,
      renamedFrom: undefined,
      references: undefined,
      checks: [],
    };
  }

  /** NOT NULL. */
  notNull(): this {
    this.state.notNull = true;
    return this;
  }
  /** Part of the table's primary key (several columns marked make a composite key). */
  primaryKey(): this {
    this.state.primaryKey = true;
    this.state.notNull = true;
    return this;
  }
  /** A single-column UNIQUE constraint. */
  unique(name?: string): this {
    this.state.unique = { name };
    return this;
  }
  /** DEFAULT: a literal value, or a SQL expression with {@link sql}. */
  default(value: DefaultValue | SqlExpression): this {
    this.state.default = isSqlExpression(value) ? value.text : renderLiteral(value);
    return this;
  }
  /** `[]`: an array of this type (`dims` dimensions). */
  array(dims = 1): this {
    this.state.arrayDims = dims;
    return this;
  }
  /** GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY. */
  identity(options: { always?: boolean } = {}): this {
    this.state.identity = options.always === false ? 'by default' : 'always';
    this.state.notNull = true;
    return this;
  }
  /** GENERATED ALWAYS AS (expression) STORED. */
  generatedAs(expression: SqlExpression): this {
    this.state.generated = expression.text;
    return this;
  }
  /** A FOREIGN KEY to another table's column (a thunk, so tables may reference each other). */
  references(target: () => ColumnBuilder, options: ReferenceOptions = {}): this {
    this.state.references = { target, options };
    return this;
  }
  /** A CHECK constraint on this column. */
  check(expression: SqlExpression, name?: string): this {
    this.state.checks.push({ name, expression: expression.text });
    return this;
  }
  /** COMMENT ON COLUMN. */
  comment(text: string): this {
    this.state.comment = text;
    return this;
  }
  /** The column's previous name: autogenerate renames it instead of dropping and adding. */
  renamedFrom(oldName: string): this {
    this.state.renamedFrom = oldName;
    return this;
  }
}

function renderLiteral(value: DefaultValue): string {
  if (Array.isArray(value)) return quoteLiteral(arrayLiteral(value));
  if (value !== null && typeof value === 'object') return quoteLiteral(JSON.stringify(value));
  return quoteLiteral(value as string | number | bigint | boolean | null);
}

/** `{a,"b c",NULL}`: PostgreSQL's array input syntax. */
function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((item) => {
    if (item === null) return 'NULL';
    if (Array.isArray(item)) return arrayLiteral(item);
    const text = String(item);
    return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

const typed = (sqlType: string) => (): ColumnBuilder => new ColumnBuilder(sqlType);

/** smallint (int2). */
export const smallint = typed('smallint');
/** integer (int4). */
export const integer = typed('integer');
/** bigint (int8). */
export const bigint = typed('bigint');
/** smallserial: smallint with an owned sequence as default. */
export const smallserial = typed('smallserial');
/** serial: integer with an owned sequence as default. */
export const serial = typed('serial');
/** bigserial: bigint with an owned sequence as default. */
export const bigserial = typed('bigserial');
/** real (float4). */
export const real = typed('real');
/** double precision (float8). */
export const doublePrecision = typed('double precision');
/** text. */
export const text = typed('text');
/** boolean. */
export const boolean = typed('boolean');
/** date. */
export const date = typed('date');
/** interval. */
export const interval = typed('interval');
/** uuid. */
export const uuid = typed('uuid');
/** json. */
export const json = typed('json');
/** jsonb. */
export const jsonb = typed('jsonb');
/** bytea. */
export const bytea = typed('bytea');
/** inet. */
export const inet = typed('inet');
/** cidr. */
export const cidr = typed('cidr');
/** tsvector. */
export const tsvector = typed('tsvector');

/** numeric / numeric(precision) / numeric(precision, scale). */
export function numeric(precision?: number, scale?: number): ColumnBuilder {
  if (precision === undefined) return new ColumnBuilder('numeric');
  return new ColumnBuilder(
    scale === undefined ? `numeric(${precision})` : `numeric(${precision},${scale})`,
  );
}
/** character varying / varchar(length). */
export function varchar(length?: number): ColumnBuilder {
  return new ColumnBuilder(length === undefined ? 'character varying' : `varchar(${length})`);
}
/** character(length), default length 1. */
export function char(length?: number): ColumnBuilder {
  return new ColumnBuilder(length === undefined ? 'character' : `character(${length})`);
}
/** time [without time zone], optional precision. */
export function time(options: { precision?: number; withTimeZone?: boolean } = {}): ColumnBuilder {
  return new ColumnBuilder(temporal('time', options));
}
/** timestamp [without time zone]; `{ withTimeZone: true }` for timestamptz. */
export function timestamp(
  options: { precision?: number; withTimeZone?: boolean } = {},
): ColumnBuilder {
  return new ColumnBuilder(temporal('timestamp', options));
}
/** timestamp with time zone. */
export function timestamptz(options: { precision?: number } = {}): ColumnBuilder {
  return new ColumnBuilder(temporal('timestamp', { ...options, withTimeZone: true }));
}
/** A column of any type, spelled as in SQL: `columnOfType('tsrange')`, `columnOfType('citext')`. */
export function columnOfType(sqlType: string): ColumnBuilder {
  return new ColumnBuilder(sqlType);
}

function temporal(base: string, options: { precision?: number; withTimeZone?: boolean }): string {
  const precision = options.precision === undefined ? '' : `(${options.precision})`;
  return `${base}${precision}${options.withTimeZone ? ' with time zone' : ''}`;
}
