import { InvalidOperationError } from '../../ops/op-errors.js';
import type { DomainCheck, IdentitySequenceOptions } from '../../ops/type-operations.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';
import { inTransaction, type Renderer } from './context.js';
import { renderColumnType, sqlText } from './fragments.js';

/*
 * Domains, composite types, collations, grants and identity columns. Names are quoted; types go
 * through renderColumnType; defaults and check expressions are SQL the caller wrote.
 */

const ifExists = (flag: boolean | undefined): string => (flag === true ? 'IF EXISTS ' : '');
const cascade = (flag: boolean | undefined): string => (flag === true ? ' CASCADE' : '');
const collate = (c: string | undefined): string =>
  c === undefined ? '' : ` COLLATE ${quoteIdent(c)}`;

function check(c: DomainCheck): string {
  return `${c.name === undefined ? '' : `CONSTRAINT ${quoteIdent(c.name)} `}CHECK (${sqlText(c.expression)})`;
}

export const renderCreateDomain: Renderer<'CreateDomain'> = (op) => {
  let text = `CREATE DOMAIN ${quoteQualified(op.name, op.schema)} AS ${renderColumnType(op.type)}${collate(op.collate)}`;
  if (op.default !== undefined) text += ` DEFAULT ${sqlText(op.default)}`;
  if (op.notNull === true) text += ' NOT NULL';
  for (const c of op.checks ?? [])
    text += ` ${check(typeof c === 'object' && 'expression' in c ? c : { expression: c })}`;
  return [inTransaction(text)];
};

export const renderAlterDomain: Renderer<'AlterDomain'> = (op) => {
  const name = `ALTER DOMAIN ${quoteQualified(op.name, op.schema)}`;
  const actions: string[] = [];
  if (op.dropConstraint !== undefined)
    actions.push(`DROP CONSTRAINT ${quoteIdent(op.dropConstraint)}`);
  if (op.default !== undefined && op.dropDefault === true)
    throw new InvalidOperationError('alterDomain', 'give `default` or `dropDefault`, not both');
  if (op.default !== undefined) actions.push(`SET DEFAULT ${sqlText(op.default)}`);
  if (op.dropDefault === true) actions.push('DROP DEFAULT');
  if (op.notNull !== undefined) actions.push(`${op.notNull ? 'SET' : 'DROP'} NOT NULL`);
  if (op.addCheck !== undefined) actions.push(`ADD ${check(op.addCheck)}`);
  if (actions.length === 0)
    throw new InvalidOperationError(
      'alterDomain',
      'give `default`, `dropDefault`, `notNull`, `addCheck` or `dropConstraint`',
    );
  // ALTER DOMAIN takes one action per statement.
  return actions.map((action) => inTransaction(`${name} ${action}`));
};

export const renderDropDomain: Renderer<'DropDomain'> = (op) => [
  inTransaction(
    `DROP DOMAIN ${ifExists(op.ifExists)}${quoteQualified(op.name, op.schema)}${cascade(op.cascade)}`,
  ),
];

export const renderCreateType: Renderer<'CreateType'> = (op) => {
  const attributes = Object.entries(op.attributes).map(([name, a]) =>
    typeof a === 'object' && 'type' in a
      ? `${quoteIdent(name)} ${renderColumnType(a.type)}${collate(a.collate)}`
      : `${quoteIdent(name)} ${renderColumnType(a)}`,
  );
  return [
    inTransaction(
      `CREATE TYPE ${quoteQualified(op.name, op.schema)} AS (${attributes.join(', ')})`,
    ),
  ];
};

export const renderDropType: Renderer<'DropType'> = (op) => [
  inTransaction(
    `DROP TYPE ${ifExists(op.ifExists)}${quoteQualified(op.name, op.schema)}${cascade(op.cascade)}`,
  ),
];

export const renderCreateCollation: Renderer<'CreateCollation'> = (op) => {
  const options = [`provider = ${op.provider ?? 'libc'}`];
  if (!['libc', 'icu', 'builtin'].includes(op.provider ?? 'libc'))
    throw new InvalidOperationError('createCollation', '`provider` is libc, icu or builtin');
  if (op.locale !== undefined) options.push(`locale = ${quoteLiteral(op.locale)}`);
  if (op.lcCollate !== undefined) options.push(`lc_collate = ${quoteLiteral(op.lcCollate)}`);
  if (op.lcCtype !== undefined) options.push(`lc_ctype = ${quoteLiteral(op.lcCtype)}`);
  if (op.deterministic === false) options.push('deterministic = false');
  return [
    inTransaction(`CREATE COLLATION ${quoteQualified(op.name, op.schema)} (${options.join(', ')})`),
  ];
};

export const renderDropCollation: Renderer<'DropCollation'> = (op) => [
  inTransaction(
    `DROP COLLATION ${ifExists(op.ifExists)}${quoteQualified(op.name, op.schema)}${cascade(op.cascade)}`,
  ),
];

const list = <T>(v: T | readonly T[]): readonly T[] => (Array.isArray(v) ? v : [v as T]);

/** `SELECT, INSERT`: privilege keywords, checked (they cannot be quoted). */
function privileges(method: string, value: string | readonly string[]): string {
  const all = list(value).map((p) => p.trim().toUpperCase());
  const bad = all.find((p) => !/^[A-Z]+( [A-Z]+)?$/.test(p));
  if (bad !== undefined || all.length === 0)
    throw new InvalidOperationError(
      method,
      `${JSON.stringify(bad ?? '')} is not a privilege (SELECT, INSERT, UPDATE, USAGE, EXECUTE, ALL, …)`,
    );
  return all.join(', ');
}

/** Role names, quoted, except the keyword PUBLIC. */
function grantees(value: string | readonly string[]): string {
  return list(value)
    .map((r) => (r.toUpperCase() === 'PUBLIC' ? 'PUBLIC' : quoteIdent(r)))
    .join(', ');
}

/** `TABLE "s"."t"`, `SCHEMA "s"`, `FUNCTION "s"."f"(uuid)`. */
function grantObject(
  method: string,
  op: { objectType: string; name: string; schema?: string | undefined; args?: string | undefined },
): string {
  switch (op.objectType) {
    case 'schema':
      return `SCHEMA ${quoteIdent(op.name)}`;
    case 'function':
      if (op.args !== undefined && /;|--|\/\*/.test(op.args))
        throw new InvalidOperationError(method, '`args` must be argument types only');
      return `FUNCTION ${quoteQualified(op.name, op.schema)}(${op.args ?? ''})`;
    case 'table':
    case 'sequence':
      return `${op.objectType.toUpperCase()} ${quoteQualified(op.name, op.schema)}`;
    default:
      throw new InvalidOperationError(
        method,
        `cannot grant on ${JSON.stringify(op.objectType)}: table, sequence, schema or function`,
      );
  }
}

export const renderGrant: Renderer<'Grant'> = (op) => [
  inTransaction(
    `GRANT ${privileges('grant', op.privileges)} ON ${grantObject('grant', op)} TO ${grantees(op.grantees)}${op.withGrantOption === true ? ' WITH GRANT OPTION' : ''}`,
  ),
];

export const renderRevoke: Renderer<'Revoke'> = (op) => [
  inTransaction(
    `REVOKE ${privileges('revoke', op.privileges)} ON ${grantObject('revoke', op)} FROM ${grantees(op.grantees)}${cascade(op.cascade)}`,
  ),
];

/** `SET INCREMENT BY 10 SET START WITH 100 …`: the options given, as ALTER COLUMN clauses. */
function sequenceClauses(o: IdentitySequenceOptions): string[] {
  const int = (v: number | bigint | string): string => {
    if (!/^-?\d+$/.test(String(v)))
      throw new InvalidOperationError(
        'alterIdentity',
        `sequence option ${JSON.stringify(v)} is not an integer`,
      );
    return BigInt(v).toString();
  };
  const out: string[] = [];
  if (o.increment !== undefined) out.push(`SET INCREMENT BY ${int(o.increment)}`);
  if (o.minValue !== undefined) out.push(`SET MINVALUE ${int(o.minValue)}`);
  if (o.maxValue !== undefined) out.push(`SET MAXVALUE ${int(o.maxValue)}`);
  if (o.start !== undefined) out.push(`SET START WITH ${int(o.start)}`);
  if (o.cache !== undefined) out.push(`SET CACHE ${int(o.cache)}`);
  if (o.cycle !== undefined) out.push(o.cycle ? 'SET CYCLE' : 'SET NO CYCLE');
  return out;
}

const generated = (g: 'always' | 'by default'): string =>
  g === 'always' ? 'ALWAYS' : 'BY DEFAULT';

export const renderAlterIdentity: Renderer<'AlterIdentity'> = (op) => {
  const column = `ALTER TABLE ${quoteQualified(op.table, op.schema)} ALTER COLUMN ${quoteIdent(op.column)}`;
  const given = [op.add, op.set, op.drop === true ? true : undefined].filter(
    (v) => v !== undefined,
  );
  if (given.length > 1)
    throw new InvalidOperationError('alterIdentity', 'give one of `add`, `set` and `drop`');
  const clauses = op.sequence === undefined ? [] : sequenceClauses(op.sequence);
  if (op.drop === true && clauses.length > 0)
    throw new InvalidOperationError('alterIdentity', '`drop` takes no `sequence` options');
  const out: string[] = [];
  if (op.add !== undefined) {
    // ADD GENERATED takes the sequence options in parentheses.
    const options = clauses.map((c) => c.replace(/^SET /, '')).join(' ');
    out.push(
      `${column} ADD GENERATED ${generated(op.add)} AS IDENTITY${options === '' ? '' : ` (${options})`}`,
    );
  } else if (op.drop === true) out.push(`${column} DROP IDENTITY`);
  else {
    const all = [
      ...(op.set === undefined ? [] : [`SET GENERATED ${generated(op.set)}`]),
      ...clauses,
    ];
    if (all.length === 0)
      throw new InvalidOperationError('alterIdentity', 'give `add`, `set`, `drop` or `sequence`');
    out.push(`${column} ${all.join(' ')}`);
  }
  return out.map(inTransaction);
};
