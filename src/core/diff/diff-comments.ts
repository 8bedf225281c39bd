import type { Change } from '../changes/change.js';
import {
  commentTargetKey,
  objectsCreatedBy,
  type CommentTarget,
} from '../changes/comment-changes.js';
import { routineKey } from '../model/routines.js';
import type { SchemaModel, TableModel } from '../model/schema-model.js';

/*
 * The comments of indexes, constraints, sequences, enums, schemas, views, functions, triggers and
 * policies. An object created (or recreated) by the diff carries its comment in its model, and
 * the planner sets it; here only objects that stay are compared, so a comment is never set twice.
 * Pure.
 */

/** diffSchemas' phases: every change so far (read), and the comments phase (written). */
interface CommentPhases {
  readonly comments: Change[];
}

type Commented = { readonly comment?: string | undefined };

/**
 * The keys of every object the changes so far create; computed on first use (only when some
 * comment differs).
 */
function createdKeys(phases: object): () => ReadonlySet<string> {
  let keys: Set<string> | undefined;
  return () => {
    if (keys === undefined) {
      const all = Object.values(phases as Record<string, readonly Change[]>).flat();
      keys = new Set(all.flatMap(objectsCreatedBy).map((o) => commentTargetKey(o.target)));
    }
    return keys;
  };
}

/** A SetComment when the comments of an object that stays differ. */
function compare(
  p: CommentPhases,
  created: () => ReadonlySet<string>,
  target: CommentTarget,
  before: Commented,
  after: Commented,
): void {
  if ((before.comment ?? null) === (after.comment ?? null)) return;
  if (created().has(commentTargetKey(target))) return;
  p.comments.push({ kind: 'SetComment', target, from: before.comment, to: after.comment });
}

/** Pairs of objects present on both sides, by key. */
function* matched<T>(
  from: readonly T[],
  to: readonly T[],
  key: (t: T) => string,
): Generator<[T, T]> {
  const before = new Map(from.map((o) => [key(o), o]));
  for (const o of to) {
    const old = before.get(key(o));
    if (old !== undefined) yield [old, o];
  }
}

const sn = (o: { schema: string; name: string }): string => `${o.schema}\u0000${o.name}`;
const onTable = (o: { schema: string; table: string; name: string }): string =>
  `${o.schema}\u0000${o.table}\u0000${o.name}`;

/**
 * Comment changes of schemas, enums, sequences, views, functions, triggers and policies: called
 * by diffSchemas once every other change is known. A schema's comment (its CreateSchema /
 * DropSchema carry none) is set after the schema is created and removed before it is dropped,
 * so the downgrade restores it.
 */
export function diffComments<P extends CommentPhases>(
  from: SchemaModel,
  to: SchemaModel,
  p: P,
): void {
  const created = createdKeys(p);
  const fromSchemas = new Set(from.schemas);
  const toSchemas = new Set(to.schemas);
  for (const s of new Set([...from.schemas, ...to.schemas])) {
    const before = fromSchemas.has(s) ? from.schemaComments?.[s] : undefined;
    const after = toSchemas.has(s) ? to.schemaComments?.[s] : undefined;
    const target: CommentTarget = { objectType: 'schema', schema: s, name: s };
    compare(p, created, target, { comment: before }, { comment: after });
  }
  for (const [a, b] of matched(from.enums, to.enums, sn))
    compare(p, created, { objectType: 'type', schema: b.schema, name: b.name }, a, b);
  for (const [a, b] of matched(from.sequences, to.sequences, sn))
    compare(p, created, { objectType: 'sequence', schema: b.schema, name: b.name }, a, b);
  for (const [a, b] of matched(from.views, to.views, sn)) {
    const objectType = b.materialized ? 'materialized view' : 'view';
    compare(p, created, { objectType, schema: b.schema, name: b.name }, a, b);
    for (const [x, y] of matched(a.indexes, b.indexes, (i) => i.name))
      compare(p, created, { objectType: 'index', schema: b.schema, name: y.name }, x, y);
  }
  for (const [a, b] of matched(from.routines, to.routines, routineKey)) {
    const target: CommentTarget = {
      objectType: b.kind,
      schema: b.schema,
      name: b.name,
      args: b.args,
    };
    compare(p, created, target, a, b);
  }
  for (const [a, b] of matched(from.triggers, to.triggers, onTable)) {
    const target: CommentTarget = {
      objectType: 'trigger',
      schema: b.schema,
      name: b.name,
      table: b.table,
    };
    compare(p, created, target, a, b);
  }
  for (const [a, b] of matched(from.policies, to.policies, onTable)) {
    const target: CommentTarget = {
      objectType: 'policy',
      schema: b.schema,
      name: b.name,
      table: b.table,
    };
    compare(p, created, target, a, b);
  }
}

/**
 * Comment changes of the indexes and constraints of a table that stays (`old` as it was, `table`
 * as it becomes): matched by name (the primary key whatever its name). Called by diffTable once
 * its constraint and index changes are known.
 */
export function diffTableComments<P extends CommentPhases>(
  old: TableModel,
  table: TableModel,
  p: P,
): void {
  const created = createdKeys(p);
  const ref = { schema: table.schema, table: table.name };
  const named = <T extends { readonly name?: string | undefined }>(list: readonly T[]) =>
    list.filter((o): o is T & { name: string } => o.name !== undefined);
  const constraint = (name: string): CommentTarget => ({
    objectType: 'constraint',
    schema: ref.schema,
    name,
    table: ref.table,
  });
  if (old.primaryKey !== undefined && table.primaryKey !== undefined) {
    const name = table.primaryKey.name ?? old.primaryKey.name;
    if (name !== undefined) compare(p, created, constraint(name), old.primaryKey, table.primaryKey);
  }
  const byName = (o: { name: string }): string => o.name;
  type Named = Commented & { readonly name?: string | undefined };
  const lists: (readonly [readonly Named[], readonly Named[]])[] = [
    [old.uniques, table.uniques],
    [old.checks, table.checks],
    [old.foreignKeys, table.foreignKeys],
    [old.exclusions ?? [], table.exclusions ?? []],
  ];
  for (const [before, after] of lists)
    for (const [a, b] of matched(named(before), named(after), byName))
      compare(p, created, constraint(b.name), a, b);
  for (const [a, b] of matched(named(old.indexes), named(table.indexes), byName))
    compare(p, created, { objectType: 'index', schema: ref.schema, name: b.name }, a, b);
}
