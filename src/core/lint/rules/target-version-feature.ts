import type { Node } from '../ast.js';
import type { RuleFinding } from '../diagnostic.js';
import type { LintRule, RuleContext } from '../rule.js';

/**
 * Built-in functions by the PostgreSQL major version that added them (from the release notes).
 * Only unqualified or `pg_catalog.` calls count: a schema-qualified name is a user function.
 */
const FUNCTIONS: Readonly<Record<string, number>> = {
  gen_random_uuid: 13,
  gcd: 13,
  lcm: 13,
  trim_scale: 13,
  min_scale: 13,
  string_to_table: 14,
  date_bin: 14,
  bit_count: 14,
  trim_array: 14,
  range_agg: 14,
  unistr: 14,
  regexp_count: 15,
  regexp_instr: 15,
  regexp_like: 15,
  regexp_substr: 15,
  any_value: 16,
  array_sample: 16,
  array_shuffle: 16,
  random_normal: 16,
  pg_input_is_valid: 16,
  pg_input_error_info: 16,
  to_bin: 16,
  to_oct: 16,
  uuid_extract_timestamp: 17,
  uuid_extract_version: 17,
  uuidv4: 18,
  uuidv7: 18,
  casefold: 18,
  array_reverse: 18,
  array_sort: 18,
};

/** Types by the version that added them. */
const TYPES: Readonly<Record<string, number>> = {
  datemultirange: 14,
  int4multirange: 14,
  int8multirange: 14,
  nummultirange: 14,
  tsmultirange: 14,
  tstzmultirange: 14,
};

/** Parse-tree nodes that are syntax added in a version. */
const NODES: Readonly<Record<string, { version: number; what: string }>> = {
  MergeStmt: { version: 15, what: 'MERGE' },
  JsonObjectConstructor: { version: 16, what: 'JSON_OBJECT()' },
  JsonArrayConstructor: { version: 16, what: 'JSON_ARRAY()' },
  JsonArrayQueryConstructor: { version: 16, what: 'JSON_ARRAY(query)' },
  JsonObjectAgg: { version: 16, what: 'JSON_OBJECTAGG()' },
  JsonArrayAgg: { version: 16, what: 'JSON_ARRAYAGG()' },
  JsonIsPredicate: { version: 16, what: 'IS JSON' },
  JsonTable: { version: 17, what: 'JSON_TABLE' },
  JsonFuncExpr: { version: 17, what: 'JSON_QUERY / JSON_VALUE / JSON_EXISTS' },
  JsonParseExpr: { version: 17, what: 'JSON()' },
  JsonScalarExpr: { version: 17, what: 'JSON_SCALAR()' },
  JsonSerializeExpr: { version: 17, what: 'JSON_SERIALIZE()' },
};

/** Options of a node body that are syntax added in a version. */
/** The node kinds {@link optionFeatures} looks into (most nodes of a statement are none of them). */
const OPTION_KINDS = new Set([
  'AlterTableCmd',
  'ColumnDef',
  'CommonTableExpr',
  'Constraint',
  'CreateTrigStmt',
  'IndexStmt',
  'MergeStmt',
  'PartitionCmd',
]);

function optionFeatures(kind: string, body: Node): { version: number; what: string }[] {
  const out: { version: number; what: string }[] = [];
  if ((kind === 'IndexStmt' || kind === 'Constraint') && body['nulls_not_distinct'] === true)
    out.push({ version: 15, what: 'NULLS NOT DISTINCT' });
  if (kind === 'Constraint' && Array.isArray(body['fk_del_set_cols']))
    out.push({ version: 15, what: 'ON DELETE SET NULL / SET DEFAULT (column list)' });
  if (kind === 'MergeStmt' && Array.isArray(body['returningList']))
    out.push({ version: 17, what: 'MERGE … RETURNING' });
  if (kind === 'ColumnDef' && typeof body['compression'] === 'string')
    out.push({ version: 14, what: 'column COMPRESSION' });
  if (kind === 'PartitionCmd' && body['concurrent'] === true)
    out.push({ version: 14, what: 'DETACH PARTITION … CONCURRENTLY' });
  if (kind === 'CreateTrigStmt' && body['replace'] === true)
    out.push({ version: 14, what: 'CREATE OR REPLACE TRIGGER' });
  if (kind === 'CommonTableExpr' && (body['search_clause'] || body['cycle_clause']))
    out.push({ version: 14, what: 'SEARCH / CYCLE clause of a recursive WITH' });
  if (kind === 'AlterTableCmd') {
    if (body['subtype'] === 'AT_SetCompression')
      out.push({ version: 14, what: 'ALTER COLUMN … SET COMPRESSION' });
    if (body['subtype'] === 'AT_SetExpression')
      out.push({ version: 17, what: 'ALTER COLUMN … SET EXPRESSION' });
  }
  return out;
}

function lastName(list: unknown): { name: string; qualifier: string | undefined } | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const sval = (item: unknown): string | undefined =>
    (item as { String?: { sval?: string } } | null)?.String?.sval;
  const name = sval(list[list.length - 1]);
  if (name === undefined) return undefined;
  return { name, qualifier: list.length > 1 ? sval(list[list.length - 2]) : undefined };
}

interface Feature {
  readonly version: number;
  readonly what: string;
  readonly function?: string;
}

/** Every version-specific feature in a statement's tree (each once). */
export function versionFeatures(ast: Node): Feature[] {
  // Most statements have no feature: the map is made for the first one found.
  let found: Map<string, Feature> | undefined;
  const add = (f: Feature): void => {
    found ??= new Map();
    if (!found.has(f.what)) found.set(f.what, f);
  };
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    // for…in, not Object.entries: a data migration's statements are tens of thousands of trees
    // walked here, and the entry arrays were most of this rule's time.
    for (const key in value as Node) {
      const child = (value as Node)[key];
      if (child === null || typeof child !== 'object') continue;
      // Column and cast types sit under a lowercase `typeName` key, unwrapped.
      if (key === 'typeName' && !Array.isArray(child)) {
        const type = lastName((child as Node)['names']);
        const version = type ? TYPES[type.name] : undefined;
        if (type && version !== undefined) add({ version, what: `type ${type.name}` });
      }
      // A wrapped node: `{ Kind: body }` with an uppercase key.
      if (!Array.isArray(child) && key.charCodeAt(0) >= 65 && key.charCodeAt(0) <= 90) {
        const body = child as Node;
        const node = NODES[key];
        if (node) add(node);
        if (OPTION_KINDS.has(key)) for (const f of optionFeatures(key, body)) add(f);
        if (key === 'FuncCall') {
          const fn = lastName(body['funcname']);
          const version = fn ? FUNCTIONS[fn.name] : undefined;
          if (
            fn &&
            version !== undefined &&
            (fn.qualifier === undefined || fn.qualifier === 'pg_catalog')
          )
            add({ version, what: `${fn.name}()`, function: fn.name });
        } else if (key === 'TypeName') {
          const type = lastName(body['names']);
          const version = type ? TYPES[type.name] : undefined;
          if (type && version !== undefined) add({ version, what: `type ${type.name}` });
        }
      }
      stack.push(child);
    }
  }
  return found === undefined ? [] : [...found.values()];
}

export const targetVersionFeature: LintRule = {
  code: 'RT401',
  name: 'target-version-feature',
  severity: 'error',
  summary:
    'A function, type or syntax newer than lint.targetVersion fails on the oldest server the migrations must run on.',
  example: {
    bad: 'INSERT INTO api_keys (id, user_id) SELECT gen_random_uuid(), id FROM users',
    good: 'CREATE EXTENSION IF NOT EXISTS pgcrypto;\nINSERT INTO api_keys (id, user_id) SELECT gen_random_uuid(), id FROM users',
  },
  check(ctx: RuleContext): RuleFinding[] {
    if (ctx.targetVersion >= 18) return [];
    const out: RuleFinding[] = [];
    for (const f of versionFeatures(ctx.statement.ast)) {
      if (f.version <= ctx.targetVersion) continue;
      // pgcrypto provides gen_random_uuid() on every version.
      if (f.function === 'gen_random_uuid' && ctx.extensions.has('pgcrypto')) continue;
      out.push({
        message: `${f.what} needs PostgreSQL ${f.version}; lint.targetVersion is ${ctx.targetVersion}.`,
        impact: `On PostgreSQL ${ctx.targetVersion}${f.version - 1 > ctx.targetVersion ? `–${f.version - 1}` : ''} the statement fails (${f.function ? `function ${f.function}() does not exist` : 'syntax error or unsupported option'}), leaving the migration half done or rolled back.`,
        safeAlternative:
          f.function === 'gen_random_uuid'
            ? 'Create the pgcrypto extension in an earlier statement or migration (`CREATE EXTENSION IF NOT EXISTS pgcrypto`, it provides gen_random_uuid()), or set lint.targetVersion to 13 if every server runs 13 or newer.'
            : `Write it without ${f.what}, or set lint.targetVersion to ${f.version} if every server the migrations run on is PostgreSQL ${f.version} or newer.`,
      });
    }
    return out;
  },
};
