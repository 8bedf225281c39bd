import type { SchemaModel } from '../model/schema-model.js';
import { qualifiedKey } from '../model/schema-model.js';

/**
 * Renames decided before diffing: by a `renamedFrom` hint, a `--rename old:new` flag or an
 * injected resolver. Without a decision, a vanished name and a new one are a drop and an add.
 */
export interface RenameDecisions {
  /**
   * Table renames by qualified key of the old table: `{ people: 'users' }`. The table keeps its
   * schema, unless the new model's table of that name lives elsewhere and declares the move
   * (`renamedFrom: { schema, name }`).
   */
  readonly tables?: Readonly<Record<string, string>>;
  /** Column renames, keyed `table.old` (table as in the new model): `{ 'users.name': 'full_name' }`. */
  readonly columns?: Readonly<Record<string, string>>;
}

/** A rename that the diff could make but may not guess. */
export type RenameCandidate =
  | { readonly kind: 'table'; readonly schema: string; readonly from: string; readonly to: string }
  | {
      readonly kind: 'column';
      readonly schema: string;
      readonly table: string;
      readonly from: string;
      readonly to: string;
    };

/** Decides candidates, e.g. a TTY prompt in the CLI; answers true to rename, false to drop+add. */
export type RenameResolver = (candidate: RenameCandidate) => Promise<boolean>;

/** Collects the `renamedFrom` hints of a declared model as decisions. */
export function renameHints(model: SchemaModel): RenameDecisions {
  const tables: Record<string, string> = {};
  const columns: Record<string, string> = {};
  for (const table of model.tables) {
    if (table.renamedFrom !== undefined)
      tables[qualifiedKey(table.renamedFromSchema ?? table.schema, table.renamedFrom)] = table.name;
    for (const column of table.columns) {
      if (column.renamedFrom !== undefined)
        columns[`${qualifiedKey(table.schema, table.name)}.${column.renamedFrom}`] = column.name;
    }
  }
  return { tables, columns };
}

/** Merges decision sets, later ones winning. */
export function mergeRenames(...sets: readonly (RenameDecisions | undefined)[]): RenameDecisions {
  const tables: Record<string, string> = {};
  const columns: Record<string, string> = {};
  for (const set of sets) {
    Object.assign(tables, set?.tables);
    Object.assign(columns, set?.columns);
  }
  return { tables, columns };
}

/**
 * The renames worth asking about, after the decisions already made: a table that vanished and
 * one that appeared in the same schema; a column that vanished and one of the same type that
 * appeared in the same table.
 */
export function findRenameCandidates(
  from: SchemaModel,
  to: SchemaModel,
  decided: RenameDecisions = {},
): RenameCandidate[] {
  const out: RenameCandidate[] = [];
  const fromTables = new Map(from.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const toTables = new Map(to.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const renamedTo = new Set(Object.values(decided.tables ?? {}));
  const renamedFrom = new Set(Object.keys(decided.tables ?? {}));
  const gone = [...fromTables.values()].filter(
    (t) =>
      !toTables.has(qualifiedKey(t.schema, t.name)) &&
      !renamedFrom.has(qualifiedKey(t.schema, t.name)),
  );
  const added = [...toTables.values()].filter(
    (t) => !fromTables.has(qualifiedKey(t.schema, t.name)) && !renamedTo.has(t.name),
  );
  for (const g of gone)
    for (const a of added)
      if (g.schema === a.schema)
        out.push({ kind: 'table', schema: a.schema, from: g.name, to: a.name });
  for (const [key, table] of toTables) {
    const old = fromTables.get(key);
    if (!old) continue;
    const decidedCols = Object.entries(decided.columns ?? {}).filter(([k]) =>
      k.startsWith(`${key}.`),
    );
    const names = new Set(table.columns.map((c) => c.name));
    const oldNames = new Set(old.columns.map((c) => c.name));
    const goneCols = old.columns.filter(
      (c) => !names.has(c.name) && !decidedCols.some(([k]) => k === `${key}.${c.name}`),
    );
    const addedCols = table.columns.filter(
      (c) => !oldNames.has(c.name) && !decidedCols.some(([, v]) => v === c.name),
    );
    for (const g of goneCols)
      for (const a of addedCols)
        if (g.type === a.type)
          out.push({
            kind: 'column',
            schema: table.schema,
            table: table.name,
            from: g.name,
            to: a.name,
          });
  }
  return out;
}
