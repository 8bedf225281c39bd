/**
 * Exit codes are part of the CLI's contract (documented in README.md). Every error a user can
 * act on is a {@link RetortError} carrying one of them.
 */
export const ExitCode = {
  /** Success. */
  Ok: 0,
  /** The command ran and found a problem: `check` found drift, `lint` found error-level findings. */
  Findings: 1,
  /** Bad command-line usage: unknown option, missing argument. */
  Usage: 2,
  /** The config file is missing, does not load, or has a wrong value. */
  Config: 3,
  /** Revision files or the revision graph: malformed file, cycle, duplicate, unknown or ambiguous revision, several heads. */
  Revision: 4,
  /** A migration failed while running; its transaction was rolled back. */
  Migration: 5,
  /** The database could not be reached or refused the login. */
  Connection: 6,
  /** Another migrator holds the migration lock, or a lock_timeout was exhausted after retries. */
  Lock: 7,
  /** A safety check refused to run: edited applied migration, half-applied migration, lint gate. */
  Safety: 8,
  /** A bug in retort. Please report it with the output of `--debug`. */
  Internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface RetortErrorOptions {
  /** How to fix it, as one or two sentences. */
  hint?: string | undefined;
  /** Structured data for `--json` output (never secrets). */
  details?: Record<string, unknown> | undefined;
  cause?: unknown;
}

/**
 * Base class of every error a user can act on. `code` is stable (documented, safe to match on);
 * `exitCode` is what the CLI exits with.
 *
 * @example
 * throw new RetortError('REVISION_NOT_FOUND', ExitCode.Revision, "No revision matches 'abc'", {
 *   hint: 'Run `retort history` to list revisions.',
 * });
 */
export class RetortError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, exitCode: ExitCode, message: string, options: RetortErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details;
  }

  toJSON(): Record<string, unknown> {
    return {
      error: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
      exitCode: this.exitCode,
    };
  }
}

export function isRetortError(value: unknown): value is RetortError {
  return value instanceof RetortError;
}
