import { ExitCode, RetortError, type RetortErrorOptions } from '../errors.js';

/** Where a revision came from, for messages: `abc123 (migrations/abc123_x.ts)`. */
function where(id: string, file: string | undefined): string {
  return file === undefined ? id : `${id} (${file})`;
}

/**
 * Base class of every revision-graph failure: exit code 4 ({@link ExitCode.Revision}).
 *
 * @example
 * try { new RevisionGraph(revs) } catch (e) { if (e instanceof RevisionGraphError) ... }
 */
export class RevisionGraphError extends RetortError {
  constructor(code: string, message: string, options: RetortErrorOptions = {}) {
    super(code, ExitCode.Revision, message, options);
  }
}

/** The `revises`/`dependsOn` links form a loop. `cycle` starts and ends with the same id. */
export class RevisionCycleError extends RevisionGraphError {
  constructor(
    readonly cycle: readonly string[],
    readonly viaDependency: boolean,
  ) {
    const kind =
      cycle.length === 2
        ? viaDependency
          ? 'Dependency self-loop'
          : 'Self-loop'
        : viaDependency
          ? 'Dependency cycle'
          : 'Cycle';
    super('REVISION_CYCLE', `${kind} is detected in revisions: ${cycle.join(' -> ')}`, {
      hint: 'Each arrow points from a revision to one it revises or depends on; remove one of these links.',
      details: { cycle, viaDependency },
    });
  }
}

/** Two revisions share one id. */
export class DuplicateRevisionError extends RevisionGraphError {
  constructor(id: string, firstFile: string | undefined, secondFile: string | undefined) {
    super(
      'REVISION_DUPLICATE',
      `Revision ${id} is present more than once: in ${firstFile ?? '(unnamed)'} and in ${secondFile ?? '(unnamed)'}`,
      {
        hint: 'Give one of them a new id (and update any `revises` pointing at it).',
        details: { id, files: [firstFile, secondFile] },
      },
    );
  }
}

/** A revision's `revises` names an id no revision has. */
export class MissingParentError extends RevisionGraphError {
  constructor(revision: string, file: string | undefined, missing: string) {
    super(
      'REVISION_MISSING_PARENT',
      `Revision ${missing} referenced from ${where(revision, file)} is not present`,
      {
        hint: `Restore the revision ${missing}, or fix \`revises\` in ${file ?? revision}.`,
        details: { revision, file, missing },
      },
    );
  }
}

/** A revision's `dependsOn` names neither a revision id nor a branch label. */
export class MissingDependencyError extends RevisionGraphError {
  constructor(revision: string, file: string | undefined, missing: string) {
    super(
      'REVISION_MISSING_DEPENDENCY',
      `Dependency ${missing} referenced from ${where(revision, file)} is not present`,
      {
        hint: `dependsOn takes a revision id or a branch label; fix it in ${file ?? revision}.`,
        details: { revision, file, missing },
      },
    );
  }
}

/** Alembic forbids `@ - + :` in ids: they are target syntax. */
export class InvalidRevisionIdError extends RevisionGraphError {
  constructor(id: string, file: string | undefined, chars: readonly string[]) {
    super(
      'REVISION_ID_INVALID',
      `Character(s) '${chars.join(', ')}' not allowed in revision identifier '${id}'${file === undefined ? '' : ` (${file})`}`,
      {
        hint: 'Revision ids may not contain @, -, + or : (they mean branch, relative and range in targets).',
        details: { id, file, chars },
      },
    );
  }
}

/** A branch label is declared twice, or equals a revision id. */
export class BranchLabelDuplicateError extends RevisionGraphError {
  constructor(label: string, revision: string, file: string | undefined, usedBy: string) {
    super(
      'BRANCH_LABEL_DUPLICATE',
      `Branch name '${label}' in revision ${where(revision, file)} already used by revision ${usedBy}`,
      {
        hint: 'Branch labels must be unique and differ from every revision id; rename one.',
        details: { label, revision, file, usedBy },
      },
    );
  }
}

/** No revision, label or unique prefix matches. */
export class RevisionNotFoundError extends RevisionGraphError {
  constructor(ref: string, message?: string) {
    super('REVISION_NOT_FOUND', message ?? `No such revision or branch '${ref}'`, {
      hint: 'Run `retort history` to list revisions and `retort branches` for labels.',
      details: { ref },
    });
  }
}

/** A `label@...` target names a label that does not exist. */
export class BranchNotFoundError extends RevisionGraphError {
  constructor(label: string) {
    super('BRANCH_NOT_FOUND', `No such branch: '${label}'`, {
      hint: 'Run `retort branches` or `retort heads --verbose` to see branch labels.',
      details: { label },
    });
  }
}

/** `label@rev` where rev is not on that branch's line. */
export class RevisionNotInBranchError extends RevisionGraphError {
  constructor(revision: string, label: string) {
    super('REVISION_NOT_IN_BRANCH', `Revision ${revision} is not a member of branch '${label}'`, {
      hint: 'Pick a revision that is an ancestor or descendant of the labelled revision.',
      details: { revision, label },
    });
  }
}

/** A prefix matches several revisions. */
export class AmbiguousRevisionError extends RevisionGraphError {
  constructor(ref: string, candidates: readonly { id: string; message: string }[]) {
    const list = candidates.map((c) => `  ${c.id}  ${c.message}`).join('\n');
    super('REVISION_AMBIGUOUS', `Multiple revisions start with '${ref}':\n${list}`, {
      hint: 'Type more characters of the id.',
      details: { ref, candidates: candidates.map((c) => c.id) },
    });
  }
}

/** One revision was required (`head`, `+1`, `-1`) but several heads answer. */
export class MultipleHeadsError extends RevisionGraphError {
  constructor(
    readonly heads: readonly string[],
    argument: string,
  ) {
    super(
      'REVISION_MULTIPLE_HEADS',
      `Multiple heads are present for given argument '${argument}'; ${heads.join(', ')}`,
      {
        hint:
          'Merge them with `retort merge -m "merge heads" heads`, name one branch with ' +
          '`<label>@head` (or `<rev>@head`, `<label>@-1`), or use `heads` to target all of them.',
        details: { heads, argument },
      },
    );
  }
}

/** `+N`/`-N` walked past a base or head. */
export class RelativeOutOfRangeError extends RevisionGraphError {
  /**
   * `wrongWay`: the verb whose direction the step contradicts (`downgrade +1`, `upgrade -1`);
   * the step is then not too big but pointing the other way.
   */
  constructor(relative: string, fromCurrent: boolean, wrongWay?: 'upgrade' | 'downgrade') {
    const n = Math.abs(Number.parseInt(relative, 10));
    const message = fromCurrent
      ? `Relative revision ${relative} didn't produce ${n} migrations`
      : `Walked too far: relative revision ${relative} goes past a base or head`;
    if (wrongWay !== undefined) {
      const other = wrongWay === 'downgrade' ? 'upgrade' : 'downgrade';
      const sign = wrongWay === 'downgrade' ? '-' : '+';
      super(
        'REVISION_RELATIVE_OUT_OF_RANGE',
        `${message}: ${wrongWay} goes ${wrongWay === 'downgrade' ? 'down' : 'up'}, and ${relative} points the other way`,
        {
          hint: `Use \`retort ${wrongWay} ${sign}${n}\`, or \`retort ${other} ${relative}\` to go ${wrongWay === 'downgrade' ? 'up' : 'down'}.`,
          details: { relative },
        },
      );
      return;
    }
    super('REVISION_RELATIVE_OUT_OF_RANGE', message, {
      hint: 'Use a smaller step, or `base` / `heads`.',
      details: { relative },
    });
  }
}

/** A relative walk met a branch point (up) or merge point (down) and cannot choose. */
export class AmbiguousWalkError extends RevisionGraphError {
  constructor(from: string, candidates: readonly string[], direction: 'up' | 'down' = 'up') {
    super(
      'REVISION_AMBIGUOUS_WALK',
      `Ambiguous walk from ${from}: it leads to ${candidates.join(', ')}`,
      {
        hint:
          direction === 'down'
            ? `${from} is a merge point: name the revision to go down to (${candidates.join(' or ')}), or qualify the step with a branch (\`<label>@-1\`).`
            : 'Qualify the target with a branch (`<label>@+1`) or name the revision.',
        details: { from, candidates },
      },
    );
  }
}

/** `start:end` where start is not below end, or downgrade to something not below the heads. */
export class RangeNotAncestorError extends RevisionGraphError {
  constructor(lower: string, upper: string) {
    super(
      'REVISION_RANGE_NOT_ANCESTOR',
      `Revision ${lower} is not an ancestor of revision ${upper}`,
      {
        hint: 'Write ranges as `older:newer`.',
        details: { lower, upper },
      },
    );
  }
}

/** Downgrade target is above or beside the current heads. */
export class InvalidDowngradeTargetError extends RevisionGraphError {
  constructor(target: string) {
    super(
      'REVISION_INVALID_DOWNGRADE_TARGET',
      `Destination ${target} is not a valid downgrade target from current head(s)`,
      {
        hint: 'Run `retort current` and `retort history` to pick a revision below the current heads.',
        details: { target },
      },
    );
  }
}

/** The version table names a revision no file defines. */
export class UnknownCurrentRevisionError extends RevisionGraphError {
  constructor(id: string) {
    super(
      'REVISION_NOT_FOUND',
      `Can't locate revision identified by '${id}' (it is in the version table but no revision file defines it)`,
      {
        hint: 'Restore the missing revision file, or fix the version table with `retort stamp --purge`.',
        details: { id },
      },
    );
  }
}
