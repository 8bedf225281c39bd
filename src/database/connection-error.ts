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

/** Where the database URL came from, for messages. */
export type DatabaseUrlSource = 'config' | 'env' | 'default';

/** Names the place an operator fixes the URL: the variable or the config key. */
export function urlSourceName(source: DatabaseUrlSource | undefined): string {
  return source === 'env'
    ? 'DATABASE_URL (environment variable)'
    : source === 'config'
      ? '`databaseUrl` in the config file'
      : 'the database URL';
}

/**
 * The database URL is malformed or has an unsupported scheme: a config problem (exit 3). The
 * message names DATABASE_URL or the config key and never prints the URL's password.
 */
export class UnknownDatabaseUrlError extends RetortError {
  constructor(url: string, source?: DatabaseUrlSource, reason?: string) {
    const name = urlSourceName(source);
    const safe = safeUrlShape(url);
    super(
      'DATABASE_URL_INVALID',
      ExitCode.Config,
      reason === undefined
        ? `Unsupported database URL in ${name}: ${safe}.`
        : `${name[0]!.toUpperCase()}${name.slice(1)} is not a valid connection URL: ${reason} (${safe}).`,
      {
        hint: `Fix ${source === 'env' ? 'DATABASE_URL' : source === 'config' ? 'databaseUrl in the config file' : 'the URL'}: pglite:./path, pglite:memory, or postgres://user@host:5432/dbname (percent-encode special characters in the user and password).`,
        details: { url: safe, ...(source ? { source } : {}) },
      },
    );
  }
}

/**
 * The URL with everything between `://` and the last `@` hidden: safe even when malformed (an
 * unencoded `/` or `@` in a password must not leak it).
 */
function safeUrlShape(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return redactUrl(url.length > 80 ? `${url.slice(0, 80)}…` : url);
  const at = url.lastIndexOf('@');
  const shown = at === -1 ? url : `${scheme[0]}***${url.slice(at)}`;
  return shown.length > 120 ? `${shown.slice(0, 120)}…` : shown;
}

/**
 * Why a `postgres://` URL cannot be used, or undefined when it parses. Checked before the driver
 * sees it, so a typo is a config error naming its source, not a crash.
 */
export function postgresUrlProblem(url: string): string | undefined {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined && !/\s/.test(url)) return undefined;
  // The host and port follow the last `@` (the user and password, never shown, precede it).
  const rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const afterAt = rest.slice(rest.lastIndexOf('@') + 1);
  const end = afterAt.search(/[/?#]/);
  const hostPort = end === -1 ? afterAt : afterAt.slice(0, end);
  const port = /^(?:\[[^\]]*\]|[^:]*):(.*)$/.exec(hostPort)?.[1];
  if (port !== undefined && port !== '' && !/^\d+$/.test(port))
    return `the port "${port.length > 20 ? `${port.slice(0, 20)}…` : port}" is not a number`;
  if (port !== undefined && Number(port) > 65535) return `the port ${port} is out of range`;
  if (/\s/.test(url)) return 'it contains a space (write %20)';
  return 'it cannot be parsed (check the user, password, host and port; percent-encode @, : and / inside the password)';
}
