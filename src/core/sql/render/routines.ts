import { InvalidOperationError } from '../../ops/op-errors.js';
import { quoteIdent, quoteQualified } from '../quote.js';
import { inTransaction, type Renderer } from './context.js';
import { sqlText } from './fragments.js';

/*
 * Functions, procedures, triggers, views, row-level security and policies. A function's or a
 * trigger's definition is one whole statement (as pg_get_functiondef / pg_get_triggerdef print
 * it), sent as written; names are quoted everywhere else.
 */

const ifExists = (flag: boolean | undefined): string => (flag === true ? 'IF EXISTS ' : '');
const cascade = (flag: boolean | undefined): string => (flag === true ? ' CASCADE' : '');

/** One statement without its trailing semicolon; refuses anything that is not `what`. */
function definitionOf(method: string, text: string, starts: RegExp, what: string): string {
  const trimmed = text.trim().replace(/;\s*$/, '');
  if (!starts.test(trimmed))
    throw new InvalidOperationError(method, `the definition must be a ${what} statement`);
  return trimmed;
}

/** Argument types of DROP FUNCTION: SQL type syntax, no statement separators or comments. */
function argTypes(args: string): string {
  if (/;|--|\/\*/.test(args))
    throw new InvalidOperationError('dropFunction', '`args` must be argument types only');
  return `(${args})`;
}

export const renderCreateFunction: Renderer<'CreateFunction'> = (op) => [
  inTransaction(
    definitionOf(
      'createFunction',
      sqlText(op.definition),
      /^CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE)\b/i,
      'CREATE [OR REPLACE] FUNCTION or PROCEDURE',
    ),
  ),
];

export const renderDropFunction: Renderer<'DropFunction'> = (op) => [
  inTransaction(
    `DROP ${op.procedure === true ? 'PROCEDURE' : 'FUNCTION'} ${ifExists(op.ifExists)}${quoteQualified(op.name, op.schema)}` +
      (op.args === undefined ? '' : argTypes(op.args)) +
      cascade(op.cascade),
  ),
];

export const renderCreateTrigger: Renderer<'CreateTrigger'> = (op) => [
  inTransaction(
    definitionOf(
      'createTrigger',
      sqlText(op.definition),
      /^CREATE\s+(OR\s+REPLACE\s+)?(CONSTRAINT\s+)?TRIGGER\b/i,
      'CREATE TRIGGER',
    ),
  ),
];

export const renderDropTrigger: Renderer<'DropTrigger'> = (op) => [
  inTransaction(
    `DROP TRIGGER ${ifExists(op.ifExists)}${quoteIdent(op.name)} ON ${quoteQualified(op.table, op.schema)}`,
  ),
];

export const renderCreateView: Renderer<'CreateView'> = (op) => {
  if (op.materialized === true && op.orReplace === true)
    throw new InvalidOperationError('createView', 'a materialized view cannot be OR REPLACE');
  const query = sqlText(op.query).trim().replace(/;\s*$/, '');
  return [
    inTransaction(
      `CREATE ${op.orReplace === true ? 'OR REPLACE ' : ''}${op.materialized === true ? 'MATERIALIZED ' : ''}VIEW ${quoteQualified(op.name, op.schema)} AS ${query}` +
        (op.materialized === true && op.withNoData === true ? ' WITH NO DATA' : ''),
    ),
  ];
};

export const renderDropView: Renderer<'DropView'> = (op) => [
  inTransaction(
    `DROP ${op.materialized === true ? 'MATERIALIZED ' : ''}VIEW ${ifExists(op.ifExists)}${quoteQualified(op.name, op.schema)}${cascade(op.cascade)}`,
  ),
];

export const renderSetRowLevelSecurity: Renderer<'SetRowLevelSecurity'> = (op) => {
  const actions: string[] = [];
  if (op.enabled !== undefined)
    actions.push(`${op.enabled ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`);
  if (op.force !== undefined) actions.push(`${op.force ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`);
  if (actions.length === 0)
    throw new InvalidOperationError('setRowLevelSecurity', 'give `enabled` or `force`');
  return [
    inTransaction(`ALTER TABLE ${quoteQualified(op.table, op.schema)} ${actions.join(', ')}`),
  ];
};

/** Role names are identifiers, except the keywords PUBLIC, CURRENT_USER and SESSION_USER. */
function roleName(role: string): string {
  const keyword = role.toLowerCase();
  if (keyword === 'public' || keyword === 'current_user' || keyword === 'session_user')
    return keyword.toUpperCase();
  return quoteIdent(role);
}

export const renderCreatePolicy: Renderer<'CreatePolicy'> = (op) => {
  let text = `CREATE POLICY ${quoteIdent(op.name)} ON ${quoteQualified(op.table, op.schema)}`;
  if (op.restrictive === true) text += ' AS RESTRICTIVE';
  if (op.command !== undefined && op.command !== 'all') text += ` FOR ${op.command.toUpperCase()}`;
  if (op.roles !== undefined && op.roles.length > 0)
    text += ` TO ${op.roles.map(roleName).join(', ')}`;
  if (op.using !== undefined) text += ` USING (${sqlText(op.using)})`;
  if (op.withCheck !== undefined) text += ` WITH CHECK (${sqlText(op.withCheck)})`;
  return [inTransaction(text)];
};

export const renderDropPolicy: Renderer<'DropPolicy'> = (op) => [
  inTransaction(
    `DROP POLICY ${ifExists(op.ifExists)}${quoteIdent(op.name)} ON ${quoteQualified(op.table, op.schema)}`,
  ),
];
