import type {
  ColumnModel,
  ExclusionModel,
  ForeignKeyModel,
  IndexModel,
  ReferentialAction,
  SchemaModel,
  TableModel,
} from '../model/schema-model.js';
import { sortSchemaModel } from '../model/schema-model.js';
import { identityOptionsOf } from '../model/identity-options.js';
import type { CatalogQueryName } from './catalog-queries.js';
import { typesFromRows, withColumnCollations, type TypeCatalogRows } from './rows-to-types.js';
import { routinesFromRows } from './routine-queries.js';
import { partitionsFromRows, type PartitionCatalogRows } from './partition-queries.js';

type Row = Record<string, unknown>;
/** The rows of each catalog query. */
export type CatalogRows = Readonly<Record<CatalogQueryName, readonly Row[]>> &
  TypeCatalogRows &
  PartitionCatalogRows;

const str = (v: unknown): string => String(v);
const opt = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : String(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : parseTextArray(v));

/** Parses `{a,b}` when a driver hands back an array as text. */
function parseTextArray(v: unknown): string[] {
  if (typeof v !== 'string' || v === '{}') return [];
  return v
    .slice(1, -1)
    .split(',')
    .map((s) => (s.startsWith('"') ? s.slice(1, -1).replaceAll('\\"', '"') : s));
}

const actions: Record<string, ReferentialAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

const serialTypes: Record<string, string> = {
  smallint: 'smallserial',
  integer: 'serial',
  bigint: 'bigserial',
};

/**
 * Builds the schema model from the catalog queries' rows. Pure. A column whose default is
 * `nextval` of a sequence it owns reads back as `serial` (and the sequence is left out), so a
 * declared `serial()` compares equal.
 *
 * @example
 * const model = rowsToModel({ schemas: [], extensions: [], enums: [], sequences: [], columns, constraints, indexes });
 */
export function rowsToModel(rows: CatalogRows): SchemaModel {
  const tables = new Map<string, TableModel & { columns: ColumnModel[] }>();
  const serialSequences = new Set<string>();
  const tableOf = (row: Row): (TableModel & { columns: ColumnModel[] }) | undefined =>
    tables.get(`${str(row['schema'])}\u0000${str(row['table_name'])}`);

  for (const row of rows.columns) {
    const key = `${str(row['schema'])}\u0000${str(row['table_name'])}`;
    let table = tables.get(key);
    if (!table) {
      table = {
        schema: str(row['schema']),
        name: str(row['table_name']),
        columns: [],
        uniques: [],
        foreignKeys: [],
        checks: [],
        indexes: [],
        comment: opt(row['table_comment']),
        ...(row['unlogged'] === true ? { unlogged: true as const } : {}),
        ...tableStorage(row['table_options']),
      };
      tables.set(key, table);
    }
    if (row['name'] === null || row['name'] === undefined) continue;
    const identity =
      row['identity'] === 'a' ? 'always' : row['identity'] === 'd' ? 'by default' : undefined;
    const serialSeq = opt(row['serial_seq']);
    const type = str(row['type']);
    const serial = serialSeq !== undefined ? serialTypes[type] : undefined;
    if (serial !== undefined) serialSequences.add(serialSeq!);
    table.columns.push(
      dropUndefined({
        name: str(row['name']),
        type: serial ?? type,
        notNull: row['not_null'] === true,
        default: serial === undefined ? opt(row['default_expr']) : undefined,
        identity,
        identityOptions: identityOptionsFromRow(row['identity_sequence'], type),
        generated: opt(row['generated']),
        comment: opt(row['comment']),
      }),
    );
  }

  for (const row of rows.constraints) {
    const table = tableOf(row);
    if (!table) continue;
    const name = str(row['name']);
    const columns = strings(row['columns']);
    const mutable = table as { -readonly [K in keyof TableModel]: TableModel[K] };
    switch (row['type']) {
      case 'p':
        mutable.primaryKey = dropUndefined({ name, columns, ...deferral(row) });
        break;
      case 'u':
        (table.uniques as TableModel['uniques'][number][]).push(
          dropUndefined({
            name,
            columns,
            nullsNotDistinct: row['nulls_not_distinct'] === true ? true : undefined,
            ...deferral(row),
          }),
        );
        break;
      case 'c':
        (table.checks as TableModel['checks'][number][]).push(
          dropUndefined({
            name,
            expression: checkExpression(str(row['definition'])),
            notValid: row['validated'] === false ? true : undefined,
            noInherit: row['no_inherit'] === true ? true : undefined,
          }),
        );
        break;
      case 'x': {
        const operators = strings(row['exclusion_operators']);
        const exclusion: ExclusionModel = dropUndefined({
          name,
          method: str(row['exclusion_method']),
          elements: strings(row['exclusion_keys']).map((key, i) => ({
            key,
            operator: operators[i] ?? '=',
          })),
          where: opt(row['exclusion_predicate']),
          ...deferral(row),
          definition: str(row['definition']),
        });
        mutable.exclusions = [...(table.exclusions ?? []), exclusion];
        break;
      }
      case 'f':
        (table.foreignKeys as ForeignKeyModel[]).push({
          name,
          columns,
          refSchema: str(row['ref_schema']),
          refTable: str(row['ref_table']),
          refColumns: strings(row['ref_columns']),
          onDelete: actions[str(row['on_delete'])] ?? 'no action',
          onUpdate: actions[str(row['on_update'])] ?? 'no action',
          deferrable: row['deferrable'] === true,
          initiallyDeferred: row['deferred'] === true,
          ...(row['match_type'] === 'f' ? { match: 'full' as const } : {}),
        });
        break;
    }
  }

  for (const row of rows.indexes) {
    const table = tableOf(row);
    if (!table) continue;
    (table.indexes as IndexModel[]).push(indexFromRow(row));
  }

  const routines = routinesFromRows(rows, tables);
  const partitions = partitionsFromRows(rows, tables);
  return sortSchemaModel({
    ...routines,
    schemas: rows.schemas.map((r) => str(r['name'])),
    extensions: rows.extensions.map((r) => ({ name: str(r['name']), schema: str(r['schema']) })),
    enums: rows.enums.map((r) => ({
      schema: str(r['schema']),
      name: str(r['name']),
      values: strings(r['labels']),
    })),
    sequences: rows.sequences
      .filter((r) => !serialSequences.has(`${str(r['schema'])}.${str(r['name'])}`))
      .map((r) => ({
        schema: str(r['schema']),
        name: str(r['name']),
        type: str(r['type']),
        start: str(r['start']),
        increment: str(r['increment']),
        min: str(r['min']),
        max: str(r['max']),
        cache: str(r['cache']),
        cycle: r['cycle'] === true,
        ...ownedBy(r['owned_by']),
      })),
    tables: withColumnCollations([...tables.values()], rows),
    ...typesFromRows(rows),
    partitions,
  });
}

/** `CHECK ((a > 0)) NOT VALID` → `(a > 0)`. */
function checkExpression(definition: string): string {
  // pg_get_constraintdef writes NO INHERIT before NOT VALID.
  const body = definition.replace(/^CHECK \(/, '').replace(/\)( NO INHERIT)?( NOT VALID)?$/, '');
  return body;
}

/** The identity sequence (a JSON object, or its text from some drivers) as model options. */
function identityOptionsFromRow(
  value: unknown,
  type: string,
): ReturnType<typeof identityOptionsOf> {
  if (value === null || value === undefined) return undefined;
  const s = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
  return identityOptionsOf(type, {
    start: str(s['start']),
    increment: str(s['increment']),
    min: str(s['min']),
    max: str(s['max']),
    cache: str(s['cache']),
    cycle: s['cycle'] === true,
  });
}

/** A sequence's `OWNED BY` (a JSON object, or its text) as the `ownedBy` field, or nothing. */
function ownedBy(value: unknown): { ownedBy?: { table: string; column: string } } {
  if (value === null || value === undefined) return {};
  const o = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
  return { ownedBy: { table: str(o['table']), column: str(o['column']) } };
}

/** A table's storage parameters as the `with` field, or nothing. */
function tableStorage(value: unknown): { with?: Record<string, string> } {
  const parameters = storageParameters(value);
  return parameters === undefined ? {} : { with: parameters };
}

/** `DEFERRABLE [INITIALLY DEFERRED]` of a primary key or unique constraint, when set. */
function deferral(row: Row): { deferrable?: true; initiallyDeferred?: true } {
  return {
    ...(row['deferrable'] === true ? { deferrable: true as const } : {}),
    ...(row['deferred'] === true ? { initiallyDeferred: true as const } : {}),
  };
}

/** `{fillfactor=70,deduplicate_items=off}` → `{ fillfactor: '70', deduplicate_items: 'off' }`. */
function storageParameters(value: unknown): Record<string, string> | undefined {
  const list = value === null || value === undefined ? [] : strings(value);
  if (list.length === 0) return undefined;
  return Object.fromEntries(
    list.map((entry) => {
      const at = entry.indexOf('=');
      return [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

function indexFromRow(row: Row): IndexModel {
  const columns = strings(row['columns']);
  const keyCount = Number(row['key_count']);
  const indkey = str(row['indkey']).split(' ').map(Number);
  const options = str(row['indoption']).split(' ').map(Number);
  const opclasses = strings(row['opclasses']);
  const keys = columns.slice(0, keyCount).map((column, i) => {
    let key = indkey[i] === 0 ? `(${column})` : column;
    // A non-default operator class (gin_trgm_ops, text_pattern_ops…) is part of the key.
    if (opclasses[i]) key += ` ${opclasses[i]}`;
    const option = options[i] ?? 0;
    // indoption bits: 1 = DESC, 2 = NULLS FIRST (the default for DESC).
    if (option & 1) key += ' DESC';
    if (option & 1 && !(option & 2)) key += ' NULLS LAST';
    if (!(option & 1) && option & 2) key += ' NULLS FIRST';
    return key;
  });
  return dropUndefined({
    name: str(row['name']),
    unique: row['is_unique'] === true,
    method: str(row['method']),
    keys,
    include: columns.slice(keyCount),
    where: opt(row['predicate']),
    nullsNotDistinct: row['nulls_not_distinct'] === true ? true : undefined,
    with: storageParameters(row['reloptions']),
    definition: str(row['definition']),
  });
}

/** Leaves out undefined properties so models compare and serialise cleanly. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
