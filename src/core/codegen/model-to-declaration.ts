import { enumOfType, parseIndexKey } from '../model/enum-of-type.js';
import type {
  ColumnModel,
  ForeignKeyModel,
  SchemaModel,
  TableModel,
} from '../model/schema-model.js';
import { qualifiedKey } from '../model/schema-model.js';
import {
  tsDefault,
  tsKey,
  tsList,
  tsObject,
  tsSql,
  tsString,
  wrapLongLines,
} from './ts-literal.js';
import { typeDeclarations } from './types-to-declaration.js';
import { routinesToDeclaration } from './routines-to-declaration.js';
import { partitionKeySource, partitionsToDeclaration } from './partitions-to-declaration.js';
import { commentEntry } from './comment-source.js';

/** Builder calls for format_type spellings that have one. */
const simpleTypes: Record<string, string> = {
  smallint: 'smallint()',
  integer: 'integer()',
  bigint: 'bigint()',
  smallserial: 'smallserial()',
  serial: 'serial()',
  bigserial: 'bigserial()',
  real: 'real()',
  'double precision': 'doublePrecision()',
  numeric: 'numeric()',
  text: 'text()',
  'character varying': 'varchar()',
  character: 'char()',
  boolean: 'boolean()',
  date: 'date()',
  interval: 'interval()',
  uuid: 'uuid()',
  json: 'json()',
  jsonb: 'jsonb()',
  bytea: 'bytea()',
  inet: 'inet()',
  cidr: 'cidr()',
  tsvector: 'tsvector()',
  'timestamp without time zone': 'timestamp()',
  'timestamp with time zone': 'timestamptz()',
  'time without time zone': 'time()',
  'time with time zone': 'time({ withTimeZone: true })',
};

function typeCall(type: string, names: Names, model: SchemaModel): string {
  const custom = names.custom?.(type);
  if (custom !== undefined) return custom;
  const found = enumOfType(type, model.enums);
  if (found)
    return `${names.enum(found.enum.schema, found.enum.name)}()${found.array ? '.array()' : ''}`;
  const array = type.endsWith('[]');
  const base = array ? type.slice(0, -2) : type;
  const suffix = array ? '.array()' : '';
  const simple = simpleTypes[base];
  if (simple) return simple + suffix;
  let m = /^numeric\((\d+),(\d+)\)$/.exec(base);
  if (m) return `numeric(${m[1]}, ${m[2]})${suffix}`;
  m = /^character varying\((\d+)\)$/.exec(base);
  if (m) return `varchar(${m[1]})${suffix}`;
  m = /^character\((\d+)\)$/.exec(base);
  if (m) return `char(${m[1]})${suffix}`;
  m = /^(timestamp|time)\((\d+)\) with(out)? time zone$/.exec(base);
  if (m) {
    const options = m[3] ? `{ precision: ${m[2]} }` : `{ precision: ${m[2]}, withTimeZone: true }`;
    return `${m[1]}(${options})${suffix}`;
  }
  return `columnOfType(${tsString(type)})`;
}

interface Names {
  table(schema: string, name: string): string;
  enum(schema: string, name: string): string;
  /** Domains and composite types: their builder call. */
  custom?(type: string): string | undefined;
}

function identifier(text: string, taken: Set<string>): string {
  const camel = text
    .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))
    .replace(/^[0-9]/, (d) => `_${d}`);
  let name = camel === '' ? 'item' : camel[0]!.toLowerCase() + camel.slice(1);
  if (reserved.has(name)) name = `${name}Table`;
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}${i}`;
  taken.add(candidate);
  return candidate;
}

const reserved = new Set([
  'default',
  'delete',
  'new',
  'class',
  'function',
  'import',
  'export',
  'return',
  'table',
  'index',
  'check',
  'unique',
  'sql',
  'enum',
  'var',
  'let',
  'const',
  'this',
  'in',
  'of',
  'do',
  'if',
  'for',
  'while',
  'switch',
  'case',
  'try',
  'catch',
  'throw',
  'typeof',
  'void',
  'with',
  'yield',
  'await',
  'super',
  'null',
  'true',
  'false',
  'extends',
  'static',
  'public',
  'package',
  'interface',
]);

const column = (name: string): string =>
  tsKey(name) === name ? `t.${name}` : `t[${tsString(name)}]`;

/**
 * A declaration file (TypeScript source) describing `model`: what `retort pull` writes. Loading
 * it and normalising gives back the same model, so `retort check` finds it identical.
 *
 * @example
 * const source = modelToDeclaration(await introspectDatabase(db));
 */
export function modelToDeclaration(model: SchemaModel): string {
  const taken = new Set<string>();
  const tableNames = new Map<string, string>();
  const enumNames = new Map<string, string>();
  for (const e of model.enums)
    enumNames.set(
      qualifiedKey(e.schema, e.name),
      identifier(`${e.schema === 'public' ? '' : `${e.schema}_`}${e.name}`, taken),
    );
  for (const t of model.tables)
    tableNames.set(
      qualifiedKey(t.schema, t.name),
      identifier(`${t.schema === 'public' ? '' : `${t.schema}_`}${t.name}`, taken),
    );
  const names: Names = {
    table: (s, n) => tableNames.get(qualifiedKey(s, n)) ?? 'unknownTable',
    enum: (s, n) => enumNames.get(qualifiedKey(s, n)) ?? 'unknownEnum',
    custom: (type) => types.custom(type),
  };
  const types = typeDeclarations(
    model,
    (text) => identifier(text, taken),
    (type) => typeCall(type, { ...names, custom: undefined }, model),
  );
  const schemas = [
    ...new Set([
      ...model.schemas,
      ...model.tables.map((t) => t.schema),
      ...model.enums.map((e) => e.schema),
      ...model.sequences.map((s) => s.schema),
      ...[...model.domains, ...model.compositeTypes, ...model.collations].map((t) => t.schema),
    ]),
  ].filter((s) => s !== 'public');
  const schemaVars = new Map(schemas.map((s) => [s, identifier(`${s}Schema`, taken)]));
  const used = new Set<string>(['defineSchema']);
  const out: string[] = [];

  for (const [schema, variable] of schemaVars) {
    used.add('pgSchema');
    out.push(`export const ${variable} = pgSchema(${tsString(schema)});`);
  }
  if (schemaVars.size > 0) out.push('');
  for (const e of model.enums) {
    const owner =
      e.schema === 'public'
        ? (used.add('enumType'), 'enumType')
        : `${schemaVars.get(e.schema)!}.enumType`;
    out.push(
      `export const ${names.enum(e.schema, e.name)} = ${owner}(${tsString(e.name)}, ${tsList(e.values)}${e.comment === undefined ? '' : `, ${tsObject([commentEntry(e)])}`});`,
    );
  }
  if (model.enums.length > 0) out.push('');
  const sequenceVars: string[] = [];
  for (const s of model.sequences) {
    const variable = identifier(`${s.schema === 'public' ? '' : `${s.schema}_`}${s.name}`, taken);
    sequenceVars.push(variable);
    const owner =
      s.schema === 'public'
        ? (used.add('sequence'), 'sequence')
        : `${schemaVars.get(s.schema)!}.sequence`;
    out.push(
      `export const ${variable} = ${owner}(${tsString(s.name)}, ${tsObject([
        ['type', tsString(s.type)],
        ['start', `${s.start}n`],
        ['increment', `${s.increment}n`],
        ['min', `${s.min}n`],
        ['max', `${s.max}n`],
        ['cache', `${s.cache}n`],
        ['cycle', s.cycle ? 'true' : undefined],
        [
          'ownedBy',
          s.ownedBy === undefined
            ? undefined
            : tsObject([
                ['table', tsString(s.ownedBy.table)],
                ['column', tsString(s.ownedBy.column)],
              ]),
        ],
        commentEntry(s),
      ])});`,
    );
  }
  if (model.sequences.length > 0) out.push('');
  for (const name of types.imports) used.add(name);
  if (types.lines.length > 0) out.push(...types.lines, '');

  for (const table of model.tables) {
    out.push(...tableSource(table, model, names, schemaVars, used), '');
  }

  const routines = routinesToDeclaration(model, {
    variable: (base) => identifier(base, taken),
    table: (s, n) => names.table(s, n),
    use: (name) => used.add(name),
  });
  out.push(...routines.lines);
  const partitions = partitionsToDeclaration(model, {
    variable: (base) => identifier(base, taken),
    table: (s, n) => names.table(s, n),
    use: (name) => used.add(name),
  });
  out.push(...partitions.lines);

  const extensionList = model.extensions.map((e) => e.name);
  out.push(
    `export default defineSchema(${tsObject([
      ['schemas', model.schemas.length > 0 ? schemasSource(model) : undefined],
      ['extensions', extensionList.length > 0 ? tsList(extensionList) : undefined],
      [
        'enums',
        model.enums.length > 0
          ? `[${model.enums.map((e) => names.enum(e.schema, e.name)).join(', ')}]`
          : undefined,
      ],
      ['sequences', sequenceVars.length > 0 ? `[${sequenceVars.join(', ')}]` : undefined],
      ['tables', `[${model.tables.map((t) => names.table(t.schema, t.name)).join(', ')}]`],
      ...types.entries,
      ...routines.entries,
      ...partitions.entries,
    ])});`,
  );
  // Builder calls only: text inside string and template literals (`'varchar(255)'`,
  // sql`now()`) is no call, and importing it would leave an unused import.
  const code = out
    .join('\n')
    .replace(/'(?:[^'\\\n]|\\.)*'/g, "''")
    .replace(/`(?:[^`\\]|\\.)*`/g, '``');
  for (const line of code.matchAll(/\b([a-zA-Z]+)\(/g))
    if (builderNames.has(line[1]!)) used.add(line[1]!);
  if (out.some((l) => l.includes('sql`'))) used.add('sql');
  const imports = [...used].sort();
  return wrapLongLines(
    [
      '/**',
      ' * Schema declaration written by `retort pull`. Edit it, then run',
      ' * `retort revision --autogenerate -m "…"` to turn your edits into a migration.',
      ' */',
      `import {\n${imports.map((i) => `  ${i},`).join('\n')}\n} from 'retort-pg';`,
      '',
      ...out,
      '',
    ].join('\n'),
  );
}

const builderNames = new Set([
  ...Object.values(simpleTypes).map((c) => c.slice(0, c.indexOf('('))),
  'numeric',
  'varchar',
  'char',
  'time',
  'timestamp',
  'columnOfType',
  'table',
  'index',
  'uniqueIndex',
  'unique',
  'check',
  'primaryKey',
  'foreignKey',
  'desc',
  'asc',
  'opclass',
  'collateKey',
  'exclude',
]);

/** `['audit', { name: 'billing', comment: '…' }]`: the schemas, with their comments. */
function schemasSource(model: SchemaModel): string {
  const comments = model.schemaComments ?? {};
  return `[${model.schemas
    .map((s) =>
      comments[s] === undefined
        ? tsString(s)
        : tsObject([
            ['name', tsString(s)],
            ['comment', tsString(comments[s])],
          ]),
    )
    .join(', ')}]`;
}

function defaultName(table: string, columns: readonly string[], suffix: string): string {
  return `${table}_${columns.join('_')}_${suffix}`;
}

function referenceOptions(fk: ForeignKeyModel, table: string): string {
  return tsObject([
    [
      'name',
      fk.name === defaultName(table, fk.columns, 'fkey') && fk.comment === undefined
        ? undefined
        : tsString(fk.name ?? ''),
    ],
    ['onDelete', fk.onDelete === 'no action' ? undefined : tsString(fk.onDelete)],
    ['onUpdate', fk.onUpdate === 'no action' ? undefined : tsString(fk.onUpdate)],
    ['deferrable', fk.deferrable ? 'true' : undefined],
    ['initiallyDeferred', fk.initiallyDeferred ? 'true' : undefined],
    ['match', fk.match === 'full' ? tsString('full') : undefined],
    commentEntry(fk),
  ]);
}

/** `deferrable: true, initiallyDeferred: true` entries of a key's options. */
function deferralEntries(key: {
  readonly deferrable?: boolean | undefined;
  readonly initiallyDeferred?: boolean | undefined;
}): [string, string | undefined][] {
  return [
    ['deferrable', key.deferrable === true ? 'true' : undefined],
    ['initiallyDeferred', key.initiallyDeferred === true ? 'true' : undefined],
  ];
}

/** `{ fillfactor: 70, deduplicate_items: 'off' }`: storage parameters as the builder takes them. */
function storageSource(parameters: Readonly<Record<string, string>>): string {
  return tsObject(
    Object.entries(parameters).map(([k, v]) => [
      k,
      /^(0|[1-9]\d{0,14})$/.test(v) ? v : tsString(v),
    ]),
  );
}

function tableSource(
  table: TableModel,
  model: SchemaModel,
  names: Names,
  schemaVars: Map<string, string>,
  used: Set<string>,
): string[] {
  const pk = table.primaryKey;
  const plainPk =
    pk !== undefined &&
    pk.name === `${table.name}_pkey` &&
    !pk.deferrable &&
    pk.comment === undefined;
  const singlePk = pk && plainPk && pk.columns.length === 1 ? pk.columns[0] : undefined;
  const singleUniques = new Map<string, string | undefined>();
  const extras: string[] = [];
  for (const u of table.uniques) {
    const name =
      u.name === defaultName(table.name, u.columns, 'key') && u.comment === undefined
        ? undefined
        : u.name;
    const options = tsObject([
      ['nullsNotDistinct', u.nullsNotDistinct === true ? 'true' : undefined],
      ...deferralEntries(u),
      commentEntry(u),
    ]);
    if (u.columns.length === 1 && options === '{}' && !singleUniques.has(u.columns[0]!)) {
      singleUniques.set(u.columns[0]!, name);
    } else {
      const args = options === '{}' ? [] : [options];
      if (name !== undefined || args.length > 0)
        args.unshift(name === undefined ? 'undefined' : tsString(name));
      extras.push(`unique(${args.join(', ')}).on(${u.columns.map(column).join(', ')})`);
    }
  }
  const singleFks = new Map<string, ForeignKeyModel>();
  for (const fk of table.foreignKeys) {
    const target = `${names.table(fk.refSchema, fk.refTable)}.columns`;
    if (fk.columns.length === 1 && !singleFks.has(fk.columns[0]!)) {
      singleFks.set(fk.columns[0]!, fk);
    } else {
      const options = referenceOptions(fk, table.name).slice(1, -1).trim();
      extras.push(
        `foreignKey({ columns: [${fk.columns.map(column).join(', ')}], references: () => [${fk.refColumns.map((c) => `${target}${tsKey(c) === c ? `.${c}` : `[${tsString(c)}]`}`).join(', ')}]${options === '' ? '' : `, ${options}`} })`,
      );
    }
  }
  if (pk && singlePk === undefined) {
    extras.unshift(
      plainPk
        ? `primaryKey(${pk.columns.map(column).join(', ')})`
        : `primaryKey(${tsObject([
            ['name', pk.name === `${table.name}_pkey` ? undefined : tsString(pk.name ?? '')],
            ['columns', `[${pk.columns.map(column).join(', ')}]`],
            ...deferralEntries(pk),
            commentEntry(pk),
          ])})`,
    );
  }
  for (const c of table.checks) {
    const options = tsObject([
      ['notValid', c.notValid === true ? 'true' : undefined],
      ['noInherit', c.noInherit === true ? 'true' : undefined],
      commentEntry(c),
    ]);
    extras.push(
      `check(${tsString(c.name ?? '')}, ${tsSql(c.expression)}${options === '{}' ? '' : `, ${options}`})`,
    );
  }
  for (const index of table.indexes) {
    const keys = index.keys.map(keySource);
    let call = `${index.unique ? 'uniqueIndex' : 'index'}(${tsString(index.name ?? '')}).on(${keys.join(', ')})`;
    if (index.method !== 'btree') call += `.using(${tsString(index.method)})`;
    if (index.include.length > 0) call += `.include(${index.include.map(column).join(', ')})`;
    if (index.nullsNotDistinct === true) call += '.nullsNotDistinct()';
    if (index.with !== undefined) call += `.with(${storageSource(index.with)})`;
    if (index.where !== undefined) call += `.where(${tsSql(index.where)})`;
    if (index.comment !== undefined) call += `.comment(${tsString(index.comment)})`;
    extras.push(call);
  }

  for (const x of table.exclusions ?? []) {
    const options = tsObject([...deferralEntries(x), commentEntry(x)]);
    const args = options === '{}' ? [] : [options];
    if (x.name !== undefined || args.length > 0)
      args.unshift(x.name === undefined ? 'undefined' : tsString(x.name));
    let call = `exclude(${args.join(', ')})`;
    if (x.method !== 'gist') call += `.using(${tsString(x.method)})`;
    call += `.on(${x.elements.map((e) => `[${keySource(e.key)}, ${tsString(e.operator)}]`).join(', ')})`;
    if (x.where !== undefined) call += `.where(${tsSql(x.where)})`;
    extras.push(call);
  }

  if (table.partitionBy !== undefined) {
    used.add('partitionBy');
    extras.push(partitionKeySource(table.partitionBy, table, column));
  }
  const columns = table.columns.map(
    (c) =>
      `  ${tsKey(c.name)}: ${columnSource(c, table, model, names, singlePk, singleUniques, singleFks)},`,
  );
  const owner =
    table.schema === 'public'
      ? (used.add('table'), 'table')
      : `${schemaVars.get(table.schema)!}.table`;
  const options = tsObject([
    ['comment', table.comment === undefined ? undefined : tsString(table.comment)],
    ['unlogged', table.unlogged === true ? 'true' : undefined],
    ['with', table.with === undefined ? undefined : storageSource(table.with)],
    [
      'rowLevelSecurity',
      table.forceRowLevelSecurity === true
        ? tsString('force')
        : table.rowLevelSecurity === true
          ? 'true'
          : undefined,
    ],
  ]);
  const extrasSource =
    extras.length > 0
      ? `(t) => [\n    ${extras.join(',\n    ')},\n  ]`
      : options === '{}'
        ? undefined
        : 'undefined';
  const args = [tsString(table.name), `{\n${columns.join('\n')}\n}`];
  if (extrasSource !== undefined) args.push(extrasSource);
  if (options !== '{}') args.push(options);
  return [`export const ${names.table(table.schema, table.name)} = ${owner}(${args.join(', ')});`];
}

/** An index or exclusion key as builder source: `t.email`, sql`lower(…)`, `desc(t.at)`. */
function keySource(key: string): string {
  const parsed = parseIndexKey(key);
  let base = parsed.column !== undefined ? column(parsed.column) : tsSql(parsed.expression ?? '');
  if (parsed.collation !== undefined) base = `collateKey(${base}, ${tsString(parsed.collation)})`;
  if (parsed.opclass !== undefined) base = `opclass(${base}, ${tsString(parsed.opclass)})`;
  if (!parsed.order && !parsed.nulls) return base;
  const nulls =
    parsed.nulls === undefined || (parsed.order === 'desc' && parsed.nulls === 'first')
      ? ''
      : `, ${tsString(parsed.nulls)}`;
  return `${parsed.order === 'desc' ? 'desc' : 'asc'}(${base}${nulls})`;
}

function columnSource(
  c: ColumnModel,
  table: TableModel,
  model: SchemaModel,
  names: Names,
  singlePk: string | undefined,
  singleUniques: Map<string, string | undefined>,
  singleFks: Map<string, ForeignKeyModel>,
): string {
  let out = typeCall(c.type, names, model);
  if (c.identity !== undefined) {
    const o = c.identityOptions ?? {};
    const n = (v: string | undefined): string | undefined =>
      v === undefined ? undefined : /^-?\d{1,15}$/.test(v) ? v : `${v}n`;
    const options = tsObject([
      ['always', c.identity === 'always' ? undefined : 'false'],
      ['start', n(o.start)],
      ['increment', n(o.increment)],
      ['min', n(o.min)],
      ['max', n(o.max)],
      ['cache', n(o.cache)],
      ['cycle', o.cycle === true ? 'true' : undefined],
    ]);
    out += options === '{}' ? '.identity()' : `.identity(${options})`;
  }
  if (c.name === singlePk) out += '.primaryKey()';
  else if (c.notNull && c.identity === undefined) out += '.notNull()';
  if (singleUniques.has(c.name)) {
    const name = singleUniques.get(c.name);
    out += `.unique(${name === undefined ? '' : tsString(name)})`;
  }
  if (c.default !== undefined) out += `.default(${tsDefault(c.default, c.type)})`;
  if (c.generated !== undefined) out += `.generatedAs(${tsSql(c.generated)})`;
  if (c.collation !== undefined) out += `.collate(${tsString(c.collation)})`;
  const fk = singleFks.get(c.name);
  if (fk) {
    const target = `${names.table(fk.refSchema, fk.refTable)}.columns${tsKey(fk.refColumns[0]!) === fk.refColumns[0] ? `.${fk.refColumns[0]!}` : `[${tsString(fk.refColumns[0]!)}]`}`;
    const options = referenceOptions(fk, table.name);
    out += `.references(() => ${target}${options === '{}' ? '' : `, ${options}`})`;
  }
  if (c.comment !== undefined) out += `.comment(${tsString(c.comment)})`;
  return out;
}
