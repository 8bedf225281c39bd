import type { Change } from '../changes/change.js';
import type { PolicyModel } from '../model/policies.js';
import { routineKey, type RoutineModel, type TriggerModel } from '../model/routines.js';
import { qualifiedKey, type SchemaModel, type TableModel } from '../model/schema-model.js';
import type { ViewModel } from '../model/views.js';
import { viewQueryShape } from './view-shape.js';

/*
 * The diff of functions, procedures, triggers, views, materialized views, row-level security and
 * policies. Order is computed, not hand-written: functions are created before the tables whose
 * defaults and checks call them (an SQL-language function whose body reads a table, after the
 * tables), views after what they read (the catalog's pg_depend for a database, references in the
 * query text for a declaration), triggers and policies last; drops run the other way round. A
 * view over a column whose type changes, or over a view that changes, is dropped and recreated
 * around the change.
 */

/** The phases of diffSchemas this diff writes to (and the ones it reads). */
export interface RoutinePhases {
  prerequisites: Change[];
  /** Before anything else is removed: policies, triggers, views (dependents first). */
  removeRoutineDependents: Change[];
  readonly renames: readonly Change[];
  readonly columns: readonly Change[];
  readonly dropColumns: readonly Change[];
  /** After tables, columns and constraints: late functions and views, in dependency order. */
  addViews: Change[];
  /** Last: row-level security, triggers, policies. */
  addRoutineDependents: Change[];
  /** Before types, sequences, extensions and schemas are dropped. */
  dropRoutines: Change[];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whether `text` mentions `name` as a word (quoted or not). */
function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_$])"?${escape(name)}"?($|[^A-Za-z0-9_$])`).test(text);
}

/**
 * A view's query as a comparison key: the column qualifiers PostgreSQL 15 prints and 16+ does
 * not left out, nothing else ({@link viewQueryShape}).
 */
export function viewShape(query: string): string {
  return viewQueryShape(query);
}

const viewKey = (v: ViewModel): string => qualifiedKey(v.schema, v.name);
const triggerKey = (t: TriggerModel): string => `${qualifiedKey(t.schema, t.table)}.${t.name}`;
/** A policy without its comment (COMMENT ON changes it in place), as a comparison key. */
const policyShape = (p: PolicyModel): string => JSON.stringify({ ...p, comment: undefined });
const policyKey = (p: PolicyModel): string => `${qualifiedKey(p.schema, p.table)}.${p.name}`;

/** What a view reads: the catalog's dependencies, else the relations its query names. */
function viewDependencies(view: ViewModel, model: SchemaModel): string[] {
  if (view.dependsOn.length > 0) return [...view.dependsOn];
  const relations = [
    ...model.tables.map((t) => [t.schema, t.name] as const),
    ...model.views.filter((v) => v !== view).map((v) => [v.schema, v.name] as const),
  ];
  return relations
    .filter(([, name]) => mentions(view.query, name))
    .map(([s, n]) => qualifiedKey(s, n));
}

/** Items with what each depends on first (input order otherwise; a cycle is cut where met). */
function topological<T>(items: readonly T[], key: (t: T) => string, deps: (t: T) => string[]): T[] {
  const byKey = new Map(items.map((i) => [key(i), i]));
  const done = new Set<string>();
  const out: T[] = [];
  const visit = (item: T, path: Set<string>): void => {
    const k = key(item);
    if (done.has(k) || path.has(k)) return;
    path.add(k);
    for (const d of deps(item)) {
      const dep = byKey.get(d);
      if (dep !== undefined) visit(dep, path);
    }
    path.delete(k);
    done.add(k);
    out.push(item);
  };
  for (const item of items) visit(item, new Set());
  return out;
}

/** The routine's body and attributes after its signature line, where references are. */
const bodyOf = (r: RoutineModel): string => r.definition.replace(/^[^\n(]*\(/, '(');

/** An SQL-language function whose body names a table or view: its body is checked on CREATE. */
function readsRelations(r: RoutineModel, model: SchemaModel): boolean {
  if (!/\bLANGUAGE\s+'?sql'?\b/i.test(r.definition)) return false;
  const body = bodyOf(r);
  return [...model.tables, ...model.views].some((t) => mentions(body, t.name));
}

/** CREATE OR REPLACE keeps the signature, the result and the kind; anything else is drop + create. */
function replaceable(a: RoutineModel, b: RoutineModel): boolean {
  return a.kind === b.kind && a.arguments === b.arguments && (a.result ?? '') === (b.result ?? '');
}

const rls = (t: TableModel | undefined): { enabled: boolean; force: boolean } => ({
  enabled: t?.rowLevelSecurity === true,
  force: t?.forceRowLevelSecurity === true,
});

/** The new key of each table matched across a rename or a schema move, by its old key. */
function tableMoves(renames: readonly Change[]): Map<string, string> {
  const moves = new Map<string, string>();
  const current = new Map<string, string>(); // now-key → original key
  for (const c of renames) {
    if (c.kind !== 'RenameTable' && c.kind !== 'SetTableSchema') continue;
    const before = qualifiedKey(c.schema, c.table);
    const after =
      c.kind === 'RenameTable' ? qualifiedKey(c.schema, c.to) : qualifiedKey(c.to, c.table);
    const original = current.get(before) ?? before;
    current.delete(before);
    current.set(after, original);
    moves.set(original, after);
  }
  return moves;
}

/**
 * Adds the changes of functions, procedures, triggers, views, row-level security and policies
 * to diffSchemas' phases. Called once the table changes are known (it reads the renames and the
 * column type changes).
 */
export function diffRoutines(from: SchemaModel, to: SchemaModel, p: RoutinePhases): void {
  // ── Functions and procedures ───────────────────────────────────────────────────────────
  const fromRoutines = new Map(from.routines.map((r) => [routineKey(r), r]));
  const toRoutines = new Map(to.routines.map((r) => [routineKey(r), r]));
  const routineDeps = (model: SchemaModel) => (r: RoutineModel) =>
    model.routines.filter((o) => o !== r && mentions(bodyOf(r), o.name)).map(routineKey);
  /** Names of routines dropped and created again: what calls them is recreated too. */
  const recreated = new Set<string>();
  const creates: RoutineModel[] = [];
  for (const r of topological(to.routines, routineKey, routineDeps(to))) {
    const old = fromRoutines.get(routineKey(r));
    if (old === undefined) creates.push(r);
    else if (old.definition !== r.definition) {
      if (replaceable(old, r)) {
        (readsRelations(r, to) ? p.addViews : p.prerequisites).push({
          kind: 'ReplaceRoutine',
          from: old,
          to: r,
        });
      } else {
        recreated.add(r.name);
        creates.push(r);
      }
    }
  }
  // A routine whose signature or result changes is dropped once what uses it is gone, and
  // created again before the views.
  const recreatedDrops: Change[] = [];
  for (const r of creates)
    (readsRelations(r, to) || recreated.has(r.name) ? p.addViews : p.prerequisites).push({
      kind: 'CreateRoutine',
      routine: r,
    });
  for (const r of topological(from.routines, routineKey, routineDeps(from)).reverse()) {
    const now = toRoutines.get(routineKey(r));
    if (now === undefined) p.dropRoutines.push({ kind: 'DropRoutine', routine: r });
    else if (recreated.has(r.name)) recreatedDrops.push({ kind: 'DropRoutine', routine: r });
  }
  const calls = (text: string): boolean => [...recreated].some((name) => mentions(text, name));

  // ── Views ──────────────────────────────────────────────────────────────────────────────
  const moves = tableMoves(p.renames);
  const retyped = new Set(
    [...p.columns, ...p.dropColumns].flatMap((c) =>
      c.kind === 'AlterColumnType' || c.kind === 'DropColumn'
        ? [qualifiedKey(c.schema, c.table)]
        : c.kind === 'ReplaceEnum'
          ? c.columns.map((col) => qualifiedKey(col.schema, col.table))
          : [],
    ),
  );
  const fromViews = new Map(from.views.map((v) => [viewKey(v), v]));
  const toViews = new Map(to.views.map((v) => [viewKey(v), v]));
  const fromDeps = new Map(from.views.map((v) => [viewKey(v), viewDependencies(v, from)]));
  // A view goes when it is gone or changed, reads a retyped table or a recreated function, or
  // reads a view that goes.
  const goes = new Set<string>();
  for (const v of from.views) {
    const now = toViews.get(viewKey(v));
    if (
      now === undefined ||
      viewShape(now.query) !== viewShape(v.query) ||
      now.materialized !== v.materialized ||
      fromDeps.get(viewKey(v))!.some((d) => retyped.has(moves.get(d) ?? d)) ||
      calls(v.query)
    )
      goes.add(viewKey(v));
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const v of from.views)
      if (!goes.has(viewKey(v)) && fromDeps.get(viewKey(v))!.some((d) => goes.has(d))) {
        goes.add(viewKey(v));
        grew = true;
      }
  }
  const fromOrder = topological(from.views, viewKey, (v) => fromDeps.get(viewKey(v))!);
  const dropViews: Change[] = fromOrder
    .filter((v) => goes.has(viewKey(v)))
    .reverse()
    .map((view) => ({ kind: 'DropView', view }));
  const toOrder = topological(to.views, viewKey, (v) => viewDependencies(v, to));
  const dropIndexes: Change[] = [];
  for (const view of toOrder) {
    const k = viewKey(view);
    if (!fromViews.has(k) || goes.has(k)) {
      // Its indexes are created with it (CreateView carries them, so its inverse is exact).
      p.addViews.push({ kind: 'CreateView', view });
      continue;
    }
    // A kept materialized view: its indexes compare by name and definition.
    const old = fromViews.get(k)!;
    const before = new Map(old.indexes.map((i) => [i.name, i]));
    const after = new Map(view.indexes.map((i) => [i.name, i]));
    for (const index of old.indexes)
      if (after.get(index.name)?.definition !== index.definition)
        dropIndexes.push({ kind: 'DropViewIndex', view: old, index, online: true });
    for (const index of view.indexes)
      if (before.get(index.name)?.definition !== index.definition)
        p.addViews.push({ kind: 'CreateViewIndex', view, index, online: true });
  }

  // ── Triggers and policies: dropped and created whole ──────────────────────────────────
  const dropDependents: Change[] = [];
  const toTriggers = new Map(to.triggers.map((t) => [triggerKey(t), t]));
  const fromTriggers = new Map(from.triggers.map((t) => [triggerKey(t), t]));
  for (const t of from.triggers) {
    const now = toTriggers.get(triggerKey(t));
    if (now === undefined || now.definition !== t.definition || calls(t.definition))
      dropDependents.push({ kind: 'DropTrigger', trigger: t });
  }
  const toPolicies = new Map(to.policies.map((x) => [policyKey(x), x]));
  const fromPolicies = new Map(from.policies.map((x) => [policyKey(x), x]));
  const policyText = (x: PolicyModel): string => `${x.using ?? ''} ${x.withCheck ?? ''}`;
  for (const x of from.policies) {
    const now = toPolicies.get(policyKey(x));
    if (now === undefined || policyShape(now) !== policyShape(x) || calls(policyText(x)))
      dropDependents.push({ kind: 'DropPolicy', policy: x });
  }

  // ── Row-level security ─────────────────────────────────────────────────────────────────
  const fromTables = new Map(from.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const toTables = new Map(to.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const oldKeyOf = new Map([...moves].map(([o, n]) => [n, o]));
  const matchedOld = new Set<string>();
  for (const t of to.tables) {
    const k = qualifiedKey(t.schema, t.name);
    const oldKey = oldKeyOf.get(k) ?? k;
    const old = fromTables.get(oldKey);
    if (old !== undefined) matchedOld.add(oldKey);
    const a = rls(old);
    const b = rls(t);
    if (a.enabled !== b.enabled || a.force !== b.force)
      p.addRoutineDependents.push({
        kind: 'SetRowLevelSecurity',
        schema: t.schema,
        table: t.name,
        from: a,
        to: b,
      });
  }
  // A dropped table's row-level security is switched off first, so the downgrade restores it.
  for (const t of from.tables) {
    const k = qualifiedKey(t.schema, t.name);
    if (matchedOld.has(k) || toTables.has(k)) continue;
    const a = rls(t);
    if (a.enabled || a.force)
      dropDependents.push({
        kind: 'SetRowLevelSecurity',
        schema: t.schema,
        table: t.name,
        from: a,
        to: { enabled: false, force: false },
      });
  }

  for (const t of to.triggers) {
    const old = fromTriggers.get(triggerKey(t));
    if (old === undefined || old.definition !== t.definition || calls(t.definition))
      p.addRoutineDependents.push({ kind: 'CreateTrigger', trigger: t });
  }
  for (const x of to.policies) {
    const old = fromPolicies.get(policyKey(x));
    if (old === undefined || policyShape(old) !== policyShape(x) || calls(policyText(x)))
      p.addRoutineDependents.push({ kind: 'CreatePolicy', policy: x });
  }
  p.removeRoutineDependents.push(
    ...dropDependents,
    ...dropIndexes,
    ...dropViews,
    ...recreatedDrops,
  );
}
