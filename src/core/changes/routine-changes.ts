import type { PolicyModel } from '../model/policies.js';
import type { RoutineModel, TriggerModel } from '../model/routines.js';
import type { ViewIndexModel, ViewModel } from '../model/views.js';

/** Row-level security of a table: enabled, forced. */
export interface RowLevelSecurity {
  readonly enabled: boolean;
  readonly force: boolean;
}

/**
 * Changes of functions, procedures, triggers, views, materialized views, row-level security and
 * policies. Drops carry the dropped object, so each has an exact inverse.
 */
export type RoutineChange =
  | { readonly kind: 'CreateRoutine'; readonly routine: RoutineModel }
  | { readonly kind: 'DropRoutine'; readonly routine: RoutineModel }
  /** CREATE OR REPLACE: same identity, arguments and result; another body or attributes. */
  | { readonly kind: 'ReplaceRoutine'; readonly from: RoutineModel; readonly to: RoutineModel }
  | { readonly kind: 'CreateTrigger'; readonly trigger: TriggerModel }
  | { readonly kind: 'DropTrigger'; readonly trigger: TriggerModel }
  | { readonly kind: 'CreateView'; readonly view: ViewModel }
  | { readonly kind: 'DropView'; readonly view: ViewModel }
  /** An index of a materialized view; `online` when the view exists before the migration. */
  | {
      readonly kind: 'CreateViewIndex';
      readonly view: ViewModel;
      readonly index: ViewIndexModel;
      readonly online: boolean;
    }
  | {
      readonly kind: 'DropViewIndex';
      readonly view: ViewModel;
      readonly index: ViewIndexModel;
      readonly online: boolean;
    }
  | {
      readonly kind: 'SetRowLevelSecurity';
      readonly schema: string;
      readonly table: string;
      readonly from: RowLevelSecurity;
      readonly to: RowLevelSecurity;
    }
  | { readonly kind: 'CreatePolicy'; readonly policy: PolicyModel }
  | { readonly kind: 'DropPolicy'; readonly policy: PolicyModel };

type Kind = RoutineChange['kind'];
type Of<K extends Kind> = Extract<RoutineChange, { kind: K }>;

const key = (schema: string, name: string): string =>
  schema === 'public' ? name : `${schema}.${name}`;

/** The inverse of each routine change (spread into reverseChange's record). */
export const routineReversers: { readonly [K in Kind]: (c: Of<K>) => RoutineChange } = {
  CreateRoutine: (c) => ({ kind: 'DropRoutine', routine: c.routine }),
  DropRoutine: (c) => ({ kind: 'CreateRoutine', routine: c.routine }),
  ReplaceRoutine: (c) => ({ kind: 'ReplaceRoutine', from: c.to, to: c.from }),
  CreateTrigger: (c) => ({ kind: 'DropTrigger', trigger: c.trigger }),
  DropTrigger: (c) => ({ kind: 'CreateTrigger', trigger: c.trigger }),
  CreateView: (c) => ({ kind: 'DropView', view: c.view }),
  DropView: (c) => ({ kind: 'CreateView', view: c.view }),
  CreateViewIndex: (c) => ({ ...c, kind: 'DropViewIndex' }),
  DropViewIndex: (c) => ({ ...c, kind: 'CreateViewIndex' }),
  SetRowLevelSecurity: (c) => ({ ...c, from: c.to, to: c.from }),
  CreatePolicy: (c) => ({ kind: 'DropPolicy', policy: c.policy }),
  DropPolicy: (c) => ({ kind: 'CreatePolicy', policy: c.policy }),
};

const rls = (s: RowLevelSecurity): string =>
  s.enabled ? (s.force ? 'enabled, forced' : 'enabled') : s.force ? 'disabled, forced' : 'disabled';
const viewKind = (v: ViewModel): string => (v.materialized ? 'materialized view' : 'view');

/** What `check` says of each routine change (spread into describeChange's record). */
export const routineDescribers: { readonly [K in Kind]: (c: Of<K>) => string } = {
  CreateRoutine: (c) =>
    `add ${c.routine.kind} ${key(c.routine.schema, c.routine.name)}(${c.routine.args})`,
  DropRoutine: (c) =>
    `drop ${c.routine.kind} ${key(c.routine.schema, c.routine.name)}(${c.routine.args})`,
  ReplaceRoutine: (c) => `change ${c.to.kind} ${key(c.to.schema, c.to.name)}(${c.to.args})`,
  CreateTrigger: (c) =>
    `add trigger ${c.trigger.name} on ${key(c.trigger.schema, c.trigger.table)}`,
  DropTrigger: (c) => `drop trigger ${c.trigger.name} on ${key(c.trigger.schema, c.trigger.table)}`,
  CreateView: (c) => `add ${viewKind(c.view)} ${key(c.view.schema, c.view.name)}`,
  DropView: (c) => `drop ${viewKind(c.view)} ${key(c.view.schema, c.view.name)}`,
  CreateViewIndex: (c) => `add index ${c.index.name} on ${key(c.view.schema, c.view.name)}`,
  DropViewIndex: (c) => `drop index ${c.index.name} on ${key(c.view.schema, c.view.name)}`,
  SetRowLevelSecurity: (c) =>
    `row level security on ${key(c.schema, c.table)}: ${rls(c.from)} → ${rls(c.to)}`,
  CreatePolicy: (c) => `add policy ${c.policy.name} on ${key(c.policy.schema, c.policy.table)}`,
  DropPolicy: (c) => `drop policy ${c.policy.name} on ${key(c.policy.schema, c.policy.table)}`,
};
