import type { Change, ChangeKind, ChangeOf, TableRef } from '../changes/change.js';
import { isDestructive, isMetadataOnlyTypeChange } from '../changes/reverse-change.js';
import { enumOfType, parseIndexKey } from '../model/enum-of-type.js';
import { identitySequenceOf } from '../model/identity-options.js';
import type {
  ColumnModel,
  EnumModel,
  IndexModel,
  SequenceModel,
  TableModel,
} from '../model/schema-model.js';
import type { ColumnType, DefaultValue, IndexKey, LintIgnore } from '../ops/op.js';
import type { NamedColumn, Operation, OperationOf } from '../ops/operations.js';
import { sql, type SqlExpression } from '../ops/sql-expression.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../sql/quote.js';
import { renderOperation, type RenderContext } from '../sql/render-operation.js';
import { renderStorageParameters, storageParameter } from '../sql/render/fragments.js';
import type { LintSuppression, Statement } from '../sql/statement.js';
import { typePlanners, withRecastLintIgnore } from './plan-types.js';
import { routinePlanners } from './plan-routines.js';
import { markPartitioned, onPartitioned, partitionPlanners } from './plan-partitions.js';
import { createdComments, planCommentChange } from './plan-comments.js';

/*
 * Change → Operation[]: the one translation of a schema change into the runtime's own operations
 * (src/core/ops). TypeScript codegen prints these operations as op calls, `--sql` and the
 * declaration's normalisation render them with the runner's renderer (src/core/sql/render*), so
 * what autogenerate writes, what lint checks and what upgrade runs are the same statements.
 */

/** What planning needs beyond the changes: the enums, to type enum columns as `{ name, schema }`. */
export interface PlanContext {
  readonly enums: readonly EnumModel[];
  /** Partitioned tables (`schema.name`), which have no online forms of some changes. */
  readonly partitioned?: ReadonlySet<string> | undefined;
}

/** The operations of one change, in order. */
export interface PlanBlock {
  readonly change: Change;
  readonly operations: readonly Operation[];
  /** Set when the change can lose data: says what it destroys. */
  readonly destructive?: string | undefined;
  /** Set when an operation carries `lintIgnore`: why no lint-clean form exists. */
  readonly unsafe?: readonly LintSuppression[] | undefined;
}

/**
 * A migration body as data: `now` runs first; `later` (validations and what they enable) runs
 * after a commit point (`op.commit()` / `-- retort-commit`) so the scans do not hold the locks
 * taken by `now`.
 */
export interface Plan {
  readonly now: readonly PlanBlock[];
  readonly later: readonly Operation[];
}

const inSchema = (schema: string): { schema?: string } => (schema === 'public' ? {} : { schema });

/** Drops `undefined` values so printed options and rendered statements only hold what is set. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A column type as the op API takes it: user enums as `{ name, schema, array }`. */
export function columnType(type: string, ctx: PlanContext): ColumnType {
  const found = enumOfType(type, ctx.enums);
  if (found === undefined) return type;
  return clean({
    name: found.enum.name,
    schema: found.enum.schema === 'public' ? undefined : found.enum.schema,
    array: found.array ? true : undefined,
  });
}

/**
 * A model default as an op default: `'draft'::status` → `'draft'` when the cast is to the
 * column's own type (PostgreSQL adds it back), integers and booleans as values, anything else as
 * sql`…`.
 */
export function defaultValue(text: string, type: string): DefaultValue {
  const m = /^'((?:[^']|'')*)'::(.+)$/s.exec(text);
  if (m && m[2] === type) return m[1]!.replaceAll("''", "'");
  if (/^(0|[1-9]\d{0,14})$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return sql(text);
}

function namedColumn(column: ColumnModel, ctx: PlanContext): NamedColumn {
  return clean({
    name: column.name,
    type: columnType(column.type, ctx),
    nullable: column.notNull && column.identity === undefined ? false : undefined,
    default: column.default === undefined ? undefined : defaultValue(column.default, column.type),
    identity: column.identity,
    identityOptions:
      column.identityOptions === undefined
        ? undefined
        : clean({
            start: column.identityOptions.start,
            increment: column.identityOptions.increment,
            minValue: column.identityOptions.min,
            maxValue: column.identityOptions.max,
            cache: column.identityOptions.cache,
            cycle: column.identityOptions.cycle,
          }),
    generated: column.generated === undefined ? undefined : sql(column.generated),
    collate: column.collation,
    comment: column.comment,
  });
}

/** A model index key (`"email"`, `(lower(email))`, `at DESC NULLS LAST`) as an op index key. */
function indexKey(key: string): IndexKey {
  const { column, expression, order, nulls, opclass, collation } = parseIndexKey(key);
  if (!order && !nulls && !opclass && !collation)
    return column !== undefined ? column : sql(expression!);
  return clean({
    column,
    expression: expression === undefined ? undefined : sql(expression),
    opclass,
    collate: collation,
    order,
    nulls,
  });
}

function createIndex(
  ref: TableRef,
  index: IndexModel,
  online: boolean,
  extra: { nullsNotDistinct?: boolean } = {},
): OperationOf<'CreateIndex'> {
  return clean({
    kind: 'CreateIndex' as const,
    // An unnamed declared index is named by PostgreSQL ('' leaves the name out).
    name: index.name ?? '',
    table: ref.table,
    keys: index.keys.map(indexKey),
    unique: index.unique ? true : undefined,
    method: index.method === 'btree' ? undefined : index.method,
    include: index.include.length > 0 ? index.include : undefined,
    where: index.where === undefined ? undefined : sql(index.where),
    nullsNotDistinct: extra.nullsNotDistinct ?? (index.nullsNotDistinct ? true : undefined),
    with: index.with,
    concurrently: online ? true : undefined,
    ifNotExists: online ? true : undefined,
    ...inSchema(ref.schema),
  });
}

const validate = (ref: TableRef, name: string): Operation => ({
  kind: 'ValidateConstraint',
  name,
  table: ref.table,
  ...inSchema(ref.schema),
});

const dropConstraint = (ref: TableRef, name: string | undefined): Operation => {
  if (name === undefined) throw new TypeError('Cannot drop a constraint without a name');
  return { kind: 'DropConstraint', name, table: ref.table, ...inSchema(ref.schema) };
};

/** Raw SQL built here from quoted parts, for changes the op API has no operation for yet. */
const execute = (statements: readonly string[]): Operation[] =>
  statements.map((text) => ({ kind: 'Execute', sql: sql(text) }));

const q = (schema: string, name: string): string =>
  quoteQualified(name, schema === 'public' ? undefined : schema);

const sequenceLimits: Readonly<Record<string, string>> = {
  smallint: '32767',
  integer: '2147483647',
  bigint: '9223372036854775807',
};

/** CREATE SEQUENCE's options: only what differs from the defaults of an ascending bigint sequence. */
function sequenceOptions(s: SequenceModel): Omit<OperationOf<'CreateSequence'>, 'kind' | 'name'> {
  const ascending = !s.increment.startsWith('-');
  return clean({
    as: s.type === 'bigint' ? undefined : (s.type as 'smallint' | 'integer'),
    increment: s.increment === '1' ? undefined : BigInt(s.increment),
    minValue: ascending && s.min === '1' ? undefined : BigInt(s.min),
    maxValue: ascending && s.max === sequenceLimits[s.type] ? undefined : BigInt(s.max),
    start: s.start === (ascending ? s.min : s.max) ? undefined : BigInt(s.start),
    cache: s.cache === '1' ? undefined : BigInt(s.cache),
    cycle: s.cycle ? true : undefined,
    ...inSchema(s.schema),
  });
}

/** `deferrable` / `initiallyDeferred` of a key as op options, only when set. */
const deferral = (key: {
  readonly deferrable?: boolean | undefined;
  readonly initiallyDeferred?: boolean | undefined;
}): { deferrable?: true; initiallyDeferred?: true } =>
  clean({
    deferrable: key.deferrable === true ? (true as const) : undefined,
    initiallyDeferred: key.initiallyDeferred === true ? (true as const) : undefined,
  });

/** ADD CONSTRAINT … CHECK, NOT VALID when asked (`notValid`) or declared so. */
function addCheck(
  c: ChangeOf<'AddCheck'>,
  notValid: boolean,
): OperationOf<'CreateCheckConstraint'> {
  return clean({
    kind: 'CreateCheckConstraint' as const,
    name: c.check.name ?? '',
    table: c.table,
    condition: sql(c.check.expression),
    notValid: notValid || c.check.notValid === true ? true : undefined,
    noInherit: c.check.noInherit === true ? true : undefined,
    ...inSchema(c.schema),
  });
}

/**
 * CREATE TABLE with its keys and checks; a check declared NOT VALID follows as ALTER TABLE (in
 * CREATE TABLE PostgreSQL marks every check valid).
 */
function createTable(t: TableModel, ctx: PlanContext): Operation[] {
  const inline = t.checks.filter((k) => k.notValid !== true);
  const table: Operation = clean({
    kind: 'CreateTable' as const,
    name: t.name,
    columns: t.columns.map((c) => namedColumn(c, ctx)),
    primaryKey: t.primaryKey
      ? clean({ columns: t.primaryKey.columns, name: t.primaryKey.name, ...deferral(t.primaryKey) })
      : undefined,
    unique:
      t.uniques.length > 0
        ? t.uniques.map((u) =>
            clean({
              columns: u.columns,
              name: u.name,
              nullsNotDistinct: u.nullsNotDistinct ? true : undefined,
              ...deferral(u),
            }),
          )
        : undefined,
    checks:
      inline.length > 0
        ? inline.map((k) =>
            clean({
              expression: sql(k.expression),
              name: k.name,
              noInherit: k.noInherit === true ? true : undefined,
            }),
          )
        : undefined,
    comment: t.comment,
    unlogged: t.unlogged,
    with: t.with,
    partitionBy: t.partitionBy === undefined ? undefined : sql(t.partitionBy),
    ...inSchema(t.schema),
  });
  const ref = { schema: t.schema, table: t.name };
  const later = t.checks
    .filter((k) => k.notValid === true)
    .map((check) => addCheck({ kind: 'AddCheck', ...ref, check }, true));
  return [table, ...later];
}

function replaceEnum(c: ChangeOf<'ReplaceEnum'> | ChangeOf<'AddEnumValues'>): string[] {
  const name = q(c.to.schema, c.to.name);
  const old = `${c.to.name}__old`;
  const removed = c.from.values.filter((v) => !c.to.values.includes(v));
  // Rows still holding a removed label: refuse with a message that says which, before any change.
  const guards =
    removed.length === 0
      ? []
      : c.columns.map((col) => {
          const labels = `ARRAY[${removed.map((v) => quoteLiteral(v)).join(', ')}]::text[]`;
          const test =
            col.array === true
              ? `${quoteIdent(col.column)}::text[] && ${labels}`
              : `${quoteIdent(col.column)}::text = ANY (${labels})`;
          const message = `rows of ${col.schema}.${col.table}.${col.column} still hold enum label(s) removed from ${c.to.name} (${removed.join(', ')}): update them first`;
          return `DO $retort$ BEGIN IF EXISTS (SELECT 1 FROM ${q(col.schema, col.table)} WHERE ${test}) THEN RAISE EXCEPTION ${quoteLiteral(message.replaceAll('%', '%%'))}; END IF; END $retort$`;
        });
  const out = [
    ...guards,
    `ALTER TYPE ${name} RENAME TO ${quoteIdent(old)}`,
    `CREATE TYPE ${name} AS ENUM (${c.to.values.map((v) => quoteLiteral(v)).join(', ')})`,
  ];
  for (const col of c.columns) {
    const t = `ALTER TABLE ${q(col.schema, col.table)} ALTER COLUMN ${quoteIdent(col.column)}`;
    const array = col.array === true ? '[]' : '';
    if (col.default !== undefined) out.push(`${t} DROP DEFAULT`);
    out.push(
      `${t} TYPE ${name}${array} USING ${quoteIdent(col.column)}::text${array}::${name}${array}`,
    );
    if (col.default !== undefined)
      out.push(`${t} SET DEFAULT ${col.default.replace(/::[^:]+$/, `::${name}${array}`)}`);
  }
  out.push(`DROP TYPE ${q(c.to.schema, old)}`);
  return out;
}

function sequenceClauses(s: SequenceModel): string {
  return `AS ${s.type} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} CACHE ${s.cache}${s.cycle ? ' CYCLE' : ' NO CYCLE'}`;
}

/** The integer type under each serial pseudo-type. */
const serialBase: Readonly<Record<string, string>> = {
  smallserial: 'smallint',
  serial: 'integer',
  bigserial: 'bigint',
};
const isSerial = (type: string): boolean => serialBase[type] !== undefined;

/**
 * A change to or from a serial pseudo-type (no such type exists after CREATE TABLE): the column
 * changes to the integer type, and its owned sequence follows — `AS` the new type between serials,
 * created and attached to a column becoming serial, dropped with the default of one that stops
 * being serial.
 */
function serialChange(c: ChangeOf<'AlterColumnType'>): Operation[] {
  const table = q(c.schema, c.table);
  const column = quoteIdent(c.column);
  const from = serialBase[c.from] ?? c.from;
  const to = serialBase[c.to] ?? c.to;
  const ops: Operation[] = [];
  // pg_get_serial_sequence finds the owned sequence whatever its name.
  const ownedSequence = `pg_get_serial_sequence(${quoteLiteral(table)}, ${quoteLiteral(c.column)})`;
  if (isSerial(c.from) && !isSerial(c.to)) {
    ops.push(...execute([`ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT`]));
    ops.push(...execute([`DO $$ BEGIN EXECUTE 'DROP SEQUENCE ' || ${ownedSequence}; END $$`]));
  }
  if (from !== to)
    ops.push({
      kind: 'AlterColumn',
      table: c.table,
      column: c.column,
      type: to,
      using: sql(`${column}::${to}`),
      existingType: from,
      ...inSchema(c.schema),
    });
  if (isSerial(c.from) && isSerial(c.to) && from !== to)
    ops.push(
      ...execute([
        `DO $$ BEGIN EXECUTE 'ALTER SEQUENCE ' || ${ownedSequence} || ' AS ${to}'; END $$`,
      ]),
    );
  if (!isSerial(c.from) && isSerial(c.to)) {
    const sequence = q(c.schema, `${c.table}_${c.column}_seq`);
    ops.push(
      ...execute([
        `CREATE SEQUENCE ${sequence} AS ${to} OWNED BY ${table}.${column}`,
        `SELECT setval(${quoteLiteral(sequence)}, coalesce(max(${column}), 0) + 1, false) FROM ${table}`,
        `ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT nextval(${quoteLiteral(sequence)}::regclass)`,
      ]),
    );
  }
  return ops;
}

/** `users_timezone_not_null`, cut to PostgreSQL's 63-byte limit keeping the suffix. */
export function notNullCheckName(table: string, column: string): string {
  const suffix = '_not_null';
  let base = `${table}_${column}`;
  while (new TextEncoder().encode(base + suffix).length > 63) base = base.slice(0, -1);
  return base + suffix;
}

type Planners = {
  readonly [K in ChangeKind]: (change: ChangeOf<K>, ctx: PlanContext) => Operation[];
};

/** The plain form of each change: right on a new (empty) table, and the fallback elsewhere. */
const plain: Planners = {
  CreateSchema: (c) => [{ kind: 'CreateSchema', name: c.schema }],
  DropSchema: (c) => [{ kind: 'DropSchema', name: c.schema }],
  CreateExtension: (c) => [
    clean({
      kind: 'CreateExtension',
      name: c.extension.name,
      schema: c.extension.schema,
      ifNotExists: true,
    }),
  ],
  DropExtension: (c) => [{ kind: 'DropExtension', name: c.extension.name, ifExists: true }],
  CreateEnum: (c) => [
    { kind: 'CreateEnum', name: c.enum.name, values: c.enum.values, ...inSchema(c.enum.schema) },
  ],
  DropEnum: (c) => [{ kind: 'DropEnum', name: c.enum.name, ...inSchema(c.enum.schema) }],
  AddEnumValues: (c) =>
    c.to.values.flatMap((value, i): Operation[] => {
      if (c.from.values.includes(value)) return [];
      const before = c.to.values.slice(i + 1).find((v) => c.from.values.includes(v));
      return [
        clean({
          kind: 'AddEnumValue' as const,
          type: c.to.name,
          value,
          before,
          ...inSchema(c.to.schema),
        }),
      ];
    }),
  RenameEnumValue: (c) => [
    {
      kind: 'RenameEnumValue',
      type: c.enum.name,
      from: c.from,
      to: c.to,
      ...inSchema(c.enum.schema),
    },
  ],
  ReplaceEnum: (c) => execute(replaceEnum(c)),
  CreateSequence: (c) => [
    { kind: 'CreateSequence', name: c.sequence.name, ...sequenceOptions(c.sequence) },
  ],
  DropSequence: (c) => [
    { kind: 'DropSequence', name: c.sequence.name, ...inSchema(c.sequence.schema) },
  ],
  SetSequenceOwner: (c) =>
    execute([
      `ALTER SEQUENCE ${q(c.sequence.schema, c.sequence.name)} OWNED BY ${c.to === undefined ? 'NONE' : `${q(c.sequence.schema, c.to.table)}.${quoteIdent(c.to.column)}`}`,
    ]),
  AlterSequence: (c) =>
    execute([`ALTER SEQUENCE ${q(c.to.schema, c.to.name)} ${sequenceClauses(c.to)}`]),
  CreateTable: (c, ctx) => createTable(c.table, ctx),
  DropTable: (c) => [{ kind: 'DropTable', name: c.table.name, ...inSchema(c.table.schema) }],
  RenameTable: (c) => [{ kind: 'RenameTable', from: c.from, to: c.to, ...inSchema(c.schema) }],
  SetTableSchema: (c) => [
    { kind: 'SetTableSchema', table: c.table, newSchema: c.to, ...inSchema(c.schema) },
  ],
  RenameConstraint: (c) => [
    { kind: 'RenameConstraint', table: c.table, from: c.from, to: c.to, ...inSchema(c.schema) },
  ],
  AddColumn: (c, ctx) => [
    {
      kind: 'AddColumn',
      table: c.table,
      column: namedColumn(c.column, ctx),
      ...inSchema(c.schema),
    },
  ],
  DropColumn: (c) => [
    { kind: 'DropColumn', table: c.table, column: c.column.name, ...inSchema(c.schema) },
  ],
  RenameColumn: (c) => [
    { kind: 'AlterColumn', table: c.table, column: c.from, newName: c.to, ...inSchema(c.schema) },
  ],
  AlterColumnType: (c, ctx) =>
    isSerial(c.from) || isSerial(c.to)
      ? serialChange(c)
      : [
          {
            kind: 'AlterColumn',
            table: c.table,
            column: c.column,
            type: columnType(c.to, ctx),
            using: sql(`${quoteIdent(c.column)}::${c.to}`),
            existingType: columnType(c.from, ctx),
            ...inSchema(c.schema),
          },
        ],
  AlterColumnNullability: (c) => [
    {
      kind: 'AlterColumn',
      table: c.table,
      column: c.column,
      nullable: !c.notNull,
      ...inSchema(c.schema),
    },
  ],
  AlterColumnDefault: (c) => [
    {
      kind: 'AlterColumn',
      table: c.table,
      column: c.column,
      ...(c.to === undefined ? { dropDefault: true } : { default: sql(c.to) }),
      ...inSchema(c.schema),
    },
  ],
  AlterColumnIdentity: (c) => [
    {
      kind: 'AlterIdentity',
      table: c.table,
      column: c.column,
      ...(c.to === undefined
        ? { drop: true }
        : c.from === undefined
          ? { add: c.to }
          : { set: c.to }),
      ...inSchema(c.schema),
    },
  ],
  SetTableLogged: (c) =>
    execute([`ALTER TABLE ${q(c.schema, c.table)} SET ${c.unlogged ? 'UNLOGGED' : 'LOGGED'}`]),
  SetTableStorage: (c) => {
    const reset = Object.keys(c.from ?? {})
      .filter((k) => c.to?.[k] === undefined)
      .map((k) => storageParameter(k, 'setTableStorage'));
    // renderStorageParameters gives ` WITH (a = '1', …)`; ALTER TABLE takes `SET (a = '1', …)`.
    const set = renderStorageParameters(c.to, 'setTableStorage').replace(/^ WITH /, 'SET ');
    const actions = [
      ...(set === '' ? [] : [set]),
      ...(reset.length === 0 ? [] : [`RESET (${reset.join(', ')})`]),
    ];
    return execute([`ALTER TABLE ${q(c.schema, c.table)} ${actions.join(', ')}`]);
  },
  AlterIdentityOptions: (c) => [
    {
      kind: 'AlterIdentity',
      table: c.table,
      column: c.column,
      sequence: identitySequenceOf(c.to, c.type),
      ...inSchema(c.schema),
    },
  ],
  AddPrimaryKey: (c) => [
    {
      kind: 'CreatePrimaryKey',
      name: c.primaryKey.name ?? `${c.table}_pkey`,
      table: c.table,
      columns: c.primaryKey.columns,
      ...deferral(c.primaryKey),
      ...inSchema(c.schema),
    },
  ],
  DropPrimaryKey: (c) => [dropConstraint(c, c.primaryKey.name)],
  AddUnique: (c) => [
    clean({
      kind: 'CreateUniqueConstraint' as const,
      name: c.unique.name ?? '',
      table: c.table,
      columns: c.unique.columns,
      nullsNotDistinct: c.unique.nullsNotDistinct ? true : undefined,
      ...deferral(c.unique),
      ...inSchema(c.schema),
    }),
  ],
  DropUnique: (c) => [dropConstraint(c, c.unique.name)],
  AddCheck: (c) => [addCheck(c, false)],
  DropCheck: (c) => [dropConstraint(c, c.check.name)],
  AddForeignKey: (c) => [createForeignKey(c, false)],
  DropForeignKey: (c) => [dropConstraint(c, c.foreignKey.name)],
  AddExclusion: (c) => [addExclusion(c)],
  DropExclusion: (c) => [dropConstraint(c, c.exclusion.name)],
  CreateIndex: (c) => [createIndex(c, c.index, false)],
  DropIndex: (c) => {
    if (c.index.name === undefined) throw new TypeError('Cannot drop an index without a name');
    return [{ kind: 'DropIndex', name: c.index.name, ...inSchema(c.schema) }];
  },
  SetTableComment: (c) => [
    { kind: 'SetTableComment', table: c.table, comment: c.to ?? null, ...inSchema(c.schema) },
  ],
  SetColumnComment: (c) => [
    {
      kind: 'SetColumnComment',
      table: c.table,
      column: c.column,
      comment: c.to ?? null,
      ...inSchema(c.schema),
    },
  ],
  ...typePlanners,
  ...routinePlanners,
  ...partitionPlanners,
  SetComment: planCommentChange,
};

/** ADD CONSTRAINT … EXCLUDE from the model's elements (keys as index keys). */
function addExclusion(c: ChangeOf<'AddExclusion'>): Operation {
  const x = c.exclusion;
  return clean({
    kind: 'CreateExclusionConstraint' as const,
    name: x.name ?? '',
    table: c.table,
    elements: x.elements.map((e) => ({ key: indexKey(e.key), operator: e.operator })),
    method: x.method === 'gist' ? undefined : x.method,
    where: x.where === undefined ? undefined : sql(x.where),
    ...deferral(x),
    ...inSchema(c.schema),
  });
}

function createForeignKey(c: ChangeOf<'AddForeignKey'>, notValid: boolean): Operation {
  const fk = c.foreignKey;
  return clean({
    kind: 'CreateForeignKey' as const,
    name: fk.name ?? '',
    table: c.table,
    columns: fk.columns,
    references: clean({
      table: fk.refTable,
      schema: fk.refSchema === 'public' ? undefined : fk.refSchema,
      columns: fk.refColumns,
    }),
    onDelete: fk.onDelete === 'no action' ? undefined : fk.onDelete,
    onUpdate: fk.onUpdate === 'no action' ? undefined : fk.onUpdate,
    deferrable: fk.deferrable ? true : undefined,
    initiallyDeferred: fk.initiallyDeferred ? true : undefined,
    match: fk.match,
    notValid: notValid ? true : undefined,
    ...inSchema(c.schema),
  });
}

/**
 * A unique constraint or primary key on a live table: its unique index built CONCURRENTLY (reads
 * and writes go on), then attached with `USING INDEX` (a brief lock, no scan).
 */
function attachedToIndex(
  ref: TableRef,
  kind: 'CreateUniqueConstraint' | 'CreatePrimaryKey',
  name: string,
  columns: readonly string[],
  nullsNotDistinct: boolean,
  deferrable: ReturnType<typeof deferral> = {},
): Operation[] {
  const index = { name, unique: true, method: 'btree', keys: columns.map(quoteIdent), include: [] };
  return [
    createIndex(ref, index, true, nullsNotDistinct ? { nullsNotDistinct: true } : {}),
    {
      kind,
      name,
      table: ref.table,
      columns: { usingIndex: name },
      ...deferrable,
      ...inSchema(ref.schema),
    },
  ];
}

/** A change on a table that already exists: operations now, and operations after a commit. */
interface SafeForm {
  readonly now: Operation[];
  readonly later?: Operation[];
}

/**
 * The forms retort lint accepts on a live table (docs/lint.md, postgres-safety.md): indexes built
 * and dropped CONCURRENTLY, constraints added NOT VALID and validated after a commit, NOT NULL
 * proven by a validated check, unique constraints and primary keys attached to a concurrently
 * built index.
 */
const safe: {
  readonly [K in ChangeKind]?: (change: ChangeOf<K>, ctx: PlanContext) => SafeForm | undefined;
} = {
  CreateIndex: (c) => ({ now: [createIndex(c, c.index, true)] }),
  DropIndex: (c) => ({
    now: [
      {
        kind: 'DropIndex',
        name: c.index.name ?? '',
        concurrently: true,
        ifExists: true,
        ...inSchema(c.schema),
      },
    ],
  }),
  AddForeignKey: (c) => ({
    now: [createForeignKey(c, true)],
    later: [validate(c, c.foreignKey.name ?? '')],
  }),
  AddCheck: (c) => ({
    now: [addCheck(c, true)],
    // A check declared NOT VALID stays so.
    later: c.check.notValid === true ? [] : [validate(c, c.check.name ?? '')],
  }),
  AlterColumnNullability: (c, ctx) => {
    if (!c.notNull) return undefined;
    const check = notNullCheckName(c.table, c.column);
    return {
      now: [
        {
          kind: 'CreateCheckConstraint',
          name: check,
          table: c.table,
          condition: `${quoteIdent(c.column)} IS NOT NULL`,
          notValid: true,
          ...inSchema(c.schema),
        },
      ],
      later: [
        validate(c, check),
        ...plain.AlterColumnNullability(c, ctx),
        dropConstraint(c, check),
      ],
    };
  },
  AddUnique: (c) => ({
    now: attachedToIndex(
      c,
      'CreateUniqueConstraint',
      c.unique.name ?? '',
      c.unique.columns,
      c.unique.nullsNotDistinct === true,
      deferral(c.unique),
    ),
  }),
  AddPrimaryKey: (c) => ({
    now: attachedToIndex(
      c,
      'CreatePrimaryKey',
      c.primaryKey.name ?? `${c.table}_pkey`,
      c.primaryKey.columns,
      false,
      deferral(c.primaryKey),
    ),
  }),
};

const tableKey = (schema: string, table: string): string => `${schema}.${table}`;

/**
 * Leaves out index and foreign-key drops on tables that are dropped later in the same list:
 * DROP TABLE removes them anyway, and the migration reads as one would write it.
 */
function withoutRedundantDrops(changes: readonly Change[]): Change[] {
  const dropAt = new Map<string, number>();
  changes.forEach((c, i) => {
    if (c.kind === 'DropTable') dropAt.set(tableKey(c.table.schema, c.table.name), i);
  });
  return changes.filter((c) => {
    if (c.kind !== 'DropIndex' && c.kind !== 'DropForeignKey') return true;
    const own = dropAt.get(tableKey(c.schema, c.table));
    if (own === undefined) return true;
    if (c.kind === 'DropIndex') return false;
    // A foreign key goes with its table only if the table it points at is still there then.
    const target = dropAt.get(tableKey(c.foreignKey.refSchema, c.foreignKey.refTable));
    return target !== undefined && target < own;
  });
}

/** What a destructive change destroys, for the comment above it. */
export function describeDestructive(change: Change): string {
  switch (change.kind) {
    case 'DropSchema':
      return `drops schema ${change.schema}`;
    case 'DropEnum':
      return `drops type ${change.enum.name}`;
    case 'DropSequence':
      return `drops sequence ${change.sequence.name} and its current value`;
    case 'DropExtension':
      return `drops extension ${change.extension.name}`;
    case 'DropTable':
      return 'drops the table and all its rows';
    case 'DropPartition':
      return 'drops the partition and all its rows';
    case 'DropColumn':
      return 'drops the column and its data';
    case 'AlterColumnType':
      return `narrows ${change.from} to ${change.to}; values that do not fit make it fail or lose precision`;
    case 'ReplaceEnum':
      return 'removes enum labels; rows holding them make it fail';
    case 'DropDomain':
      return `drops domain ${change.domain.name}`;
    case 'DropCompositeType':
      return `drops composite type ${change.type.name}`;
    case 'AlterCompositeType':
      return `drops or retypes attributes of ${change.to.name}; their values are lost or must fit`;
    default:
      return `${change.kind} cannot be undone without data loss`;
  }
}

/** Adds `lintIgnore` to every operation of a block (a change with no lint-clean form). */
export function withLintIgnore(operations: readonly Operation[], ignore: LintIgnore): Operation[] {
  const list = (Array.isArray(ignore) ? ignore : [ignore]) as LintSuppression[];
  return operations.map((op) => ({ ...op, lintIgnore: [...(op.lintIgnore ?? []), ...list] }));
}

const TYPE_RULE = 'changing-column-type';

/** Why a type change of an existing column needs no safe form, or what it costs when it has none. */
function typeChangeReason(table: string, from: string, to: string): string {
  return isMetadataOnlyTypeChange(from, to)
    ? `${from} → ${to} is metadata-only: no rewrite, a brief ACCESS EXCLUSIVE lock`
    : `${from} → ${to} rewrites ${table} and its indexes under an ACCESS EXCLUSIVE lock (no reads or writes meanwhile); no lint-clean form exists — schedule it or expand and contract by hand`;
}

/**
 * Marks the operations of a change on an existing table that have no lint-clean form with the
 * `lintIgnore` the linter needs, each with a reason that says what it locks; the revision's
 * header lists them.
 */
function annotate(change: Change, operations: Operation[]): Operation[] {
  switch (change.kind) {
    case 'AlterColumnType': {
      const reason = typeChangeReason(
        change.table,
        serialBase[change.from] ?? change.from,
        serialBase[change.to] ?? change.to,
      );
      return operations.map((op) =>
        op.kind === 'AlterColumn' && op.type !== undefined
          ? { ...op, lintIgnore: [{ rule: TYPE_RULE, reason }] }
          : op,
      );
    }
    case 'AddColumn': {
      const c = change.column;
      const rule =
        c.generated !== undefined
          ? 'adding-field-with-default'
          : isSerial(c.type) || c.identity !== undefined
            ? 'adding-serial-primary-key-field'
            : undefined;
      if (rule === undefined) return operations;
      const what =
        c.generated !== undefined
          ? 'a stored generated column'
          : `a ${c.identity === undefined ? c.type : 'identity'} column`;
      const reason = `adds ${what}: every row of ${change.table} is rewritten under an ACCESS EXCLUSIVE lock; no lint-clean form exists`;
      return withLintIgnore(operations, { rule, reason });
    }
    case 'AddExclusion':
      return withLintIgnore(operations, {
        rule: 'disallowed-unique-constraint',
        reason: `builds the exclusion index of ${change.table} and checks every row under an ACCESS EXCLUSIVE lock (no reads or writes meanwhile); PostgreSQL has no concurrent form`,
      });
    case 'SetTableLogged':
      return withLintIgnore(operations, {
        rule: 'changing-table-persistence',
        reason: `SET ${change.unlogged ? 'UNLOGGED' : 'LOGGED'} rewrites ${change.table} and its indexes under an ACCESS EXCLUSIVE lock (no reads or writes meanwhile); no lint-clean form exists`,
      });
    case 'ReplaceEnum':
    case 'AddEnumValues':
      return withRecastLintIgnore(operations, `enum ${change.to.name}`);
    default:
      return operations;
  }
}

/**
 * The operations that carry out a list of changes. On tables that already exist (not created in
 * the same list) the lint-clean safe forms are used, their validations gathered after a commit
 * point.
 *
 * @example
 * const plan = planChanges(diffSchemas(head, declared), { enums: declared.enums });
 * planToTs(plan); planToSql(plan); planToStatements(plan);
 */
export function planChanges(changes: readonly Change[], ctx: PlanContext): Plan {
  const kept = withoutRedundantDrops(changes);
  // Tables created here are empty and unused: plain forms are fine on them (and lint agrees).
  const created = new Set(
    kept.flatMap((c) => (c.kind === 'CreateTable' ? [tableKey(c.table.schema, c.table.name)] : [])),
  );
  const later: Operation[] = [];
  // Columns whose SET NOT NULL waits for the commit point: an identity added to one of them
  // (it needs NOT NULL) waits there too, after it.
  const notNullLater = new Set<string>();
  const columnKey = (c: { schema: string; table: string; column: string }): string =>
    `${tableKey(c.schema, c.table)}.${c.column}`;
  const now = kept.map((change): PlanBlock => {
    if (
      (change.kind === 'AlterColumnIdentity' || change.kind === 'AlterIdentityOptions') &&
      notNullLater.has(columnKey(change))
    ) {
      later.push(
        ...(plain[change.kind] as (c: Change, x: PlanContext) => Operation[])(change, ctx),
      );
      return { change, operations: [], destructive: undefined, unsafe: undefined };
    }
    // Not on a partitioned table (no CONCURRENTLY, NOT VALID FKs nor USING INDEX there): the
    // plain form, marked.
    const safeForm = (onPartitioned(change, ctx) ? undefined : safe[change.kind]) as
      ((c: Change, x: PlanContext) => SafeForm | undefined) | undefined;
    // Every kind with a safe form is a change on one table (a TableRef).
    const ref = change as Change & TableRef;
    const form =
      safeForm !== undefined && !created.has(tableKey(ref.schema, ref.table))
        ? safeForm(change, ctx)
        : undefined;
    if (form?.later !== undefined) later.push(...form.later);
    if (form?.later !== undefined && change.kind === 'AlterColumnNullability')
      notNullLater.add(columnKey(change));
    const planned =
      form?.now ?? (plain[change.kind] as (c: Change, x: PlanContext) => Operation[])(change, ctx);
    const onExisting =
      'table' in change && typeof change.table === 'string'
        ? !created.has(tableKey(ref.schema, ref.table))
        : true;
    const operations = [
      ...(onExisting ? markPartitioned(change, ctx, annotate(change, planned)) : planned),
      ...createdComments(change),
    ];
    const unsafe = operations.flatMap((op) => op.lintIgnore ?? []);
    return {
      change,
      operations,
      destructive: isDestructive(change) ? describeDestructive(change) : undefined,
      unsafe: unsafe.length > 0 ? unsafe : undefined,
    };
  });
  return { now, later };
}

/**
 * The statements of a plan, rendered by the runner's renderer; the first statement after the
 * commit point carries `commitBefore`.
 */
export function planToStatements(plan: Plan, context: RenderContext = {}): Statement[] {
  const out = plan.now.flatMap((block) =>
    block.operations.flatMap((op) => renderOperation(op, context)),
  );
  const later = plan.later.flatMap((op) => renderOperation(op, context));
  if (later.length > 0) {
    const [first, ...rest] = later as [Statement, ...Statement[]];
    out.push({ ...first, commitBefore: true }, ...rest);
  }
  return out;
}

export type { SqlExpression };
