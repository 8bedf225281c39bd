import { parseIndexKey } from '../model/enum-of-type.js';
import type { ColumnModel, IndexModel, TableModel } from '../model/schema-model.js';
import { quoteIdent } from '../sql/quote.js';
import type {
  CollationModel,
  CompositeAttributeModel,
  DomainCheckModel,
  GrantModel,
  GrantObjectType,
  TypeModels,
} from '../model/types.js';
import type { TypeCatalogQueryName } from './type-queries.js';

type Row = Record<string, unknown>;
/** The rows of the type, collation and grant queries (absent: none). */
export type TypeCatalogRows = Partial<Readonly<Record<TypeCatalogQueryName, readonly Row[]>>>;

const str = (v: unknown): string => String(v);
/** A text array, parsed by the driver or as `{a,b}` text. */
const strings = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.map(String)
    : typeof v === 'string' && v !== '{}'
      ? v
          .slice(1, -1)
          .split(',')
          .map((s) => (s.startsWith('"') ? s.slice(1, -1).replaceAll('\\"', '"') : s))
      : [];
const opt = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : String(v);
/** A `json` column: parsed by the driver, or text. */
const json = <T>(v: unknown): T[] =>
  (typeof v === 'string' ? JSON.parse(v) : (v ?? [])) as unknown as T[];

/** Leaves out undefined properties so models compare and serialise cleanly. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `CHECK ((VALUE > 0))` → `(VALUE > 0)`. */
export function checkBody(definition: string): string {
  return definition.replace(/^CHECK \(/, '').replace(/\)( NOT VALID)?( NO INHERIT)?$/, '');
}

/**
 * The domains, composite types, collations and grants of the type catalog queries' rows. Pure.
 *
 * @example
 * typesFromRows({ domains: [{ schema: 'public', name: 'email', type: 'text', not_null: false, checks: [] }] });
 */
export function typesFromRows(rows: TypeCatalogRows): TypeModels {
  return {
    domains: (rows.domains ?? []).map((r) =>
      defined({
        schema: str(r['schema']),
        name: str(r['name']),
        type: str(r['type']),
        notNull: r['not_null'] === true,
        default: opt(r['default_expr']),
        collation: opt(r['collation']),
        checks: json<{ name: string; definition: string }>(r['checks']).map(
          (c): DomainCheckModel => ({ name: c.name, expression: checkBody(c.definition) }),
        ),
        comment: opt(r['comment']),
      }),
    ),
    compositeTypes: (rows.compositeTypes ?? []).map((r) =>
      defined({
        schema: str(r['schema']),
        name: str(r['name']),
        attributes: json<{ name: string; type: string; collation: string | null }>(
          r['attributes'],
        ).map((a): CompositeAttributeModel =>
          defined({ name: a.name, type: a.type, collation: opt(a.collation) }),
        ),
        comment: opt(r['comment']),
      }),
    ),
    collations: (rows.collations ?? []).map((r): CollationModel => {
      const provider = str(r['provider']);
      return defined({
        schema: str(r['schema']),
        name: str(r['name']),
        provider,
        locale: provider === 'libc' ? undefined : opt(r['locale']),
        lcCollate: provider === 'libc' ? opt(r['lc_collate']) : undefined,
        lcCtype: provider === 'libc' ? opt(r['lc_ctype']) : undefined,
        deterministic: r['deterministic'] !== false,
        comment: opt(r['comment']),
      });
    }),
    grants: (rows.grants ?? []).map((r): GrantModel => ({
      objectType: str(r['object_type']) as GrantObjectType,
      schema: str(r['schema']),
      name: str(r['name']),
      grantee: str(r['grantee']),
      privilege: str(r['privilege']),
      withGrantOption: r['grantable'] === true,
    })),
  };
}

/** An index key of the model with a collation: `name COLLATE "C" text_pattern_ops DESC`. */
export function withKeyCollation(key: string, collation: string): string {
  const k = parseIndexKey(key);
  if (k.collation !== undefined) return key;
  let out = k.expression !== undefined ? `(${k.expression})` : quoteIdent(k.column ?? '');
  out += ` COLLATE ${quoteIdent(collation)}`;
  if (k.opclass !== undefined) out += ` ${k.opclass}`;
  if (k.order === 'desc') out += ' DESC';
  if (k.nulls !== undefined) out += k.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
  return out;
}

/** Sets `collation` on the columns the column-collation rows name. */
export function withColumnCollations<T extends TableModel>(
  tables: readonly T[],
  rows: TypeCatalogRows,
): T[] {
  const byColumn = new Map(
    (rows.columnCollations ?? []).map((r) => [
      `${str(r['schema'])}\u0000${str(r['table_name'])}\u0000${str(r['name'])}`,
      str(r['collation']),
    ]),
  );
  const byIndex = new Map(
    (rows.indexCollations ?? []).map((r) => [
      `${str(r['schema'])}\u0000${str(r['table_name'])}\u0000${str(r['name'])}`,
      strings(r['collations']),
    ]),
  );
  if (byColumn.size === 0 && byIndex.size === 0) return [...tables];
  return tables.map((t) => ({
    ...t,
    indexes: t.indexes.map((index): IndexModel => {
      const collations = byIndex.get(`${t.schema}\u0000${t.name}\u0000${index.name ?? ''}`);
      if (collations === undefined) return index;
      const keys = index.keys.map((key, i) =>
        collations[i] ? withKeyCollation(key, collations[i]) : key,
      );
      return { ...index, keys };
    }),
    columns: t.columns.map((c): ColumnModel => {
      const collation = byColumn.get(`${t.schema}\u0000${t.name}\u0000${c.name}`);
      return collation === undefined ? c : { ...c, collation };
    }),
  }));
}
