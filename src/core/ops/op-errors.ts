import { ExitCode, RetortError } from '../errors.js';

/** Where an op call sits, for messages. */
export interface OpLocation {
  readonly file?: string | undefined;
  readonly revision?: string | undefined;
}

function where(location: OpLocation): string {
  if (location.revision !== undefined && location.file !== undefined)
    return `revision ${location.revision} (${location.file})`;
  if (location.revision !== undefined) return `revision ${location.revision}`;
  return location.file ?? 'a migration';
}

/**
 * An `op` call with an argument retort cannot render: an empty name, a column type containing
 * `;`, a unique constraint with no columns…
 *
 * @example
 * throw new InvalidOperationError('createIndex', 'needs at least one key', {});
 */
export class InvalidOperationError extends RetortError {
  /** The op method, e.g. `createIndex`. */
  readonly op: string;
  /** What is wrong, without the location. */
  readonly problem: string;

  constructor(op: string, problem: string, location: OpLocation & { line?: number } = {}) {
    const at = location.line === undefined ? '' : ` line ${location.line}`;
    super(
      'INVALID_OPERATION',
      ExitCode.Revision,
      `op.${op} in ${where(location)}${at}: ${problem}`,
      {
        hint: 'Fix the arguments of that op call in the migration file.',
        details: { op, ...location },
      },
    );
    this.op = op;
    this.problem = problem;
  }
}

/** A `lintIgnore` entry (or a `-- retort-ignore` comment) without a rule or without a reason. */
export class InvalidLintIgnoreError extends RetortError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INVALID_LINT_IGNORE', ExitCode.Revision, message, {
      hint:
        'Every suppression names a rule and says why: ' +
        "{ rule: 'ban-drop-column', reason: 'column unused since v2' } or " +
        '`-- retort-ignore ban-drop-column: column unused since v2`.',
      details,
    });
  }
}

/** `op.query` called while rendering offline SQL (`--sql`), where there is no database to ask. */
export class OfflineQueryError extends RetortError {
  constructor(location: OpLocation = {}) {
    const subject =
      location.revision === undefined ? 'this revision' : `revision ${location.revision}`;
    super(
      'OFFLINE_QUERY',
      ExitCode.Revision,
      `${subject}'s data migration needs a live database; run it online or move the data step to a separate revision` +
        (location.file === undefined ? '' : ` (${location.file})`),
      {
        hint: 'Offline SQL (--sql) cannot run op.query(). Apply this revision online, or generate SQL only for the range before it.',
        details: { ...location },
      },
    );
  }
}
