import type { RoutineChange } from '../changes/routine-changes.js';
import type { ViewIndexModel, ViewModel } from '../model/views.js';
import type { Operation } from '../ops/operations.js';
import { sql } from '../ops/sql-expression.js';

/*
 * Change → Operation[] for functions, procedures, triggers, views, row-level security and
 * policies (spread into plan.ts's planner record). Definitions travel as sql`…`, exactly as the
 * catalog prints them.
 */

type Kind = RoutineChange['kind'];
type Of<K extends Kind> = Extract<RoutineChange, { kind: K }>;

const inSchema = (schema: string): { schema?: string } => (schema === 'public' ? {} : { schema });

/** `CREATE FUNCTION` → `CREATE OR REPLACE FUNCTION`, for a change of body or attributes. */
function orReplace(definition: string): string {
  return definition.replace(/^\s*CREATE\s+(?!OR\s+REPLACE\b)/i, 'CREATE OR REPLACE ');
}

/** An index of a materialized view created just before: nothing reads it yet. */
function newViewIndex(view: ViewModel, index: ViewIndexModel): Operation {
  return {
    kind: 'Execute',
    sql: sql(index.definition),
    lintIgnore: [
      {
        rule: 'require-concurrent-index-creation',
        reason: `${view.name} is created just before, in this migration: nothing reads it yet`,
      },
    ],
  };
}

/** An index of an existing materialized view: built CONCURRENTLY, outside the transaction. */
function onlineViewIndex(index: ViewIndexModel): Operation {
  return {
    kind: 'Execute',
    sql: sql(
      index.definition.replace(
        /^CREATE (UNIQUE )?INDEX /,
        'CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ',
      ),
    ),
    transactional: false,
  };
}

export const routinePlanners: { readonly [K in Kind]: (c: Of<K>) => Operation[] } = {
  CreateRoutine: (c) => [
    {
      kind: 'CreateFunction',
      name: c.routine.name,
      definition: sql(c.routine.definition),
      args: c.routine.args,
      ...(c.routine.kind === 'procedure' ? { procedure: true } : {}),
      ...inSchema(c.routine.schema),
    },
  ],
  DropRoutine: (c) => [
    {
      kind: 'DropFunction',
      name: c.routine.name,
      args: c.routine.args,
      ...(c.routine.kind === 'procedure' ? { procedure: true } : {}),
      ...inSchema(c.routine.schema),
    },
  ],
  ReplaceRoutine: (c) => [
    {
      kind: 'CreateFunction',
      name: c.to.name,
      definition: sql(orReplace(c.to.definition)),
      ...(c.to.kind === 'procedure' ? { procedure: true } : {}),
      ...inSchema(c.to.schema),
    },
  ],
  CreateTrigger: (c) => [
    {
      kind: 'CreateTrigger',
      name: c.trigger.name,
      table: c.trigger.table,
      definition: sql(c.trigger.definition),
      ...inSchema(c.trigger.schema),
    },
  ],
  DropTrigger: (c) => [
    {
      kind: 'DropTrigger',
      name: c.trigger.name,
      table: c.trigger.table,
      ...inSchema(c.trigger.schema),
    },
  ],
  CreateView: (c) => [
    {
      kind: 'CreateView',
      name: c.view.name,
      query: sql(c.view.query),
      ...(c.view.materialized ? { materialized: true } : {}),
      ...inSchema(c.view.schema),
    },
    ...c.view.indexes.map((index) => newViewIndex(c.view, index)),
  ],
  DropView: (c) => [
    {
      kind: 'DropView',
      name: c.view.name,
      ...(c.view.materialized ? { materialized: true } : {}),
      ...inSchema(c.view.schema),
    },
  ],
  CreateViewIndex: (c) => (c.online ? [onlineViewIndex(c.index)] : [newViewIndex(c.view, c.index)]),
  DropViewIndex: (c) => [
    {
      kind: 'DropIndex',
      name: c.index.name,
      ...(c.online ? { concurrently: true, ifExists: true } : {}),
      ...inSchema(c.view.schema),
    },
  ],
  SetRowLevelSecurity: (c) => [
    {
      kind: 'SetRowLevelSecurity',
      table: c.table,
      ...(c.from.enabled === c.to.enabled ? {} : { enabled: c.to.enabled }),
      ...(c.from.force === c.to.force ? {} : { force: c.to.force }),
      existing: c.from,
      ...inSchema(c.schema),
    },
  ],
  CreatePolicy: (c) => {
    const p = c.policy;
    return [
      {
        kind: 'CreatePolicy',
        name: p.name,
        table: p.table,
        ...(p.permissive ? {} : { restrictive: true }),
        ...(p.command === 'all' ? {} : { command: p.command }),
        ...(p.roles.length === 1 && p.roles[0] === 'public' ? {} : { roles: p.roles }),
        ...(p.using === undefined ? {} : { using: sql(p.using) }),
        ...(p.withCheck === undefined ? {} : { withCheck: sql(p.withCheck) }),
        ...inSchema(p.schema),
      },
    ];
  },
  DropPolicy: (c) => [
    {
      kind: 'DropPolicy',
      name: c.policy.name,
      table: c.policy.table,
      ...inSchema(c.policy.schema),
    },
  ],
};
