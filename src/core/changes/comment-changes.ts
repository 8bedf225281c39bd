import type { CommentObjectType } from '../ops/comment-operations.js';
import { qualifiedKey, type TableModel } from '../model/schema-model.js';
import type { Change } from './change.js';

/*
 * The comment of an object other than a table or a column (those have SetTableComment and
 * SetColumnComment): indexes, constraints, sequences, enums, schemas, views, functions, triggers
 * and policies. A comment set when an object is created travels with its model (the create's
 * plan adds COMMENT ON); this change is a comment that changes on an object that stays.
 */

/** The object a comment is on. */
export interface CommentTarget {
  readonly objectType: CommentObjectType;
  /** The object's schema; for a schema, the schema itself. */
  readonly schema: string;
  readonly name: string;
  /** The table of a constraint, trigger or policy. */
  readonly table?: string | undefined;
  /** The identity argument types of a function or procedure. */
  readonly args?: string | undefined;
}

export type CommentChange = {
  readonly kind: 'SetComment';
  readonly target: CommentTarget;
  readonly from: string | undefined;
  readonly to: string | undefined;
};

/** The inverse: the comment back. */
export const reverseCommentChange = (c: CommentChange): CommentChange => ({
  ...c,
  from: c.to,
  to: c.from,
});

/** `index users_email_idx`, `constraint users_email_key on users`, `function f(integer)`. */
export function commentTargetText(t: CommentTarget): string {
  if (t.objectType === 'schema') return `schema ${t.name}`;
  const name =
    t.table === undefined
      ? qualifiedKey(t.schema, t.name)
      : `${t.name} on ${qualifiedKey(t.schema, t.table)}`;
  return `${t.objectType} ${name}${t.args === undefined ? '' : `(${t.args})`}`;
}

/** What `check` says of a comment change. */
export const describeCommentChange = (c: CommentChange): string =>
  `${c.to === undefined ? 'remove' : c.from === undefined ? 'add' : 'change'} comment of ${commentTargetText(c.target)}`;

/** An object a change creates, with the comment its model carries. */
export interface CreatedObject {
  readonly target: CommentTarget;
  readonly comment: string | undefined;
}

type Commented = { readonly name?: string | undefined; readonly comment?: string | undefined };

function constraint(schema: string, table: string, k: Commented): CreatedObject[] {
  return k.name === undefined
    ? []
    : [{ target: { objectType: 'constraint', schema, name: k.name, table }, comment: k.comment }];
}

/** The primary key, unique and check constraints CREATE TABLE makes. */
function tableConstraints(t: TableModel): CreatedObject[] {
  const list: Commented[] = [
    // PostgreSQL names an unnamed primary key `<table>_pkey`, as the planner does.
    ...(t.primaryKey === undefined
      ? []
      : [{ ...t.primaryKey, name: t.primaryKey.name ?? `${t.name}_pkey` }]),
    ...t.uniques,
    ...t.checks,
  ];
  return list.flatMap((k) => constraint(t.schema, t.name, k));
}

/**
 * The commentable objects (other than tables and columns) a change creates, or creates again (a
 * recreated enum), each with its model's comment: the planner follows the create with their
 * COMMENT ON, the diff compares comments only on objects that stay.
 *
 * @example
 * objectsCreatedBy({ kind: 'CreateSequence', sequence }); // [{ target: { objectType: 'sequence', … }, comment }]
 */
export function objectsCreatedBy(change: Change): CreatedObject[] {
  const one = (target: CommentTarget, comment: string | undefined): CreatedObject[] => [
    { target, comment },
  ];
  switch (change.kind) {
    case 'CreateTable':
      return tableConstraints(change.table);
    case 'AddPrimaryKey':
      return constraint(change.schema, change.table, {
        ...change.primaryKey,
        name: change.primaryKey.name ?? `${change.table}_pkey`,
      });
    case 'AddUnique':
      return constraint(change.schema, change.table, change.unique);
    case 'AddCheck':
      return constraint(change.schema, change.table, change.check);
    case 'AddForeignKey':
      return constraint(change.schema, change.table, change.foreignKey);
    case 'AddExclusion':
      return constraint(change.schema, change.table, change.exclusion);
    case 'CreateIndex':
      return change.index.name === undefined
        ? []
        : one(
            { objectType: 'index', schema: change.schema, name: change.index.name },
            change.index.comment,
          );
    case 'CreateEnum':
      return one(
        { objectType: 'type', schema: change.enum.schema, name: change.enum.name },
        change.enum.comment,
      );
    case 'ReplaceEnum':
      return one(
        { objectType: 'type', schema: change.to.schema, name: change.to.name },
        change.to.comment,
      );
    case 'CreateSequence':
      return one(
        { objectType: 'sequence', schema: change.sequence.schema, name: change.sequence.name },
        change.sequence.comment,
      );
    case 'CreateView': {
      const v = change.view;
      const objectType = v.materialized ? 'materialized view' : 'view';
      return [
        ...one({ objectType, schema: v.schema, name: v.name }, v.comment),
        ...v.indexes.flatMap((i) =>
          one({ objectType: 'index', schema: v.schema, name: i.name }, i.comment),
        ),
      ];
    }
    case 'CreateViewIndex':
      return one(
        { objectType: 'index', schema: change.view.schema, name: change.index.name },
        change.index.comment,
      );
    case 'CreateRoutine': {
      const r = change.routine;
      return one({ objectType: r.kind, schema: r.schema, name: r.name, args: r.args }, r.comment);
    }
    case 'CreateTrigger': {
      const t = change.trigger;
      return one(
        { objectType: 'trigger', schema: t.schema, name: t.name, table: t.table },
        t.comment,
      );
    }
    case 'CreatePolicy': {
      const p = change.policy;
      return one(
        { objectType: 'policy', schema: p.schema, name: p.name, table: p.table },
        p.comment,
      );
    }
    default:
      return [];
  }
}

/** A target as a map key. */
export const commentTargetKey = (t: CommentTarget): string =>
  [t.objectType, t.schema, t.table ?? '', t.name, t.args ?? ''].join('\u0000');
