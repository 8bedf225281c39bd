import { parentKey, parsePartitionKey, partitionOrder } from '../model/partitions.js';
import type { SchemaModel, TableModel } from '../model/schema-model.js';
import { qualifiedKey } from '../model/schema-model.js';
import { tsKey, tsObject, tsSql, tsString } from './ts-literal.js';
import type { DeclarationNaming } from './routines-to-declaration.js';

/*
 * `retort pull` for declarative partitioning: a partitioned table's `partitionBy(…)` extra, and
 * each partition as `partitionOf(parent, name, bound)` with the bound the catalog prints.
 */

/** A plain or quoted identifier, unquoted; undefined for anything else (an expression). */
function identifierOf(text: string): string | undefined {
  if (/^[a-z_][a-z0-9_$]*$/.test(text)) return text;
  const m = /^"((?:[^"]|"")+)"$/.exec(text);
  return m ? m[1]!.replaceAll('""', '"') : undefined;
}

/**
 * `partitionBy('range', t.at)` from a key as `pg_get_partkeydef` prints it, when every key is a
 * column (`column` writes its reference); otherwise the whole key as SQL,
 * `partitionBy(sql`HASH (id, lower(k))`)`, which PostgreSQL reads back as it printed it
 * (expressions, collations and operator classes included).
 */
export function partitionKeySource(
  definition: string,
  table: TableModel,
  column: (name: string) => string,
): string {
  const parsed = parsePartitionKey(definition);
  const names = (parsed?.keys ?? []).map(identifierOf);
  if (
    parsed === undefined ||
    names.some((n) => n === undefined || !table.columns.some((c) => c.name === n))
  )
    return `partitionBy(${tsSql(definition)})`;
  return `partitionBy(${tsString(parsed.method)}, ${names.map((n) => column(n!)).join(', ')})`;
}

/** The declaration source of the model's partitions, parents first. */
export function partitionsToDeclaration(
  model: SchemaModel,
  naming: DeclarationNaming,
): { lines: string[]; entries: [string, string | undefined][] } {
  const lines: string[] = [];
  const vars = new Map<string, string>();
  const tables = new Map(model.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const partitions = new Map(model.partitions.map((p) => [qualifiedKey(p.schema, p.name), p]));
  const rootOf = (key: string, depth = 0): TableModel | undefined => {
    const p = partitions.get(key);
    return p === undefined || depth > partitions.size
      ? tables.get(key)
      : rootOf(parentKey(p), depth + 1);
  };
  for (const p of partitionOrder(model.partitions)) {
    naming.use('partitionOf');
    const v = naming.variable(`${p.schema === 'public' ? '' : `${p.schema}_`}${p.name}`);
    vars.set(qualifiedKey(p.schema, p.name), v);
    const parent = vars.get(parentKey(p)) ?? naming.table(p.parentSchema, p.parent);
    const root = rootOf(parentKey(p));
    let key: string | undefined;
    if (p.partitionBy !== undefined) {
      naming.use('partitionBy');
      const rootVar = root === undefined ? parent : naming.table(root.schema, root.name);
      key =
        root === undefined
          ? `partitionBy(${tsSql(p.partitionBy)})`
          : partitionKeySource(
              p.partitionBy,
              root,
              (c) => `${rootVar}.columns${tsKey(c) === c ? `.${c}` : `[${tsString(c)}]`}`,
            );
    }
    const options = tsObject([
      ['schema', p.schema === p.parentSchema ? undefined : tsString(p.schema)],
      ['partitionBy', key],
      ['comment', p.comment === undefined ? undefined : tsString(p.comment)],
    ]);
    const bound = p.bound === 'DEFAULT' ? "'default'" : tsSql(p.bound);
    lines.push(
      `export const ${v} = partitionOf(${parent}, ${tsString(p.name)}, ${bound}${options === '{}' ? '' : `, ${options}`});`,
    );
  }
  if (lines.length > 0) lines.push('');
  return {
    lines,
    entries: [['partitions', vars.size > 0 ? `[${[...vars.values()].join(', ')}]` : undefined]],
  };
}
