import { ExitCode, RetortError } from '../errors.js';
import type {
  ColumnModel,
  ExclusionModel,
  ForeignKeyModel,
  IndexModel,
  SchemaModel,
  SequenceModel,
  TableModel,
} from '../model/schema-model.js';
import { qualifiedKey, sortSchemaModel } from '../model/schema-model.js';
import type { ColumnBuilder, ReferenceOptions } from './column-builder.js';
import type { SchemaDeclaration, SequenceSpec } from './schema-builder.js';
import type { TableBuilder } from './table-builder.js';
import { typeDeclarationsToModel } from './type-builders.js';
import {
  checkPartitionKey,
  partitionsToModel,
  type PartitionKeySpec,
} from './partition-builder.js';

/** A declaration that cannot describe a schema: a duplicate name, a dangling reference. */
export class InvalidDeclarationError extends RetortError {
  constructor(message: string, hint: string, details?: Record<string, unknown>) {
    super('DECLARATION_INVALID', ExitCode.Config, message, { hint, details });
  }
}

/**
 * Turns a declaration into a (not yet normalised) schema model: types, defaults and expressions
 * as the user wrote them, unnamed constraints left for PostgreSQL to name.
 *
 * @example
 * const model = declarationToModel(defineSchema({ tables: [users] }));
 */
export function declarationToModel(declaration: SchemaDeclaration): SchemaModel {
  const schemas = new Set(declaration.schemas);
  const seen = new Set<string>();
  const tables = declaration.tables.map((table) => {
    const key = qualifiedKey(table.schema, table.name);
    if (seen.has(key)) {
      throw new InvalidDeclarationError(
        `Table ${key} is declared twice.`,
        'Give each table a unique name, or remove one of the two declarations.',
        { table: key },
      );
    }
    seen.add(key);
    if (table.schema !== 'public') schemas.add(table.schema);
    return withNamedComments(tableToModel(table));
  });
  for (const e of declaration.enums) if (e.schema !== 'public') schemas.add(e.schema);
  for (const s of declaration.sequences) if (s.schema !== 'public') schemas.add(s.schema);
  const types = typeDeclarationsToModel(declaration);
  for (const t of [...types.domains, ...types.compositeTypes, ...types.collations])
    if (t.schema !== 'public') schemas.add(t.schema);
  for (const f of declaration.functions ?? [])
    if (f.routine.schema !== 'public') schemas.add(f.routine.schema);
  for (const v of declaration.views ?? [])
    if (v.view.schema !== 'public') schemas.add(v.view.schema);
  const partitions = partitionsToModel(
    declaration.partitions ?? [],
    tables.map((t) => ({ ...t, constraints: keyConstraints(t) })),
    (message, hint, details) => new InvalidDeclarationError(message, hint, details),
  );
  for (const p of partitions) if (p.schema !== 'public') schemas.add(p.schema);
  return sortSchemaModel({
    schemas: [...schemas].filter((s) => s !== 'public'),
    extensions: declaration.extensions.map((e) => ({ name: e.name, schema: e.schema })),
    enums: declaration.enums.map((e) => ({
      schema: e.schema,
      name: e.enumName,
      values: e.values,
      ...(e.renamedValues === undefined ? {} : { renamedValues: e.renamedValues }),
      ...commentOf(e),
    })),
    sequences: declaration.sequences.map(sequenceToModel),
    tables,
    ...types,
    routines: (declaration.functions ?? []).map((f) => f.routine),
    triggers: (declaration.triggers ?? []).map((t) => t.trigger),
    views: (declaration.views ?? []).map((v) => v.view),
    policies: (declaration.policies ?? []).map((p) => p.policy),
    partitions,
    schemaComments: declaration.schemaComments,
  });
}

/** A table's primary key and unique constraints, which must include its partition key. */
function keyConstraints(
  t: Pick<TableModel, 'primaryKey' | 'uniques'>,
): { readonly what: string; readonly columns: readonly string[] }[] {
  return [
    ...(t.primaryKey === undefined ? [] : [{ what: 'primary key', columns: t.primaryKey.columns }]),
    ...t.uniques.map((u) => ({
      what: `unique constraint${u.name === undefined ? '' : ` ${u.name}`}`,
      columns: u.columns,
    })),
  ];
}

function tableToModel(table: TableBuilder): TableModel {
  const columns = Object.values(table.columns);
  const where = qualifiedKey(table.schema, table.name);
  const pkColumns = columns.filter((c) => c.state.primaryKey).map((c) => c.name);
  let primaryKey: TableModel['primaryKey'] =
    pkColumns.length > 0 ? { columns: pkColumns } : undefined;
  const uniques: TableModel['uniques'][number][] = [];
  const checks: TableModel['checks'][number][] = [];
  const foreignKeys: ForeignKeyModel[] = [];
  const indexes: IndexModel[] = [];
  const exclusions: ExclusionModel[] = [];
  let partitionKey: PartitionKeySpec | undefined;
  for (const column of columns) {
    if (column.state.unique)
      uniques.push({ name: column.state.unique.name, columns: [column.name] });
    for (const c of column.state.checks) checks.push({ name: c.name, expression: c.expression });
    const ref = column.state.references;
    if (ref) foreignKeys.push(foreignKeyModel([column], [ref.target()], ref.options, where));
  }
  for (const extra of table.extras) {
    switch (extra.kind) {
      case 'index':
        if (extra.keys.length === 0) {
          throw new InvalidDeclarationError(
            `An index of table ${where} has no key: call .on(...) with its columns.`,
            'Write index(name).on(t.column) or .on(sql`expression`).',
            { table: where, index: extra.name },
          );
        }
        indexes.push({
          name: extra.name,
          unique: extra.isUnique,
          method: extra.method,
          keys: extra.keys,
          include: extra.includeColumns,
          where: extra.predicate,
          ...(extra.nullsAreNotDistinct ? { nullsNotDistinct: true } : {}),
          ...(extra.storageParameters === undefined ? {} : { with: extra.storageParameters }),
          ...commentOf({ comment: extra.commentText }),
        });
        break;
      case 'unique':
        uniques.push({
          name: extra.name,
          columns: extra.columns.map((c) => c.name),
          nullsNotDistinct: extra.nullsNotDistinct,
          ...deferral(extra),
          ...commentOf(extra),
        });
        break;
      case 'check':
        checks.push({
          name: extra.name,
          expression: extra.expression,
          ...(extra.notValid === true ? { notValid: true } : {}),
          ...(extra.noInherit === true ? { noInherit: true } : {}),
          ...commentOf(extra),
        });
        break;
      case 'primaryKey':
        if (pkColumns.length > 0) {
          throw new InvalidDeclarationError(
            `Table ${where} declares its primary key twice (on columns and with primaryKey()).`,
            'Keep one: .primaryKey() on a single column, or primaryKey(t.a, t.b) for a composite key.',
            { table: where },
          );
        }
        primaryKey = {
          name: extra.name,
          columns: extra.columns.map((c) => c.name),
          ...deferral(extra),
          ...commentOf(extra),
        };
        break;
      case 'foreignKey':
        foreignKeys.push(foreignKeyModel(extra.columns, extra.references(), extra.options, where));
        break;
      case 'exclusion':
        if (extra.elements.length === 0) {
          throw new InvalidDeclarationError(
            `An exclusion constraint of table ${where} has no element: call .on([key, operator], …).`,
            "Write exclude(name).on([t.during, '&&']).",
            { table: where, constraint: extra.name },
          );
        }
        exclusions.push({
          name: extra.name,
          method: extra.method,
          elements: extra.elements,
          ...(extra.predicate === undefined ? {} : { where: extra.predicate }),
          ...deferral(extra.options),
          ...commentOf(extra.options),
        });
        break;
      case 'partitionBy':
        partitionKey = extra;
        break;
    }
  }
  if (partitionKey !== undefined)
    checkPartitionKey(
      where,
      partitionKey,
      keyConstraints({ primaryKey, uniques }),
      (message, hint, details) => new InvalidDeclarationError(message, hint, details),
    );
  return {
    schema: table.schema,
    name: table.name,
    columns: columns.map(columnToModel),
    primaryKey,
    uniques,
    foreignKeys,
    checks,
    indexes,
    ...(exclusions.length > 0 ? { exclusions } : {}),
    comment: table.options.comment,
    ...(table.options.unlogged === true ? { unlogged: true as const } : {}),
    ...(table.options.with === undefined || Object.keys(table.options.with).length === 0
      ? {}
      : {
          with: Object.fromEntries(
            Object.entries(table.options.with).map(([k, v]) => [k, String(v)]),
          ),
        }),
    ...renamedFrom(table.options.renamedFrom, table.schema),
    ...(table.options.rowLevelSecurity === undefined || table.options.rowLevelSecurity === false
      ? {}
      : { rowLevelSecurity: true }),
    ...(table.options.rowLevelSecurity === 'force' ? { forceRowLevelSecurity: true } : {}),
    ...(partitionKey === undefined ? {} : { partitionBy: partitionKey.text }),
  };
}

function columnToModel(column: ColumnBuilder): ColumnModel {
  const s = column.state;
  return {
    name: column.name,
    type: s.sqlType + '[]'.repeat(s.arrayDims),
    notNull: s.notNull,
    default: s.default,
    identity: s.identity,
    ...(s.identityOptions === undefined ? {} : { identityOptions: s.identityOptions }),
    generated: s.generated,
    collation: s.collation,
    comment: s.comment,
    renamedFrom: s.renamedFrom,
  };
}

function foreignKeyModel(
  columns: readonly ColumnBuilder[],
  targets: readonly ColumnBuilder[],
  options: ReferenceOptions,
  where: string,
): ForeignKeyModel {
  const first = targets[0]?.table;
  if (
    !first ||
    targets.length !== columns.length ||
    targets.some((t) => t.table?.schema !== first.schema || t.table?.name !== first.name)
  ) {
    throw new InvalidDeclarationError(
      `A foreign key of table ${where} references columns that are not all of one declared table, or not as many as it has columns.`,
      'Reference columns of a table declared with table(): .references(() => other.columns.id).',
      { table: where, columns: columns.map((c) => c.name) },
    );
  }
  return {
    name: options.name,
    columns: columns.map((c) => c.name),
    refSchema: first.schema,
    refTable: first.name,
    refColumns: targets.map((t) => t.name),
    onDelete: options.onDelete ?? 'no action',
    onUpdate: options.onUpdate ?? 'no action',
    deferrable: options.deferrable ?? false,
    initiallyDeferred: options.initiallyDeferred ?? false,
    ...(options.match === 'full' ? { match: 'full' as const } : {}),
    ...commentOf(options),
  };
}

/** A constraint's DEFERRABLE options as model fields (absent when not set). */
function deferral(options: {
  readonly deferrable?: boolean | undefined;
  readonly initiallyDeferred?: boolean | undefined;
}): { deferrable?: true; initiallyDeferred?: true } {
  return {
    ...(options.deferrable === true || options.initiallyDeferred === true
      ? { deferrable: true as const }
      : {}),
    ...(options.initiallyDeferred === true ? { initiallyDeferred: true as const } : {}),
  };
}

function sequenceToModel(spec: SequenceSpec): SequenceModel {
  const type = spec.type ?? 'bigint';
  const increment = BigInt(spec.increment ?? 1);
  const limits: Record<string, bigint> = {
    smallint: 32767n,
    integer: 2147483647n,
    bigint: 9223372036854775807n,
  };
  const typeMax = limits[type] ?? limits['bigint']!;
  const min = spec.min ?? (increment > 0n ? 1n : -typeMax - 1n);
  const max = spec.max ?? (increment > 0n ? typeMax : -1n);
  return {
    schema: spec.schema,
    name: spec.name,
    type,
    start: String(spec.start ?? (increment > 0n ? min : max)),
    increment: String(increment),
    min: String(min),
    max: String(max),
    cache: String(spec.cache ?? 1),
    cycle: spec.cycle ?? false,
    ...(spec.ownedBy === undefined
      ? {}
      : { ownedBy: { table: spec.ownedBy.table, column: spec.ownedBy.column } }),
    ...commentOf(spec),
  };
}

/**
 * The table, once every commented constraint and index is known to have a name: COMMENT ON
 * names its object, and PostgreSQL's generated names are not known before it runs (a primary
 * key's is `<table>_pkey`).
 */
function withNamedComments(table: TableModel): TableModel {
  const where = qualifiedKey(table.schema, table.name);
  const unnamed = [
    ...table.uniques.map((k) => ['unique constraint', k] as const),
    ...table.checks.map((k) => ['check constraint', k] as const),
    ...table.foreignKeys.map((k) => ['foreign key', k] as const),
    ...(table.exclusions ?? []).map((k) => ['exclusion constraint', k] as const),
    ...table.indexes.map((k) => ['index', k] as const),
  ].find(([, k]) => k.comment !== undefined && k.name === undefined);
  if (unnamed !== undefined)
    throw new InvalidDeclarationError(
      `A ${unnamed[0]} of table ${where} has a comment but no name.`,
      `Name it (COMMENT ON needs the name): e.g. ${unnamed[0] === 'index' ? "index('my_index').on(…).comment('…')" : "unique('my_key', { comment: '…' }).on(…)"}.`,
      { table: where, comment: unnamed[1].comment },
    );
  return table;
}

/** `{ comment }` when one is declared, nothing otherwise (the key is left out). */
function commentOf(o: { readonly comment?: string | undefined }): { comment?: string } {
  return o.comment === undefined ? {} : { comment: o.comment };
}

/** A table's rename hint as model fields: the old name, and the old schema when it moved. */
function renamedFrom(
  hint: string | { readonly schema: string; readonly name: string } | undefined,
  schema: string,
): { renamedFrom?: string; renamedFromSchema?: string } {
  if (hint === undefined) return {};
  if (typeof hint === 'string') return { renamedFrom: hint };
  return {
    renamedFrom: hint.name,
    ...(hint.schema === schema ? {} : { renamedFromSchema: hint.schema }),
  };
}
