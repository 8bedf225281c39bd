import type { PolicyCommand, PolicyModel } from '../model/policies.js';
import type { RoutineModel, TriggerModel } from '../model/routines.js';
import type { ViewModel } from '../model/views.js';
import type { SqlText } from '../ops/op.js';
import { isSqlExpression } from '../ops/sql-expression.js';
import { quoteIdent, quoteQualified } from '../sql/quote.js';
import type { TableBuilder } from './table-builder.js';

/*
 * Declaring functions, procedures, triggers, views, materialized views and row-level security
 * policies. Each builder produces the SQL PostgreSQL is sent; the declaration is normalised by a
 * round trip through a scratch database, so it compares with a database in the catalog's own
 * spelling (pg_get_functiondef, pg_get_triggerdef, pg_get_viewdef, pg_get_expr).
 */

const text = (value: SqlText): string => (isSqlExpression(value) ? value.text : value).trim();
const qualified = (schema: string, name: string): string =>
  quoteQualified(name, schema === 'public' ? undefined : schema);

/** A declared function or procedure. */
export interface RoutineSpec {
  readonly kind: 'routine';
  readonly routine: RoutineModel;
}

/** Options of {@link pgFunction} and {@link pgProcedure}. */
export interface RoutineOptions {
  readonly schema?: string;
  /** The argument list as in SQL: `org uuid, n integer DEFAULT 1`. */
  readonly args?: string;
  /** The result type (functions): `uuid`, `trigger`, `SETOF projects`, `TABLE (id uuid)`. */
  readonly returns?: string;
  /** `sql` (default), `plpgsql`, … */
  readonly language?: string;
  /** The body, dollar-quoted for you. */
  readonly body?: SqlText;
  readonly volatility?: 'volatile' | 'stable' | 'immutable';
  /** RETURNS NULL ON NULL INPUT. */
  readonly strict?: boolean;
  readonly securityDefiner?: boolean;
  /** SET clauses: `{ search_path: 'public' }`. */
  readonly set?: Readonly<Record<string, string>>;
  /**
   * The whole `CREATE FUNCTION …` statement instead of the parts above (what `retort pull`
   * writes); `args` must then give the argument types.
   */
  readonly definition?: SqlText;
  /** COMMENT ON the object. */
  readonly comment?: string;
}

/** A dollar quote whose tag does not occur in the body. */
function dollarQuote(body: string): string {
  let tag = '$body$';
  for (let i = 1; body.includes(tag); i++) tag = `$body${i}$`;
  return `${tag}\n${body}\n${tag}`;
}

function routine(kind: 'function' | 'procedure', name: string, o: RoutineOptions): RoutineSpec {
  const schema = o.schema ?? 'public';
  const args = o.args ?? '';
  let definition: string;
  if (o.definition !== undefined) definition = text(o.definition);
  else {
    if (o.body === undefined)
      throw new TypeError(`${kind} ${name}: give \`body\` (or the whole \`definition\`)`);
    if (kind === 'function' && o.returns === undefined)
      throw new TypeError(`function ${name}: give \`returns\``);
    const parts = [
      `CREATE OR REPLACE ${kind.toUpperCase()} ${qualified(schema, name)}(${args})`,
      ...(kind === 'function' ? [`RETURNS ${o.returns!}`] : []),
      `LANGUAGE ${o.language ?? 'sql'}`,
      ...(o.volatility === undefined ? [] : [o.volatility.toUpperCase()]),
      ...(o.strict === true ? ['STRICT'] : []),
      ...(o.securityDefiner === true ? ['SECURITY DEFINER'] : []),
      ...Object.entries(o.set ?? {}).map(([k, v]) => `SET ${quoteIdent(k)} TO ${v}`),
      `AS ${dollarQuote(text(o.body))}`,
    ];
    definition = parts.join('\n');
  }
  return {
    kind: 'routine',
    routine: {
      schema,
      name,
      kind,
      args,
      arguments: args,
      ...(kind === 'function' && o.returns !== undefined ? { result: o.returns } : {}),
      definition,
      ...(o.comment === undefined ? {} : { comment: o.comment }),
    },
  };
}

/**
 * Declares a function (any language). Compared with the database by its normalised definition.
 *
 * @example
 * export const currentOrgId = pgFunction('current_org_id', {
 *   returns: 'uuid', language: 'sql', volatility: 'stable',
 *   body: sql`SELECT nullif(current_setting('app.current_org', true), '')::uuid`,
 * });
 */
export function pgFunction(name: string, options: RoutineOptions): RoutineSpec {
  return routine('function', name, options);
}

/** Declares a procedure. @example pgProcedure('archive_old', { language: 'plpgsql', body: '…' }) */
export function pgProcedure(name: string, options: Omit<RoutineOptions, 'returns'>): RoutineSpec {
  return routine('procedure', name, options);
}

/** A declared trigger. */
export interface TriggerSpec {
  readonly kind: 'trigger';
  readonly trigger: TriggerModel;
}

/** Options of {@link trigger}. */
export interface TriggerOptions {
  readonly table: TableBuilder;
  /** BEFORE, AFTER or INSTEAD OF. */
  readonly timing?: 'before' | 'after' | 'instead of';
  readonly events?: readonly ('insert' | 'update' | 'delete' | 'truncate')[];
  /** FOR EACH ROW (default) or STATEMENT. */
  readonly forEach?: 'row' | 'statement';
  /** The trigger function: a declared one, or its name. */
  readonly function?: RoutineSpec | string;
  readonly when?: SqlText;
  /** The whole `CREATE TRIGGER …` statement instead of the parts above. */
  readonly definition?: SqlText;
  /** COMMENT ON the object. */
  readonly comment?: string;
}

/**
 * Declares a trigger on a table.
 *
 * @example
 * trigger('projects_set_updated_at', { table: projects, timing: 'before', events: ['update'], function: setUpdatedAt })
 */
export function trigger(name: string, o: TriggerOptions): TriggerSpec {
  const { schema, name: table } = o.table;
  let definition: string;
  if (o.definition !== undefined) definition = text(o.definition);
  else {
    if (o.function === undefined || o.timing === undefined || (o.events ?? []).length === 0)
      throw new TypeError(`trigger ${name}: give \`timing\`, \`events\` and \`function\``);
    const fn =
      typeof o.function === 'string'
        ? quoteIdent(o.function)
        : qualified(o.function.routine.schema, o.function.routine.name);
    definition = [
      `CREATE TRIGGER ${quoteIdent(name)} ${o.timing.toUpperCase()}`,
      o.events!.map((e) => e.toUpperCase()).join(' OR '),
      `ON ${qualified(schema, table)} FOR EACH ${(o.forEach ?? 'row').toUpperCase()}`,
      ...(o.when === undefined ? [] : [`WHEN (${text(o.when)})`]),
      `EXECUTE FUNCTION ${fn}()`,
    ].join(' ');
  }
  return {
    kind: 'trigger',
    trigger: {
      schema,
      table,
      name,
      definition,
      ...(o.comment === undefined ? {} : { comment: o.comment }),
    },
  };
}

/** A declared view or materialized view. */
export interface ViewSpec {
  readonly kind: 'view';
  readonly view: ViewModel;
}

/** An index of a materialized view. */
export interface ViewIndexSpec {
  readonly name: string;
  /** Key columns; or give the whole `definition` instead. */
  readonly columns?: readonly string[];
  /** The whole `CREATE INDEX …` statement (what pull writes for key expressions). */
  readonly definition?: SqlText;
  readonly unique?: boolean;
  /** Access method (default btree). */
  readonly using?: string;
  readonly where?: SqlText;
  /** COMMENT ON INDEX. */
  readonly comment?: string;
}

/** Options of {@link view}. */
export interface ViewOptions {
  readonly schema?: string;
  readonly materialized?: boolean;
  /** Indexes of a materialized view. */
  readonly indexes?: readonly ViewIndexSpec[];
  /** COMMENT ON the object. */
  readonly comment?: string;
}

/**
 * Declares a view: its query, compared as PostgreSQL prints it back. The tables and views it
 * reads are found in the query and created first.
 *
 * @example
 * view('active_projects', sql`SELECT org_id, count(*) AS n FROM projects WHERE NOT archived GROUP BY org_id`)
 */
export function view(name: string, query: SqlText, options: ViewOptions = {}): ViewSpec {
  return {
    kind: 'view',
    view: {
      schema: options.schema ?? 'public',
      name,
      materialized: options.materialized === true,
      query: text(query).replace(/;$/, ''),
      dependsOn: [],
      indexes: (options.indexes ?? []).map((i) => ({
        name: i.name,
        definition:
          i.definition !== undefined
            ? text(i.definition)
            : `CREATE ${i.unique === true ? 'UNIQUE ' : ''}INDEX ${quoteIdent(i.name)} ON ${qualified(options.schema ?? 'public', name)}` +
              ` USING ${i.using ?? 'btree'} (${(i.columns ?? []).map((c) => quoteIdent(c)).join(', ')})` +
              (i.where === undefined ? '' : ` WHERE (${text(i.where)})`),
        ...(i.comment === undefined ? {} : { comment: i.comment }),
      })),
      ...(options.comment === undefined ? {} : { comment: options.comment }),
    },
  };
}

/**
 * Declares a materialized view, with its indexes.
 *
 * @example
 * materializedView('org_stats', sql`SELECT org_id, count(*) AS n FROM projects GROUP BY org_id`, {
 *   indexes: [{ name: 'org_stats_org_id_key', columns: ['org_id'], unique: true }],
 * })
 */
export function materializedView(
  name: string,
  query: SqlText,
  options: Omit<ViewOptions, 'materialized'> = {},
): ViewSpec {
  return view(name, query, { ...options, materialized: true });
}

/** A declared row-level security policy. */
export interface PolicySpec {
  readonly kind: 'policy';
  readonly policy: PolicyModel;
}

/** Options of {@link policy}. */
export interface PolicyOptions {
  readonly table: TableBuilder;
  /** PERMISSIVE (default) or RESTRICTIVE. */
  readonly as?: 'permissive' | 'restrictive';
  /** ALL (default), SELECT, INSERT, UPDATE or DELETE. */
  readonly for?: PolicyCommand;
  /** Role names (referenced, never created); default PUBLIC. */
  readonly to?: string | readonly string[];
  readonly using?: SqlText;
  readonly withCheck?: SqlText;
  /** COMMENT ON the object. */
  readonly comment?: string;
}

/**
 * Declares a row-level security policy; enable row-level security on its table with the table
 * option `rowLevelSecurity: true`.
 *
 * @example
 * policy('projects_tenant', { table: projects, to: 'app_user', using: sql`org_id = current_org_id()` })
 */
export function policy(name: string, o: PolicyOptions): PolicySpec {
  const roles = (typeof o.to === 'string' ? [o.to] : (o.to ?? ['public'])).map((r) =>
    r.toLowerCase() === 'public' ? 'public' : r,
  );
  return {
    kind: 'policy',
    policy: {
      schema: o.table.schema,
      table: o.table.name,
      name,
      permissive: o.as !== 'restrictive',
      command: o.for ?? 'all',
      roles: [...roles].sort(),
      ...(o.using === undefined ? {} : { using: text(o.using) }),
      ...(o.withCheck === undefined ? {} : { withCheck: text(o.withCheck) }),
      ...(o.comment === undefined ? {} : { comment: o.comment }),
    },
  };
}
