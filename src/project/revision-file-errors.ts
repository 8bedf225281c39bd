import { ExitCode, RetortError } from '../core/errors.js';

/**
 * A revision file that retort cannot read: a header or a literal it does not understand, a
 * missing or duplicated section. Names the file, the line and what was expected.
 *
 * @example
 * throw new MalformedRevisionFileError({
 *   file: 'migrations/ab12_add.sql', line: 3, problem: 'unknown header key `revison`',
 *   expected: 'one of revision, revises, message, depends-on, branch-labels, transactional, created',
 * });
 */
export class MalformedRevisionFileError extends RetortError {
  readonly file: string;
  readonly line: number;
  constructor(options: {
    file: string;
    line: number;
    problem: string;
    expected: string;
    hint?: string;
  }) {
    super(
      'REVISION_FILE_MALFORMED',
      ExitCode.Revision,
      `${options.file}:${options.line}: ${options.problem}; expected ${options.expected}.`,
      {
        hint:
          options.hint ?? 'Fix the file by hand; `docs/revisions.md` describes both file formats.',
        details: { file: options.file, line: options.line, expected: options.expected },
      },
    );
    this.file = options.file;
    this.line = options.line;
  }
}

/** A `<revision>_<slug>.ts|.sql` file whose content is not a retort migration at all. */
export class NotAMigrationError extends RetortError {
  readonly file: string;
  constructor(file: string, reason: string) {
    super(
      'REVISION_FILE_NOT_A_MIGRATION',
      ExitCode.Revision,
      `${file} is not a migration: ${reason}.`,
      {
        hint:
          'A TypeScript revision file must `export default defineMigration({...})`; a SQL one starts with ' +
          '`-- revision:` header lines and has `-- retort:upgrade` and `-- retort:downgrade` sections. ' +
          'Move other files out of the migrations directory, or name them without a `<revision>_` prefix.',
        details: { file },
      },
    );
    this.file = file;
  }
}

/** The revision id inside a file differs from the id its file name starts with. */
export class RevisionFileNameMismatchError extends RetortError {
  constructor(file: string, revision: string) {
    super(
      'REVISION_FILE_NAME_MISMATCH',
      ExitCode.Revision,
      `${file} declares revision '${revision}', but its file name does not start with '${revision}_'.`,
      {
        hint: `Rename the file to ${revision}_<slug> (keeping its extension), or fix the revision id inside it.`,
        details: { file, revision },
      },
    );
  }
}

/** Two files declare the same revision id. */
export class DuplicateRevisionFileError extends RetortError {
  constructor(revision: string, files: readonly [string, string]) {
    super(
      'REVISION_DUPLICATE',
      ExitCode.Revision,
      `Revision '${revision}' is declared twice: in ${files[0]} and in ${files[1]}.`,
      {
        hint: 'Give one of them a new id (and update every `revises` that meant it), or delete the copy.',
        details: { revision, files },
      },
    );
  }
}

/** The configured migrations directory does not exist (exit 3: the config points nowhere). */
export class MigrationsDirMissingError extends RetortError {
  constructor(migrationsDir: string) {
    super(
      'MIGRATIONS_DIR_MISSING',
      ExitCode.Config,
      `The migrations directory ${migrationsDir} does not exist.`,
      {
        hint: 'Create it, run `retort init`, or point `migrationsDir` in the config at the right directory.',
        details: { migrationsDir },
      },
    );
  }
}

/** `line:column` of the innermost stack frame in `absolutePath`, if the stack has one. */
export function frameInFile(error: unknown, absolutePath: string): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const line of stack.split('\n')) {
    const at = line.indexOf(`${absolutePath}:`);
    if (at === -1) continue;
    const m = /^:(\d+):(\d+)/.exec(line.slice(at + absolutePath.length));
    if (m) return `${m[1]}:${m[2]}`;
  }
  return undefined;
}

/**
 * A TypeScript migration could not be imported (a missing module, a syntax error: exit 4) or its
 * upgrade()/downgrade() threw (exit 5). Names the revision, the file and the line.
 */
export class MigrationCodeError extends RetortError {
  constructor(
    phase: 'import' | 'up' | 'down',
    revision: string,
    file: string,
    absolutePath: string,
    error: unknown,
  ) {
    const raw = error instanceof Error ? error.message : String(error);
    // Node's "Require stack:" list repeats the file; the first line says it all.
    const message = raw.split('\n')[0] ?? raw;
    const jiti = (error as { __JITI_ERROR__?: { line?: number; column?: number } } | null)
      ?.__JITI_ERROR__;
    const at =
      frameInFile(error, absolutePath) ??
      (jiti?.line === undefined ? undefined : `${jiti.line}:${(jiti.column ?? 0) + 1}`);
    const missing = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
    super(
      phase === 'import' ? 'MIGRATION_IMPORT_FAILED' : 'MIGRATION_THREW',
      phase === 'import' ? ExitCode.Revision : ExitCode.Migration,
      phase === 'import'
        ? `Revision ${revision}: cannot load ${file}${at ? `:${at}` : ''}: ${message}`
        : `Revision ${revision}: ${phase === 'up' ? 'upgrade' : 'downgrade'}() in ${file}${at ? `:${at}` : ''} threw: ${message}`,
      {
        hint:
          missing !== undefined
            ? `The migration imports '${missing}', which cannot be found from ${file}: fix the path, or install the package.`
            : phase === 'import'
              ? 'Fix the error in the migration file; run with --debug for the stack trace.'
              : 'Nothing of this revision was committed. Fix the code and run again; --debug prints the stack trace.',
        details: { revision, file, ...(at ? { at } : {}), phase },
        cause: error,
      },
    );
    if (error instanceof Error && error.stack)
      this.stack = `${this.stack ?? ''}\ncaused by ${error.stack}`;
  }
}
