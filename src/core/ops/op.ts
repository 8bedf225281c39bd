import type { LintSuppression } from '../sql/statement.js';
import type {
  CreateFunctionOptions,
  CreatePolicyOptions,
  CreateViewOptions,
  DropFunctionOptions,
  DropPolicyOptions,
  DropTriggerOptions,
  DropViewOptions,
  RowLevelSecurityOptions,
} from './routine-operations.js';
import type { CommentObjectType, SetCommentOptions } from './comment-operations.js';
import type {
  AlterDomainOptions,
  AlterIdentityOptions,
  CompositeAttribute,
  CreateCollationOptions,
  CreateDomainOptions,
  DropTypeLikeOptions,
  GrantObjectKind,
  GrantOptions,
  RevokeOptions,
} from './type-operations.js';
import type { SqlExpression } from './sql-expression.js';
import type {
  AttachPartitionOptions,
  CreatePartitionOptions,
  DetachPartitionOptions,
  PartitionBound,
} from './partition-operations.js';

export type {
  AttachPartitionOptions,
  CreatePartitionOptions,
  DetachPartitionOptions,
  PartitionBound,
  PartitionBoundValue,
} from './partition-operations.js';

export type {
  CreateFunctionOptions,
  CreatePolicyOptions,
  CreateViewOptions,
  DropFunctionOptions,
  DropPolicyOptions,
  DropTriggerOptions,
  DropViewOptions,
  RowLevelSecurityOptions,
} from './routine-operations.js';
export type { CommentObjectType, SetCommentOptions } from './comment-operations.js';
export type {
  AlterDomainOptions,
  AlterIdentityOptions,
  CompositeAttribute,
  CreateCollationOptions,
  CreateDomainOptions,
  DomainCheck,
  DropTypeLikeOptions,
  GrantObjectKind,
  GrantOptions,
  IdentitySequenceOptions,
  RevokeOptions,
} from './type-operations.js';

/*
 * The `op` object a TypeScript migration's upgrade/downgrade receives. Each call records an
 * Operation (plain data, see operations.ts) that one renderer turns into Statements.
 *
 * Conventions, the same for every method:
 * - Names are plain strings, always quoted (case and reserved words survive: 'User' stays "User").
 *   A schema is never written into a name: pass `{ schema: 'auth' }` instead. A dot in a name is
 *   part of the name ('a.b' is one identifier "a.b").
 * - Values are literals and get quoted; raw SQL is only what you wrap in sql`…` / sql('…').
 *   Places that can only hold SQL (check conditions, index `where`, `using`) also take a string.
 * - Every method takes `lintIgnore` to silence lint rules on the statements it produces; a
 *   reason is required.
 */

/** SQL text in a place that can only be SQL (a condition, an expression). */
export type SqlText = string | SqlExpression;

/** A JSON value; objects and arrays in `bulkInsert` rows and defaults become jsonb literals. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A literal value: quoted with quoteLiteral; objects and arrays become `'…'::jsonb`. */
export type LiteralValue = string | number | bigint | boolean | null | Date | JsonValue;

/** A column default: a literal value, or an SQL expression such as sql`now()`. */
export type DefaultValue = LiteralValue | SqlExpression;

/**
 * A column type. A string is PostgreSQL type syntax written as in SQL ('integer', 'varchar(255)',
 * 'timestamp with time zone', 'numeric(10,2)', 'text[]'); it is checked, not quoted, so it must not
 * contain `;`, quotes or comments. A user-defined type (an enum you created) is safest as an object,
 * whose name is quoted: `{ name: 'Status', schema: 'app', array: true }` → `"app"."Status"[]`.
 */
export type ColumnType =
  string | { readonly name: string; readonly schema?: string; readonly array?: boolean };

/** Lint rules to silence on the statements an op produces; each needs a non-empty reason. */
export type LintIgnore = LintSuppression | readonly LintSuppression[];

/** Options every op accepts. */
export interface CommonOptions {
  /**
   * Silences lint rules on this op's statements.
   *
   * @example
   * op.dropTable('legacy', { lintIgnore: { rule: 'ban-drop-table', reason: 'emptied in 1a2b3c' } });
   */
  readonly lintIgnore?: LintIgnore;
}

/** Options of ops on something that lives in a schema. */
export interface SchemaOptions extends CommonOptions {
  /** The schema the object lives in; the search_path decides when absent. */
  readonly schema?: string;
}

export type ReferentialAction = 'cascade' | 'restrict' | 'no action' | 'set null' | 'set default';

/** The target of a foreign key. */
export interface ReferencesOptions {
  readonly table: string;
  /** The referenced table's schema. Not inherited from the referencing table: absent means search_path. */
  readonly schema?: string;
  /** Referenced columns; the referenced table's primary key when absent. */
  readonly columns?: readonly string[];
}

/** An inline foreign key on one column. */
export interface ColumnReferences {
  readonly table: string;
  /** The referenced table's schema. Not inherited from the referencing table: absent means search_path. */
  readonly schema?: string;
  /** The referenced column; the referenced table's primary key when absent. */
  readonly column?: string;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** Constraint name; PostgreSQL generates one when absent. */
  readonly name?: string;
}

/**
 * One column, as in `createTable` and `addColumn`.
 *
 * @example
 * { type: 'bigint', identity: 'always', primaryKey: true }
 * { type: 'text', nullable: false, unique: true }
 * { type: 'timestamptz', nullable: false, default: sql`now()` }
 * { type: 'integer', references: { table: 'users', onDelete: 'cascade' } }
 */
export interface ColumnDefinition {
  readonly type: ColumnType;
  /** False adds NOT NULL. Default true (primary-key columns are NOT NULL anyway). */
  readonly nullable?: boolean;
  /** Literal value (quoted) or sql`expression` (raw). */
  readonly default?: DefaultValue;
  /** Single-column primary key. For a composite key use createTable's `primaryKey` option. */
  readonly primaryKey?: boolean;
  /** Single-column UNIQUE constraint. */
  readonly unique?: boolean;
  readonly references?: ColumnReferences;
  /** A CHECK constraint on this column, e.g. `'price >= 0'`. */
  readonly check?: SqlText;
  /** `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY`. */
  readonly identity?: 'always' | 'by default';
  /** The identity sequence's options: `AS IDENTITY (START WITH 1000 INCREMENT BY 10)`. */
  readonly identityOptions?: {
    readonly start?: number | bigint | string;
    readonly increment?: number | bigint | string;
    readonly minValue?: number | bigint | string;
    readonly maxValue?: number | bigint | string;
    readonly cache?: number | bigint | string;
    readonly cycle?: boolean;
  };
  /** `GENERATED ALWAYS AS (expression) STORED`. */
  readonly generated?: SqlText;
  readonly collate?: string;
  /** COMMENT ON COLUMN, emitted after the table. */
  readonly comment?: string;
}

/** A named or unnamed table constraint on columns. */
export interface ColumnsConstraint {
  readonly columns: readonly string[];
  readonly name?: string;
  /** Unique constraints only: `NULLS NOT DISTINCT` (PostgreSQL 15+). */
  readonly nullsNotDistinct?: boolean;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

export interface TableForeignKey {
  readonly columns: readonly string[];
  readonly references: ReferencesOptions;
  readonly name?: string;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** `MATCH FULL`: a row with some key columns null and others not is refused. */
  readonly match?: 'full' | 'simple';
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

export interface TableCheck {
  readonly expression: SqlText;
  readonly name?: string;
  /** `NO INHERIT`: not inherited by child tables. */
  readonly noInherit?: boolean;
}

export interface CreateTableOptions extends SchemaOptions {
  /** Composite (or single) primary key: `['tenant_id', 'id']` or `{ columns, name }`. */
  readonly primaryKey?: readonly string[] | ColumnsConstraint;
  /** Table-level UNIQUE constraints. */
  readonly unique?: readonly (readonly string[] | ColumnsConstraint)[];
  /** Table-level foreign keys (multi-column ones in particular). */
  readonly foreignKeys?: readonly TableForeignKey[];
  readonly checks?: readonly (SqlText | TableCheck)[];
  /** COMMENT ON TABLE, emitted after the table. */
  readonly comment?: string;
  readonly ifNotExists?: boolean;
  /** `CREATE UNLOGGED TABLE`. */
  readonly unlogged?: boolean;
  /** Storage parameters: `WITH (fillfactor = '70')`. Names are checked, values quoted. */
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  /** A partitioned table: `PARTITION BY` this key, sql`RANGE (created_at)` (see createPartition). */
  readonly partitionBy?: SqlText;
}

export interface DropTableOptions extends SchemaOptions {
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

export interface AddColumnOptions extends SchemaOptions {
  readonly ifNotExists?: boolean;
}

export interface DropColumnOptions extends SchemaOptions {
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
  /** The column as it was; makes the drop reversible (autogenerate fills it in). */
  readonly existing?: ColumnDefinition;
}

/**
 * What alterColumn changes. Each aspect is one ALTER TABLE clause; `existing…` values describe the
 * column before the change and make the op reversible.
 */
export interface AlterColumnOptions extends SchemaOptions {
  /** New type: `ALTER COLUMN … TYPE`. */
  readonly type?: ColumnType;
  /** Conversion for the new type: `USING (expression)`, e.g. `'amount::numeric'`. */
  readonly using?: SqlText;
  /** false → SET NOT NULL, true → DROP NOT NULL. */
  readonly nullable?: boolean;
  /** SET DEFAULT to a literal or sql`expression`. */
  readonly default?: DefaultValue;
  /** DROP DEFAULT. */
  readonly dropDefault?: boolean;
  /** RENAME COLUMN to this name (done last, after the other changes). */
  readonly newName?: string;
  readonly existingType?: ColumnType;
  readonly existingNullable?: boolean;
  /** The default before the change; `null` when there was none. */
  readonly existingDefault?: DefaultValue;
}

/** One key of an index: a column name, an expression, or either with ordering details. */
export type IndexKey =
  | string
  | SqlExpression
  | {
      readonly column?: string;
      readonly expression?: SqlText;
      readonly order?: 'asc' | 'desc';
      readonly nulls?: 'first' | 'last';
      /** Operator class, e.g. 'gin_trgm_ops' or 'text_pattern_ops'. */
      readonly opclass?: string;
      readonly collate?: string;
    };

export interface CreateIndexOptions extends SchemaOptions {
  readonly unique?: boolean;
  /** Partial index condition. */
  readonly where?: SqlText;
  /** Access method: 'btree' (default), 'gin', 'gist', 'brin', 'hash', 'spgist', … */
  readonly method?: string;
  /** Covering columns: `INCLUDE (…)`. */
  readonly include?: readonly string[];
  /** Build without blocking writes; the statement then runs outside any transaction. */
  readonly concurrently?: boolean;
  readonly ifNotExists?: boolean;
  /** `NULLS NOT DISTINCT` (PostgreSQL 15+). */
  readonly nullsNotDistinct?: boolean;
  /** Storage parameters: `WITH (fillfactor = '70')`. Names are checked, values quoted. */
  readonly with?: Readonly<Record<string, string | number | boolean>>;
}

export interface DropIndexOptions extends SchemaOptions {
  /** Drop without blocking; the statement then runs outside any transaction. */
  readonly concurrently?: boolean;
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

export interface CreateForeignKeyOptions extends SchemaOptions {
  readonly columns: readonly string[];
  readonly references: ReferencesOptions;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  /** `MATCH FULL`: a row with some key columns null and others not is refused. */
  readonly match?: 'full' | 'simple';
  /** Skip the scan of existing rows now; validate later with validateConstraint. */
  readonly notValid?: boolean;
}

export interface CreateUniqueConstraintOptions extends SchemaOptions {
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  /** `NULLS NOT DISTINCT` (PostgreSQL 15+). */
  readonly nullsNotDistinct?: boolean;
}

/** One element of an exclusion constraint: a key and the operator rows are compared with. */
export interface ExclusionElement {
  readonly key: IndexKey;
  /** `=`, `&&`, `<>`… (an operator name, not schema-qualified). */
  readonly operator: string;
}

export interface CreateExclusionConstraintOptions extends SchemaOptions {
  /** Access method of the constraint's index: 'gist' (default), 'spgist', 'btree', 'hash'. */
  readonly method?: string;
  /** Only rows matching this predicate are constrained. */
  readonly where?: SqlText;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

export interface CreatePrimaryKeyOptions extends SchemaOptions {
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

export interface CreateCheckConstraintOptions extends SchemaOptions {
  /** Skip the scan of existing rows now; validate later with validateConstraint. */
  readonly notValid?: boolean;
  readonly noInherit?: boolean;
}

export interface DropConstraintOptions extends SchemaOptions {
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

export interface DropTypeOptions extends SchemaOptions {
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

export interface AddEnumValueOptions extends SchemaOptions {
  /** Place the new value before this existing one. */
  readonly before?: string;
  /** Place the new value after this existing one. */
  readonly after?: string;
  readonly ifNotExists?: boolean;
}

export interface CreateSchemaOptions extends CommonOptions {
  readonly ifNotExists?: boolean;
  /** Owner role: `AUTHORIZATION role`. */
  readonly authorization?: string;
}

export interface DropSchemaOptions extends CommonOptions {
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

export interface CreateExtensionOptions extends CommonOptions {
  /** Schema to install the extension's objects into. */
  readonly schema?: string;
  readonly version?: string;
  readonly ifNotExists?: boolean;
  readonly cascade?: boolean;
}

export interface DropExtensionOptions extends CommonOptions {
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

export interface CreateSequenceOptions extends SchemaOptions {
  /** 'smallint', 'integer' or 'bigint'. */
  readonly as?: 'smallint' | 'integer' | 'bigint';
  readonly increment?: number | bigint;
  readonly minValue?: number | bigint;
  readonly maxValue?: number | bigint;
  readonly start?: number | bigint;
  readonly cache?: number | bigint;
  readonly cycle?: boolean;
  /** Tie the sequence to a column (dropped with it); the table is in the same schema. */
  readonly ownedBy?: { readonly table: string; readonly column: string };
  readonly ifNotExists?: boolean;
}

export interface DropSequenceOptions extends SchemaOptions {
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

export interface CommentOptions extends SchemaOptions {
  /** The comment before the change (`null`: none); makes the op reversible. */
  readonly existingComment?: string | null;
}

export interface ExecuteOptions extends CommonOptions {
  /**
   * Force the statement(s) in or out of the migration's transaction. By default retort parses the
   * text and decides (CREATE INDEX CONCURRENTLY, VACUUM, … run outside).
   */
  readonly transactional?: boolean;
}

export interface BulkInsertOptions extends SchemaOptions {
  /** Column list; by default the union of the rows' keys in first-seen order (missing → DEFAULT). */
  readonly columns?: readonly string[];
  /** Rows per INSERT statement (default 1000). */
  readonly chunkSize?: number;
}

/**
 * The `op` object a TypeScript migration's `upgrade` and `downgrade` receive. Every call records
 * an operation; retort renders it to quoted SQL, lints it, and runs it (online) or prints it
 * (offline `--sql`). Calls are synchronous except {@link Op.query}.
 *
 * Names are plain strings and always quoted (`'User'` stays `"User"`); a schema is given with the
 * `{ schema }` option, never inside the name (`'a.b'` is one identifier). Values are literals;
 * raw SQL is what you wrap in sql`…`. Every method takes `lintIgnore: { rule, reason }`.
 *
 * @example
 * upgrade(op) {
 *   op.createEnum('plan', ['free', 'pro']);
 *   op.createTable('users', {
 *     id: { type: 'bigint', identity: 'always', primaryKey: true },
 *     email: { type: 'text', nullable: false, unique: true },
 *     plan: { type: { name: 'plan' }, nullable: false, default: 'free' },
 *     created_at: { type: 'timestamptz', nullable: false, default: sql`now()` },
 *   });
 *   op.addColumn('grants', 'user_id', { type: 'bigint', references: { table: 'users', onDelete: 'cascade' } });
 *   op.createIndex('ix_grants_user_id', 'grants', ['user_id'], { concurrently: true });
 * }
 */
export interface Op {
  /**
   * CREATE TABLE. Columns are an object keyed by column name, in order (avoid all-digit names:
   * JavaScript orders those first). Column comments and the table comment follow as COMMENT ON.
   *
   * @example
   * op.createTable('memberships', {
   *   org_id: { type: 'bigint', references: { table: 'orgs', onDelete: 'cascade' } },
   *   user_id: { type: 'bigint', references: { table: 'users', onDelete: 'cascade' } },
   *   role: { type: 'text', nullable: false, default: 'member', check: "role in ('member','admin')" },
   * }, { primaryKey: ['org_id', 'user_id'], comment: 'who belongs where' });
   */
  createTable(
    name: string,
    columns: Readonly<Record<string, ColumnDefinition>>,
    options?: CreateTableOptions,
  ): void;
  /** DROP TABLE. @example op.dropTable('sessions', { ifExists: true }) */
  dropTable(name: string, options?: DropTableOptions): void;
  /** ALTER TABLE … RENAME TO (the new name stays in the same schema). @example op.renameTable('user', 'users') */
  renameTable(from: string, to: string, options?: SchemaOptions): void;
  /**
   * ALTER TABLE … SET SCHEMA: moves the table (with its rows, indexes, constraints and owned
   * sequences) to another schema; `schema` is where it is now.
   *
   * @example op.setTableSchema('events', 'audit', { schema: 'public' })
   */
  setTableSchema(table: string, newSchema: string, options?: SchemaOptions): void;
  /**
   * ALTER TABLE … RENAME CONSTRAINT (a primary key or unique constraint renames its index too).
   *
   * @example op.renameConstraint('users', 'people_pkey', 'users_pkey')
   */
  renameConstraint(table: string, from: string, to: string, options?: SchemaOptions): void;

  /** ALTER TABLE … ADD COLUMN. @example op.addColumn('users', 'bio', { type: 'text' }) */
  addColumn(
    table: string,
    column: string,
    definition: ColumnDefinition,
    options?: AddColumnOptions,
  ): void;
  /** ALTER TABLE … DROP COLUMN. @example op.dropColumn('users', 'bio') */
  dropColumn(table: string, column: string, options?: DropColumnOptions): void;
  /**
   * ALTER TABLE … ALTER COLUMN: type (with `using`), nullability, default, rename.
   *
   * @example
   * op.alterColumn('orders', 'amount', { type: 'numeric(12,2)', using: 'amount::numeric(12,2)' });
   * op.alterColumn('users', 'email', { nullable: false, existingNullable: true });
   * op.alterColumn('users', 'created', { default: sql`now()`, newName: 'created_at' });
   */
  alterColumn(table: string, column: string, options: AlterColumnOptions): void;

  /**
   * CREATE INDEX. Keys are column names (quoted), sql`expressions`, or objects with ordering.
   *
   * @example
   * op.createIndex('ix_users_email', 'users', ['email'], { unique: true, where: 'deleted_at IS NULL' });
   * op.createIndex('ix_docs_body', 'docs', [sql`to_tsvector('english', body)`], { method: 'gin', concurrently: true });
   */
  createIndex(
    name: string,
    table: string,
    keys: readonly IndexKey[],
    options?: CreateIndexOptions,
  ): void;
  /** DROP INDEX. @example op.dropIndex('ix_users_email', { concurrently: true }) */
  dropIndex(name: string, options?: DropIndexOptions): void;

  /**
   * ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY.
   *
   * @example
   * op.createForeignKey('fk_grants_user', 'grants', {
   *   columns: ['user_id'], references: { table: 'users', columns: ['id'] }, onDelete: 'cascade', notValid: true,
   * });
   */
  createForeignKey(name: string, table: string, options: CreateForeignKeyOptions): void;
  /**
   * ALTER TABLE … ADD CONSTRAINT … UNIQUE, on columns or on an existing unique index.
   *
   * @example
   * op.createUniqueConstraint('uq_users_email', 'users', ['email']);
   * op.createUniqueConstraint('uq_users_email', 'users', { usingIndex: 'ix_users_email' });
   */
  createUniqueConstraint(
    name: string,
    table: string,
    columns: readonly string[] | { readonly usingIndex: string },
    options?: CreateUniqueConstraintOptions,
  ): void;
  /**
   * ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY, on columns or on an existing unique index.
   *
   * @example op.createPrimaryKey('pk_tags', 'tags', ['id'])
   */
  createPrimaryKey(
    name: string,
    table: string,
    columns: readonly string[] | { readonly usingIndex: string },
    options?: CreatePrimaryKeyOptions,
  ): void;
  /** ALTER TABLE … ADD CONSTRAINT … CHECK. @example op.createCheckConstraint('ck_price', 'items', 'price >= 0', { notValid: true }) */
  createCheckConstraint(
    name: string,
    table: string,
    condition: SqlText,
    options?: CreateCheckConstraintOptions,
  ): void;
  /**
   * ALTER TABLE … ADD CONSTRAINT … EXCLUDE: builds its index under an ACCESS EXCLUSIVE lock.
   *
   * @example
   * op.createExclusionConstraint('bookings_no_overlap', 'bookings', [{ key: 'during', operator: '&&' }]);
   */
  createExclusionConstraint(
    name: string,
    table: string,
    elements: readonly ExclusionElement[],
    options?: CreateExclusionConstraintOptions,
  ): void;
  /** ALTER TABLE … VALIDATE CONSTRAINT. @example op.validateConstraint('ck_price', 'items') */
  validateConstraint(name: string, table: string, options?: SchemaOptions): void;
  /** ALTER TABLE … DROP CONSTRAINT. @example op.dropConstraint('ck_price', 'items') */
  dropConstraint(name: string, table: string, options?: DropConstraintOptions): void;

  /** CREATE TYPE … AS ENUM. @example op.createEnum('plan', ['free', 'pro']) */
  createEnum(name: string, values: readonly string[], options?: SchemaOptions): void;
  /** DROP TYPE. @example op.dropEnum('plan') */
  dropEnum(name: string, options?: DropTypeOptions): void;
  /**
   * ALTER TYPE … ADD VALUE. The new value cannot be used before the transaction that added it
   * commits; the runner commits it before later statements run.
   *
   * @example op.addEnumValue('plan', 'team', { after: 'pro', ifNotExists: true })
   */
  addEnumValue(type: string, value: string, options?: AddEnumValueOptions): void;
  /** ALTER TYPE … RENAME VALUE. @example op.renameEnumValue('plan', 'pro', 'professional') */
  renameEnumValue(type: string, from: string, to: string, options?: SchemaOptions): void;

  /** CREATE SCHEMA. @example op.createSchema('billing', { ifNotExists: true }) */
  createSchema(name: string, options?: CreateSchemaOptions): void;
  /** DROP SCHEMA. @example op.dropSchema('billing', { cascade: true }) */
  dropSchema(name: string, options?: DropSchemaOptions): void;
  /** CREATE EXTENSION. @example op.createExtension('pg_trgm', { ifNotExists: true }) */
  createExtension(name: string, options?: CreateExtensionOptions): void;
  /** DROP EXTENSION. @example op.dropExtension('pg_trgm') */
  dropExtension(name: string, options?: DropExtensionOptions): void;
  /** CREATE SEQUENCE. @example op.createSequence('invoice_no', { start: 1000 }) */
  createSequence(name: string, options?: CreateSequenceOptions): void;
  /** DROP SEQUENCE. @example op.dropSequence('invoice_no') */
  dropSequence(name: string, options?: DropSequenceOptions): void;

  /** COMMENT ON TABLE; `null` removes it. @example op.setTableComment('users', 'people who log in') */
  setTableComment(table: string, comment: string | null, options?: CommentOptions): void;
  /** COMMENT ON COLUMN; `null` removes it. @example op.setColumnComment('users', 'email', 'lower-cased') */
  setColumnComment(
    table: string,
    column: string,
    comment: string | null,
    options?: CommentOptions,
  ): void;
  /**
   * COMMENT ON any other object (index, constraint, sequence, type, schema, view, function,
   * trigger, policy, …); `null` removes it. A constraint, trigger or policy needs its `table`;
   * a function or procedure takes its argument types as `args`.
   *
   * @example op.setComment('constraint', 'users_email_key', 'one account per address', { table: 'users' })
   */
  setComment(
    objectType: CommentObjectType,
    name: string,
    comment: string | null,
    options?: SetCommentOptions,
  ): void;

  /**
   * Runs raw SQL. The text may hold several statements; retort splits it with PostgreSQL's parser
   * and runs statements that cannot be in a transaction (CREATE INDEX CONCURRENTLY, …) outside one.
   *
   * @example op.execute("UPDATE users SET plan = 'free' WHERE plan IS NULL")
   */
  execute(sql: SqlText, options?: ExecuteOptions): void;
  /**
   * Ends the migration's current transaction here: the statements recorded before it commit, and
   * the next ones run in a new transaction. For work that must not share a transaction with what
   * precedes it, such as validating a constraint added `NOT VALID` (the ADD's lock would be held
   * for the whole validation scan). Does nothing at the start or end of a migration, or next to a
   * statement that already runs outside a transaction. A data migration (one that calls
   * op.query) runs in one transaction and refuses it.
   *
   * @example
   * op.createForeignKey('fk_grants_user', 'grants', { columns: ['user_id'], references: { table: 'users' }, notValid: true });
   * op.commit();
   * op.validateConstraint('fk_grants_user', 'grants');
   */
  commit(): void;
  /**
   * INSERT rows, every value quoted as a literal (objects and arrays as jsonb, sql`…` raw).
   *
   * @example op.bulkInsert('plans', [{ code: 'free', limits: { seats: 1 } }, { code: 'pro', limits: { seats: 10 } }])
   */
  bulkInsert(
    table: string,
    rows: readonly Readonly<Record<string, LiteralValue | SqlExpression>>[],
    options?: BulkInsertOptions,
  ): void;
  /**
   * Online only: runs a query inside the migration's transaction (after every op recorded before
   * it) and returns its rows; `$1`, `$2`… are bound to `params`. Offline (`--sql`) it throws
   * OfflineQueryError: move such data steps to their own revision and run it online.
   *
   * @example
   * const rows = await op.query<{ id: number; email: string }>('SELECT id, email FROM users');
   */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<Row[]>;

  /**
   * CREATE [OR REPLACE] FUNCTION or PROCEDURE: the whole statement as written (or as
   * `pg_get_functiondef` prints it). `args` (the identity argument types) makes it reversible.
   *
   * @example op.createFunction('set_updated_at', sql`CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$`, { args: '' })
   */
  createFunction(name: string, definition: SqlText, options?: CreateFunctionOptions): void;
  /** DROP FUNCTION / PROCEDURE. @example op.dropFunction('set_updated_at', { args: '' }) */
  dropFunction(name: string, options?: DropFunctionOptions): void;
  /**
   * CREATE TRIGGER: the whole statement.
   *
   * @example op.createTrigger('users_updated_at', 'users', sql`CREATE TRIGGER users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at()`)
   */
  createTrigger(name: string, table: string, definition: SqlText, options?: SchemaOptions): void;
  /** DROP TRIGGER … ON table. @example op.dropTrigger('users_updated_at', 'users') */
  dropTrigger(name: string, table: string, options?: DropTriggerOptions): void;
  /**
   * CREATE [MATERIALIZED] VIEW … AS query.
   *
   * @example op.createView('active_projects', sql`SELECT * FROM projects WHERE NOT archived`)
   */
  createView(name: string, query: SqlText, options?: CreateViewOptions): void;
  /** DROP [MATERIALIZED] VIEW. @example op.dropView('active_projects') */
  dropView(name: string, options?: DropViewOptions): void;
  /**
   * ALTER TABLE … ENABLE/DISABLE and FORCE/NO FORCE ROW LEVEL SECURITY.
   *
   * @example op.setRowLevelSecurity('projects', { enabled: true, existing: { enabled: false, force: false } })
   */
  setRowLevelSecurity(table: string, options: RowLevelSecurityOptions): void;
  /**
   * CREATE POLICY. Roles are referenced, never created.
   *
   * @example op.createPolicy('tenant', 'projects', { roles: ['app_user'], using: sql`org_id = current_org_id()` })
   */
  createPolicy(name: string, table: string, options?: CreatePolicyOptions): void;
  /** DROP POLICY … ON table. @example op.dropPolicy('tenant', 'projects') */
  dropPolicy(name: string, table: string, options?: DropPolicyOptions): void;
  /**
   * CREATE TABLE … PARTITION OF parent FOR VALUES …: a partition of a table created with
   * `partitionBy`; it gets the parent's columns, indexes, keys and foreign keys. Dropped with
   * dropTable.
   *
   * @example op.createPartition('events_2024', 'events', { from: '2024-01-01', to: '2025-01-01' })
   */
  createPartition(
    name: string,
    parent: string,
    bound: PartitionBound,
    options?: CreatePartitionOptions,
  ): void;
  /**
   * ALTER TABLE table ATTACH PARTITION partition FOR VALUES …: an existing table becomes a
   * partition. Takes SHARE UPDATE EXCLUSIVE on the parent and scans the table to prove its rows
   * fit, unless a validated CHECK constraint already says so.
   *
   * @example op.attachPartition('events', 'events_2023', { from: '2023-01-01', to: '2024-01-01' })
   */
  attachPartition(
    table: string,
    partition: string,
    bound: PartitionBound,
    options?: AttachPartitionOptions,
  ): void;
  /**
   * ALTER TABLE table DETACH PARTITION partition [CONCURRENTLY]: the partition becomes a table of
   * its own, rows kept. Reversible when `bound` gives its bound.
   *
   * @example op.detachPartition('events', 'events_2023', { bound: { from: '2023-01-01', to: '2024-01-01' } })
   */
  detachPartition(table: string, partition: string, options?: DetachPartitionOptions): void;

  /**
   * CREATE DOMAIN: a type with a default, NOT NULL and checks (their expressions use `VALUE`).
   *
   * @example op.createDomain('price', 'numeric(12,2)', { notNull: true, checks: [{ name: 'price_positive', expression: 'VALUE > 0' }] })
   */
  createDomain(name: string, type: ColumnType, options?: CreateDomainOptions): void;
  /**
   * ALTER DOMAIN: set or drop the default or NOT NULL, add or drop a check (one statement each).
   *
   * @example op.alterDomain('price', { addCheck: { name: 'price_cap', expression: 'VALUE < 1000000' } })
   */
  alterDomain(name: string, options: AlterDomainOptions): void;
  /** DROP DOMAIN. @example op.dropDomain('price') */
  dropDomain(name: string, options?: DropTypeLikeOptions): void;
  /**
   * CREATE TYPE … AS (…): a composite type, attributes in order.
   *
   * @example op.createType('dimensions', { width: 'integer', height: 'integer', unit: { type: 'text', collate: 'C' } })
   */
  createType(
    name: string,
    attributes: Readonly<Record<string, CompositeAttribute>>,
    options?: SchemaOptions,
  ): void;
  /** DROP TYPE (a composite type, or any other). @example op.dropType('dimensions') */
  dropType(name: string, options?: DropTypeLikeOptions): void;
  /**
   * CREATE COLLATION.
   *
   * @example op.createCollation('nocase', { provider: 'icu', locale: 'und-u-ks-level2', deterministic: false })
   */
  createCollation(name: string, options?: CreateCollationOptions): void;
  /** DROP COLLATION. @example op.dropCollation('nocase') */
  dropCollation(name: string, options?: DropTypeLikeOptions): void;
  /**
   * GRANT privileges ON a table, sequence, schema or function TO roles (referenced, never
   * created; `PUBLIC` is the keyword).
   *
   * @example op.grant(['SELECT', 'INSERT'], 'table', 'orders', 'app_writer')
   */
  grant(
    privileges: string | readonly string[],
    objectType: GrantObjectKind,
    name: string,
    grantees: string | readonly string[],
    options?: GrantOptions,
  ): void;
  /** REVOKE privileges ON … FROM roles. @example op.revoke('INSERT', 'table', 'orders', 'app_writer') */
  revoke(
    privileges: string | readonly string[],
    objectType: GrantObjectKind,
    name: string,
    grantees: string | readonly string[],
    options?: RevokeOptions,
  ): void;
  /**
   * An identity column: ADD GENERATED … AS IDENTITY, SET GENERATED …, DROP IDENTITY, and the
   * options of its sequence (SET INCREMENT BY …).
   *
   * @example op.alterIdentity('invoices', 'id', { sequence: { start: 1000, increment: 10 }, existing: { identity: 'always', sequence: {} } })
   */
  alterIdentity(table: string, column: string, options: AlterIdentityOptions): void;
}
