import type { Change } from '../changes/change.js';
import {
  objectsCreatedBy,
  type CommentChange,
  type CommentTarget,
} from '../changes/comment-changes.js';
import type { Operation } from '../ops/operations.js';

/*
 * Comments on indexes, constraints, sequences, enums, schemas, views, functions, triggers and
 * policies as operations (op.setComment). A comment changed on an object that stays is a
 * SetComment change; an object created with a comment (or created again: a recreated enum, a
 * view dropped and recreated around a column change, the downgrade of a drop) gets its
 * COMMENT ON right after the create, from the model the create change carries.
 */

/** The op.setComment of a target. */
export function setCommentOp(target: CommentTarget, comment: string | undefined): Operation {
  return {
    kind: 'SetComment',
    objectType: target.objectType,
    name: target.name,
    comment: comment ?? null,
    ...(target.table === undefined ? {} : { table: target.table }),
    ...(target.args === undefined ? {} : { args: target.args }),
    ...(target.objectType === 'schema' || target.schema === 'public'
      ? {}
      : { schema: target.schema }),
  };
}

/** The plan of a SetComment change. */
export const planCommentChange = (c: CommentChange): Operation[] => [setCommentOp(c.target, c.to)];

/**
 * The COMMENT ON operations that follow a change creating an object with a comment (nothing
 * for any other change).
 *
 * @example
 * createdComments({ kind: 'CreateIndex', schema: 'public', table: 'users', index: { name: 'ix', comment: 'by email', … } });
 * // [{ kind: 'SetComment', objectType: 'index', name: 'ix', comment: 'by email' }]
 */
export function createdComments(change: Change): Operation[] {
  return objectsCreatedBy(change).flatMap(({ target, comment }) =>
    comment === undefined ? [] : [setCommentOp(target, comment)],
  );
}
