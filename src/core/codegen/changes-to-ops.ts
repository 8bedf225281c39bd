import type { Change, ChangeKind, ChangeOf } from '../changes/change.js';
import { renderChange } from '../changes/render-change.js';
import { isDestructive } from '../changes/reverse-change.js';
import { enumOfType, parseIndexKey } from '../model/enum-of-type.js';
import type { ColumnModel, EnumModel, IndexModel } from '../model/schema-model.js';
import { tsDefault, tsKey, tsList, tsObject, tsSql, tsString } from './ts-literal.js';

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
  if (found === undefined) return tsString(type);
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

function createIndex(schema: string, table: string, index: IndexModel): string {
  return `op.createIndex(${tsString(index.name ?? '')}, ${tsString(table)}, [${index.keys.map(indexKey).join(', ')}]${opts(
    [
      ['unique', index.unique ? 'true' : undefined],
      ['method', index.method === 'btree' ? undefined : tsString(index.method)],
      ['include', index.include.length > 0 ? tsList(index.include) : undefined],
      ['where', index.where === undefined ? undefined : tsSql(index.where)],
      ['schema', schemaOpt(schema)],
    ],
  )});`;
}

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
  AddCheck: (c) =>
    `op.createCheckConstraint(${tsString(c.check.name ?? '')}, ${tsString(c.table)}, ${tsSql(c.check.expression)}${opts([['schema', schemaOpt(c.schema)]])});`,
  DropCheck: (c) => dropConstraint(c, c.check.name),
  AddForeignKey: (c) => {
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
      ['schema', schemaOpt(c.schema)],
    ])});`;
  },
  DropForeignKey: (c) => dropConstraint(c, c.foreignKey.name),
  CreateIndex: (c) => createIndex(c.schema, c.table, c.index),
  DropIndex: (c) =>
    `op.dropIndex(${tsString(c.index.name ?? '')}${opts([['schema', schemaOpt(c.schema)]])});`,
  SetTableComment: (c) =>
    `op.setTableComment(${tsString(c.table)}, ${c.to === undefined ? 'null' : tsString(c.to)}${opts([['schema', schemaOpt(c.schema)]])});`,
  SetColumnComment: (c) =>
    `op.setColumnComment(${tsString(c.table)}, ${tsString(c.column)}, ${c.to === undefined ? 'null' : tsString(c.to)}${opts([['schema', schemaOpt(c.schema)]])});`,
};

/**
 * TypeScript op calls for a list of changes, one block per change, destructive ones preceded by
 * a comment saying so.
 *
 * @example
 * changesToOps(diffSchemas(head, declared), { enums: declared.enums });
 * // op.createTable('users', { id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` } }, …);
 */
export function changesToOps(changes: readonly Change[], ctx: CodegenContext): string {
  return withoutRedundantDrops(changes)
    .map((change) => {
      const code = (generators[change.kind] as (c: Change, x: CodegenContext) => string)(
        change,
        ctx,
      );
      return isDestructive(change)
        ? `// DESTRUCTIVE: ${describeDestructive(change)}; review before running.\n${code}`
        : code;
    })
    .join('\n');
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
