import { ExitCode, RetortError } from '../core/errors.js';
import { redactSecrets, redactUrl } from '../core/redact.js';

/**
 * The database could not be reached or refused the login. One line, exit 6, never the password.
 *
 * @example
 * throw new ConnectionError('postgres://app:***@db/app', 'password authentication failed', '28P01');
 */
export class ConnectionError extends RetortError {
  constructor(
    url: string,
    reason: string,
    options: { sqlState?: string; hint?: string; secrets?: readonly (string | undefined)[] } = {},
  ) {
    const safeUrl = redactUrl(url);
    const safeReason = redactSecrets(reason.split('\n')[0] ?? reason, options.secrets ?? []);
    super(
      'CONNECTION_FAILED',
      ExitCode.Connection,
      `Could not connect to ${safeUrl}: ${safeReason}${options.sqlState ? ` (SQLSTATE ${options.sqlState})` : ''}`,
      {
        hint: options.hint ?? 'Check databaseUrl in retort.config.ts or DATABASE_URL.',
        details: { url: safeUrl, ...(options.sqlState ? { sqlState: options.sqlState } : {}) },
      },
    );
  }
}

/** The URL's scheme is neither `pglite:` nor `postgres(ql)://`. */
export class UnknownDatabaseUrlError extends RetortError {
  constructor(url: string) {
    super(
      'DATABASE_URL_INVALID',
      ExitCode.Connection,
      `Unsupported database URL ${redactUrl(url)}.`,
      {
        hint: 'Use pglite:./path, pglite:memory, or postgres://user@host:5432/dbname.',
        details: { url: redactUrl(url) },
      },
    );
  }
}
