import type { Change, ChangeKind, ChangeOf, TableRef } from '../changes/change.js';
import { renderChange } from '../changes/render-change.js';
import { isDestructive } from '../changes/reverse-change.js';
import { enumOfType, parseIndexKey } from '../model/enum-of-type.js';
import { quoteIdent } from '../sql/quote.js';
import type { ColumnModel, EnumModel, IndexModel } from '../model/schema-model.js';
import {
  shortTypeName,
  tsDefault,
  tsKey,
  tsList,
  tsObject,
  tsSql,
  tsString,
  wrapLongLines,
} from './ts-literal.js';

/** What the generator needs to know beyond a change: the enums, to type enum columns. */
export interface CodegenContext {
  readonly enums: readonly EnumModel[];
}

const schemaOpt = (schema: string): string | undefined =>
  schema === 'public' ? undefined : tsString(schema);
const opts = (entries: readonly (readonly [string, string | undefined])[]): string => {
  const object = tsObject(entries);
  return object === '{}' ? '' : `, ${object}`;
};

/** A column type as the op API takes it: user enums as `{ name, schema, array }`. */
function columnType(type: string, ctx: CodegenContext): string {
  const found = enumOfType(type, ctx.enums);
  if (found === undefined) return tsString(shortTypeName(type));
  return tsObject([
    ['name', tsString(found.enum.name)],
    ['schema', schemaOpt(found.enum.schema)],
    ['array', found.array ? 'true' : undefined],
  ]);
}

function columnDefinition(column: ColumnModel, ctx: CodegenContext): string {
  return tsObject([
    ['type', columnType(column.type, ctx)],
    ['nullable', column.notNull && column.identity === undefined ? 'false' : undefined],
    ['default', column.default === undefined ? undefined : tsDefault(column.default, column.type)],
    ['identity', column.identity === undefined ? undefined : tsString(column.identity)],
    ['generated', column.generated === undefined ? undefined : tsSql(column.generated)],
    ['comment', column.comment === undefined ? undefined : tsString(column.comment)],
  ]);
}

/** `created_at DESC NULLS LAST` → an op index key. */
function indexKey(key: string): string {
  const parsed = parseIndexKey(key);
  const { column, expression } = parsed;
  const order = parsed.order ? tsString(parsed.order) : undefined;
  const nulls = parsed.nulls ? tsString(parsed.nulls) : undefined;
  const opclass = parsed.opclass ? tsString(parsed.opclass) : undefined;
  if (!order && !nulls && !opclass)
    return column !== undefined ? tsString(column) : tsSql(expression!);
  return tsObject([
    ['column', column === undefined ? undefined : tsString(column)],
    ['expression', expression === undefined ? undefined : tsSql(expression)],
    ['opclass', opclass],
    ['order', order],
    ['nulls', nulls],
  ]);
}

/** Options of an index built on a table that already exists: without blocking writes, retryable. */
const CONCURRENT: readonly (readonly [string, string])[] = [
  ['concurrently', 'true'],
  ['ifNotExists', 'true'],
];

function createIndex(
  schema: string,
  table: string,
  index: IndexModel,
  extra: readonly (readonly [string, string])[] = [],
): string {
  return `op.createIndex(${tsString(index.name ?? '')}, ${tsString(table)}, [${index.keys.map(indexKey).join(', ')}]${opts(
    [
      ['unique', index.unique ? 'true' : undefined],
      ['method', index.method === 'btree' ? undefined : tsString(index.method)],
      ['include', index.include.length > 0 ? tsList(index.include) : undefined],
      ['where', index.where === undefined ? undefined : tsSql(index.where)],
      ...extra,
      ['schema', schemaOpt(schema)],
    ],
  )});`;
}

function createForeignKey(
  c: ChangeOf<'AddForeignKey'>,
  extra: readonly (readonly [string, string])[] = [],
): string {
  const fk = c.foreignKey;
  return `op.createForeignKey(${tsString(fk.name ?? '')}, ${tsString(c.table)}, ${tsObject([
    ['columns', tsList(fk.columns)],
    [
      'references',
      tsObject([
        ['table', tsString(fk.refTable)],
        ['schema', schemaOpt(fk.refSchema)],
        ['columns', tsList(fk.refColumns)],
      ]),
    ],
    ['onDelete', fk.onDelete === 'no action' ? undefined : tsString(fk.onDelete)],
    ['onUpdate', fk.onUpdate === 'no action' ? undefined : tsString(fk.onUpdate)],
    ['deferrable', fk.deferrable ? 'true' : undefined],
    ['initiallyDeferred', fk.initiallyDeferred ? 'true' : undefined],
    ...extra,
    ['schema', schemaOpt(c.schema)],
  ])});`;
}

const createCheck = (
  c: TableRef,
  name: string,
  condition: string,
  extra: readonly (readonly [string, string])[] = [],
): string =>
  `op.createCheckConstraint(${tsString(name)}, ${tsString(c.table)}, ${condition}${opts([
    ...extra,
    ['schema', schemaOpt(c.schema)],
  ])});`;

const validateConstraint = (c: TableRef, name: string | undefined): string =>
  `op.validateConstraint(${tsString(name ?? '')}, ${tsString(c.table)}${opts([['schema', schemaOpt(c.schema)]])});`;

const dropConstraint = (c: { schema: string; table: string }, name: string | undefined): string =>
  `op.dropConstraint(${tsString(name ?? '')}, ${tsString(c.table)}${opts([['schema', schemaOpt(c.schema)]])});`;

/** Raw SQL through op.execute, one call per statement. */
const execute = (change: Change): string =>
  renderChange(change)
    .map((s) => `op.execute(${tsSql(s)});`)
    .join('\n');

type Generators = {
  readonly [K in ChangeKind]: (change: ChangeOf<K>, ctx: CodegenContext) => string;
};

const generators: Generators = {
  CreateSchema: (c) => `op.createSchema(${tsString(c.schema)});`,
  DropSchema: (c) => `op.dropSchema(${tsString(c.schema)});`,
  CreateExtension: (c) =>
    `op.createExtension(${tsString(c.extension.name)}${opts([['ifNotExists', 'true']])});`,
  DropExtension: (c) => `op.dropExtension(${tsString(c.extension.name)});`,
  CreateEnum: (c) =>
    `op.createEnum(${tsString(c.enum.name)}, ${tsList(c.enum.values)}${opts([['schema', schemaOpt(c.enum.schema)]])});`,
  DropEnum: (c) =>
    `op.dropEnum(${tsString(c.enum.name)}${opts([['schema', schemaOpt(c.enum.schema)]])});`,
  AddEnumValues: (c) =>
    c.to.values
      .map((value, i) => {
        if (c.from.values.includes(value)) return undefined;
        const before = c.to.values.slice(i + 1).find((v) => c.from.values.includes(v));
        return `op.addEnumValue(${tsString(c.to.name)}, ${tsString(value)}${opts([
          ['before', before === undefined ? undefined : tsString(before)],
          ['schema', schemaOpt(c.to.schema)],
        ])});`;
      })
      .filter((line) => line !== undefined)
      .join('\n'),
  ReplaceEnum: execute,
  CreateSequence: (c) => {
    const s = c.sequence;
    // Only what differs from CREATE SEQUENCE's defaults for an ascending bigint sequence.
    const limits: Record<string, string> = {
      smallint: '32767',
      integer: '2147483647',
      bigint: '9223372036854775807',
    };
    const ascending = !s.increment.startsWith('-');
    return `op.createSequence(${tsString(s.name)}${opts([
      ['as', s.type === 'bigint' ? undefined : tsString(s.type)],
      ['increment', s.increment === '1' ? undefined : `${s.increment}n`],
      ['minValue', ascending && s.min === '1' ? undefined : `${s.min}n`],
      ['maxValue', ascending && s.max === limits[s.type] ? undefined : `${s.max}n`],
      ['start', s.start === (ascending ? s.min : s.max) ? undefined : `${s.start}n`],
      ['cache', s.cache === '1' ? undefined : `${s.cache}n`],
      ['cycle', s.cycle ? 'true' : undefined],
      ['schema', schemaOpt(s.schema)],
    ])});`;
  },
  DropSequence: (c) =>
    `op.dropSequence(${tsString(c.sequence.name)}${opts([['schema', schemaOpt(c.sequence.schema)]])});`,
  AlterSequence: execute,
  CreateTable: (c, ctx) => {
    const t = c.table;
    const columns = t.columns.map((col) => `  ${tsKey(col.name)}: ${columnDefinition(col, ctx)},`);
    const options = tsObject([
      [
        'primaryKey',
        t.primaryKey
          ? tsObject([
              ['columns', tsList(t.primaryKey.columns)],
              ['name', t.primaryKey.name === undefined ? undefined : tsString(t.primaryKey.name)],
            ])
          : undefined,
      ],
      [
        'unique',
        t.uniques.length > 0
          ? `[${t.uniques
              .map((u) =>
                tsObject([
                  ['columns', tsList(u.columns)],
                  ['name', u.name === undefined ? undefined : tsString(u.name)],
                ]),
              )
              .join(', ')}]`
          : undefined,
      ],
      [
        'checks',
        t.checks.length > 0
          ? `[${t.checks
              .map((k) =>
                tsObject([
                  ['expression', tsSql(k.expression)],
                  ['name', k.name === undefined ? undefined : tsString(k.name)],
                ]),
              )
              .join(', ')}]`
          : undefined,
      ],
      ['comment', t.comment === undefined ? undefined : tsString(t.comment)],
      ['schema', schemaOpt(t.schema)],
    ]);
    const needsRaw = t.uniques.some((u) => u.nullsNotDistinct);
    if (needsRaw) return execute(c);
    return `op.createTable(${tsString(t.name)}, {\n${columns.join('\n')}\n}${options === '{}' ? '' : `, ${options}`});`;
  },
  DropTable: (c) =>
    `op.dropTable(${tsString(c.table.name)}${opts([['schema', schemaOpt(c.table.schema)]])});`,
  RenameTable: (c) =>
    `op.renameTable(${tsString(c.from)}, ${tsString(c.to)}${opts([['schema', schemaOpt(c.schema)]])});`,
  AddColumn: (c, ctx) =>
    `op.addColumn(${tsString(c.table)}, ${tsString(c.column.name)}, ${columnDefinition(c.column, ctx)}${opts([['schema', schemaOpt(c.schema)]])});`,
  DropColumn: (c) =>
    `op.dropColumn(${tsString(c.table)}, ${tsString(c.column.name)}${opts([['schema', schemaOpt(c.schema)]])});`,
  RenameColumn: (c) =>
    `op.alterColumn(${tsString(c.table)}, ${tsString(c.from)}${opts([
      ['newName', tsString(c.to)],
      ['schema', schemaOpt(c.schema)],
    ])});`,
  AlterColumnType: (c, ctx) =>
    `op.alterColumn(${tsString(c.table)}, ${tsString(c.column)}${opts([
      ['type', columnType(c.to, ctx)],
      ['using', tsSql(`"${c.column.replaceAll('"', '""')}"::${c.to}`)],
      ['existingType', columnType(c.from, ctx)],
      ['schema', schemaOpt(c.schema)],
    ])});`,
  AlterColumnNullability: (c) =>
    `op.alterColumn(${tsString(c.table)}, ${tsString(c.column)}${opts([
      ['nullable', c.notNull ? 'false' : 'true'],
      ['schema', schemaOpt(c.schema)],
    ])});`,
  AlterColumnDefault: (c) =>
    `op.alterColumn(${tsString(c.table)}, ${tsString(c.column)}${opts([
      c.to === undefined ? ['dropDefault', 'true'] : ['default', tsSql(c.to)],
      ['schema', schemaOpt(c.schema)],
    ])});`,
  AlterColumnIdentity: execute,
  AddPrimaryKey: (c) =>
    `op.createPrimaryKey(${tsString(c.primaryKey.name ?? `${c.table}_pkey`)}, ${tsString(c.table)}, ${tsList(c.primaryKey.columns)}${opts([['schema', schemaOpt(c.schema)]])});`,
  DropPrimaryKey: (c) => dropConstraint(c, c.primaryKey.name),
  AddUnique: (c) =>
    `op.createUniqueConstraint(${tsString(c.unique.name ?? '')}, ${tsString(c.table)}, ${tsList(c.unique.columns)}${opts(
      [
        ['nullsNotDistinct', c.unique.nullsNotDistinct ? 'true' : undefined],
        ['schema', schemaOpt(c.schema)],
      ],
    )});`,
  DropUnique: (c) => dropConstraint(c, c.unique.name),
  AddCheck: (c) => createCheck(c, c.check.name ?? '', tsSql(c.check.expression)),
  DropCheck: (c) => dropConstraint(c, c.check.name),
  AddForeignKey: (c) => createForeignKey(c),
  DropForeignKey: (c) => dropConstraint(c, c.foreignKey.name),
  CreateIndex: (c) => createIndex(c.schema, c.table, c.index),
  DropIndex: (c) =>
    `op.dropIndex(${tsString(c.index.name ?? '')}${opts([['schema', schemaOpt(c.schema)]])});`,
  SetTableComment: (c) =>
    `op.setTableComment(${tsString(c.table)}, ${c.to === undefined ? 'null' : tsString(c.to)}${opts([['schema', schemaOpt(c.schema)]])});`,
  SetColumnComment: (c) =>
    `op.setColumnComment(${tsString(c.table)}, ${tsString(c.column)}, ${c.to === undefined ? 'null' : tsString(c.to)}${opts([['schema', schemaOpt(c.schema)]])});`,
};

/** A change on a table that already exists, split in what runs now and what runs after a commit. */
interface SafeForm {
  readonly now: string;
  /** Validation (and what it enables), run in a new transaction after every `now` part. */
  readonly later?: string;
}

const NOT_VALID: readonly (readonly [string, string])[] = [['notValid', 'true']];

/** `users_timezone_not_null`, cut to PostgreSQL's 63-byte limit keeping the suffix. */
export function notNullCheckName(table: string, column: string): string {
  const suffix = '_not_null';
  let base = `${table}_${column}`;
  while (new TextEncoder().encode(base + suffix).length > 63) base = base.slice(0, -1);
  return base + suffix;
}

/**
 * The forms retort lint accepts on a live table (docs/lint.md, postgres-safety.md): indexes built
 * and dropped CONCURRENTLY, constraints added NOT VALID and validated after a commit, NOT NULL
 * proven by a validated check, unique constraints attached to a concurrently built index.
 */
const safeGenerators: {
  readonly [K in ChangeKind]?: (change: ChangeOf<K>) => SafeForm | undefined;
} = {
  CreateIndex: (c) => ({ now: createIndex(c.schema, c.table, c.index, CONCURRENT) }),
  DropIndex: (c) => ({
    now: `op.dropIndex(${tsString(c.index.name ?? '')}${opts([
      ['concurrently', 'true'],
      ['ifExists', 'true'],
      ['schema', schemaOpt(c.schema)],
    ])});`,
  }),
  AddForeignKey: (c) => ({
    now: createForeignKey(c, NOT_VALID),
    later: validateConstraint(c, c.foreignKey.name),
  }),
  AddCheck: (c) => ({
    now: createCheck(c, c.check.name ?? '', tsSql(c.check.expression), NOT_VALID),
    later: validateConstraint(c, c.check.name),
  }),
  AlterColumnNullability: (c) => {
    if (!c.notNull) return undefined;
    const check = notNullCheckName(c.table, c.column);
    return {
      now: createCheck(c, check, tsString(`${quoteIdent(c.column)} IS NOT NULL`), NOT_VALID),
      later: [
        validateConstraint(c, check),
        generators.AlterColumnNullability(c, { enums: [] }),
        dropConstraint(c, check),
      ].join('\n'),
    };
  },
  AddUnique: (c) => {
    const name = c.unique.name ?? '';
    return {
      now: [
        `op.createIndex(${tsString(name)}, ${tsString(c.table)}, ${tsList(c.unique.columns)}${opts([
          ['unique', 'true'],
          ['nullsNotDistinct', c.unique.nullsNotDistinct ? 'true' : undefined],
          ...CONCURRENT,
          ['schema', schemaOpt(c.schema)],
        ])});`,
        `op.createUniqueConstraint(${tsString(name)}, ${tsString(c.table)}, { usingIndex: ${tsString(name)} }${opts([['schema', schemaOpt(c.schema)]])});`,
      ].join('\n'),
    };
  },
};

const tableKey = (schema: string, table: string): string => `${schema}.${table}`;

/** The generated code of one change: its safe form on an existing table, else the plain one. */
function generate(change: Change, ctx: CodegenContext, created: ReadonlySet<string>): SafeForm {
  const safe = safeGenerators[change.kind] as ((c: Change) => SafeForm | undefined) | undefined;
  // Every kind with a safe form is a change on one table (a TableRef).
  const ref = change as Change & TableRef;
  const form =
    safe !== undefined && !created.has(tableKey(ref.schema, ref.table)) ? safe(change) : undefined;
  return (
    form ?? {
      now: (generators[change.kind] as (c: Change, x: CodegenContext) => string)(change, ctx),
    }
  );
}

/**
 * TypeScript op calls for a list of changes, one block per change, destructive ones preceded by
 * a comment saying so.
 *
 * @example
 * changesToOps(diffSchemas(head, declared), { enums: declared.enums });
 * // op.createTable('users', { id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` } }, …);
 */
export function changesToOps(changes: readonly Change[], ctx: CodegenContext): string {
  const kept = withoutRedundantDrops(changes);
  // Tables created here are empty and unused: plain forms are fine on them (and lint agrees).
  const created = new Set(
    kept.flatMap((c) => (c.kind === 'CreateTable' ? [tableKey(c.table.schema, c.table.name)] : [])),
  );
  const later: string[] = [];
  const blocks = kept.map((change) => {
    const form = generate(change, ctx, created);
    if (form.later !== undefined) later.push(form.later);
    return isDestructive(change)
      ? `// DESTRUCTIVE: ${describeDestructive(change)}; review before running.\n${form.now}`
      : form.now;
  });
  if (later.length > 0) {
    blocks.push(
      '// Validate in a new transaction, once the NOT VALID constraints above are committed: the\n' +
        '// scan then takes a SHARE UPDATE EXCLUSIVE lock, and reads and writes go on meanwhile.\nop.commit();',
      ...later,
    );
  }
  // The file indents the body by four spaces: 96 here keeps lines within 100 there.
  return wrapLongLines(blocks.join('\n'), 96);
}

/**
 * Leaves out index and foreign-key drops on tables that are dropped later in the same list:
 * DROP TABLE removes them anyway, and the migration reads as one would write it.
 */
function withoutRedundantDrops(changes: readonly Change[]): Change[] {
  const dropAt = new Map<string, number>();
  changes.forEach((c, i) => {
    if (c.kind === 'DropTable') dropAt.set(`${c.table.schema}.${c.table.name}`, i);
  });
  return changes.filter((c) => {
    if (c.kind !== 'DropIndex' && c.kind !== 'DropForeignKey') return true;
    const own = dropAt.get(`${c.schema}.${c.table}`);
    if (own === undefined) return true;
    if (c.kind === 'DropIndex') return false;
    // A foreign key goes with its table only if the table it points at is still there then.
    const target = dropAt.get(`${c.foreignKey.refSchema}.${c.foreignKey.refTable}`);
    return target !== undefined && target < own;
  });
}

function describeDestructive(change: Change): string {
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
    case 'DropColumn':
      return 'drops the column and its data';
    case 'AlterColumnType':
      return `narrows ${change.from} to ${change.to}; values that do not fit make it fail or lose precision`;
    case 'ReplaceEnum':
      return 'removes enum labels; rows holding them make it fail';
    default:
      return `${change.kind} cannot be undone without data loss`;
  }
}
