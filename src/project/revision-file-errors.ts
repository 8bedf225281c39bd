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
