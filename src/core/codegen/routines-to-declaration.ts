import type { SchemaModel } from '../model/schema-model.js';
import { tsList, tsObject, tsSql, tsString } from './ts-literal.js';
import { commentEntry } from './comment-source.js';

/*
 * `retort pull` for functions, procedures, triggers, views and policies: each written with the
 * definition the catalog prints, so the pulled declaration normalises to the same model.
 */

/** How pull's writers name things: shared by every kind written after the tables. */
export interface DeclarationNaming {
  /** A fresh variable name from a base. */
  readonly variable: (base: string) => string;
  /** The variable of a declared table. */
  readonly table: (schema: string, name: string) => string;
  /** Records an import from 'retort-pg'. */
  readonly use: (name: string) => void;
}

/** The declaration source of the model's routines, triggers, views and policies. */
export function routinesToDeclaration(
  model: SchemaModel,
  naming: DeclarationNaming,
): { lines: string[]; entries: [string, string | undefined][] } {
  const lines: string[] = [];
  const prefix = (schema: string): string => (schema === 'public' ? '' : `${schema}_`);
  const list = (vars: string[]): string | undefined =>
    vars.length > 0 ? `[${vars.join(', ')}]` : undefined;

  const functions = model.routines.map((r) => {
    const v = naming.variable(`${prefix(r.schema)}${r.name}`);
    const builder = r.kind === 'procedure' ? 'pgProcedure' : 'pgFunction';
    naming.use(builder);
    const options = tsObject([
      ['schema', r.schema === 'public' ? undefined : tsString(r.schema)],
      ['args', tsString(r.args)],
      ['definition', tsSql(r.definition)],
      commentEntry(r),
    ]);
    lines.push(`export const ${v} = ${builder}(${tsString(r.name)}, ${options});`);
    return v;
  });
  const triggers = model.triggers.map((t) => {
    const v = naming.variable(`${prefix(t.schema)}${t.name}`);
    naming.use('trigger');
    const options = tsObject([
      ['table', naming.table(t.schema, t.table)],
      ['definition', tsSql(t.definition)],
      commentEntry(t),
    ]);
    lines.push(`export const ${v} = trigger(${tsString(t.name)}, ${options});`);
    return v;
  });
  const views = model.views.map((view) => {
    const v = naming.variable(`${prefix(view.schema)}${view.name}`);
    const builder = view.materialized ? 'materializedView' : 'view';
    naming.use(builder);
    const options = tsObject([
      ['schema', view.schema === 'public' ? undefined : tsString(view.schema)],
      [
        'indexes',
        view.indexes.length === 0
          ? undefined
          : `[${view.indexes.map((i) => viewIndexSource(i.name, i.definition, i.comment)).join(', ')}]`,
      ],
      commentEntry(view),
    ]);
    lines.push(
      `export const ${v} = ${builder}(${tsString(view.name)}, ${tsSql(view.query)}${options === '{}' ? '' : `, ${options}`});`,
    );
    return v;
  });
  const policies = model.policies.map((p) => {
    const v = naming.variable(`${prefix(p.schema)}${p.table}_${p.name}`);
    naming.use('policy');
    const options = tsObject([
      ['table', naming.table(p.schema, p.table)],
      ['as', p.permissive ? undefined : tsString('restrictive')],
      ['for', p.command === 'all' ? undefined : tsString(p.command)],
      ['to', p.roles.length === 1 && p.roles[0] === 'public' ? undefined : tsList(p.roles)],
      ['using', p.using === undefined ? undefined : tsSql(p.using)],
      ['withCheck', p.withCheck === undefined ? undefined : tsSql(p.withCheck)],
      commentEntry(p),
    ]);
    lines.push(`export const ${v} = policy(${tsString(p.name)}, ${options});`);
    return v;
  });
  if (lines.length > 0) lines.push('');
  return {
    lines,
    entries: [
      ['functions', list(functions)],
      ['triggers', list(triggers)],
      ['views', list(views)],
      ['policies', list(policies)],
    ],
  };
}

/**
 * A materialized view's index as a declaration: `CREATE [UNIQUE] INDEX name ON v USING m (a, b)
 * [WHERE (…)]` → `{ name, columns, unique, using, where }`; anything else (key expressions,
 * options) as its whole `definition`.
 */
function viewIndexSource(name: string, definition: string, comment?: string): string {
  const m =
    /^CREATE (UNIQUE )?INDEX \S+ ON \S+ USING (\w+) \(([^()]*)\)(?: WHERE \((.*)\))?$/s.exec(
      definition,
    );
  if (!m)
    return tsObject([
      ['name', tsString(name)],
      ['definition', tsSql(definition)],
      commentEntry({ comment }),
    ]);
  const columns = m[3]!
    .split(', ')
    .map((c) => (c.startsWith('"') ? c.slice(1, -1).replaceAll('""', '"') : c));
  return tsObject([
    ['name', tsString(name)],
    ['columns', tsList(columns)],
    ['unique', m[1] === undefined ? undefined : 'true'],
    ['using', m[2] === 'btree' ? undefined : tsString(m[2]!)],
    ['where', m[4] === undefined ? undefined : tsSql(m[4])],
    commentEntry({ comment }),
  ]);
}
