import { ExitCode, RetortError } from './errors.js';

/** The fields node-postgres and PGlite errors carry. */
export interface ServerError {
  code?: string;
  message?: string;
  detail?: string;
  position?: string | number;
  severity?: string;
}

/** A PostgreSQL error (a five-character SQLSTATE), from either driver. */
export function isServerError(error: unknown): error is ServerError & Error {
  const code = (error as ServerError | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/**
 * The privilege a `permission denied` / `must be owner` message (SQLSTATE 42501) says is
 * missing, as a sentence with the GRANT that fixes it; undefined for other messages.
 *
 * @example
 * privilegeHint('permission denied for schema public', 'app');
 * // → 'The role app lacks CREATE (or USAGE) on schema public: GRANT CREATE, USAGE ON SCHEMA public TO app; …'
 */
export function privilegeHint(message: string, role?: string): string | undefined {
  const who = role ? `The role ${role}` : 'The role retort connects as';
  const to = role ?? '<role>';
  let m = /permission denied for schema (\S+)/.exec(message);
  if (m)
    return `${who} lacks CREATE (to create objects) or USAGE (to use them) on schema ${m[1]}: run \`GRANT CREATE, USAGE ON SCHEMA ${m[1]} TO ${to};\` as its owner, or connect as a role that owns the schema.`;
  m =
    /permission denied for (table|sequence|view|materialized view|function|type|database) (\S+)/.exec(
      message,
    );
  if (m) {
    const privilege =
      m[1] === 'database'
        ? 'CREATE (to create schemas) or CONNECT'
        : m[1] === 'function'
          ? 'EXECUTE'
          : 'the needed privilege (SELECT, INSERT, UPDATE, DELETE, REFERENCES, …)';
    return `${who} lacks ${privilege} on ${m[1]} ${m[2]}: grant it (\`GRANT … ON ${m[1] === 'materialized view' || m[1] === 'view' ? 'TABLE' : m[1]!.toUpperCase()} ${m[2]} TO ${to};\`), or run migrations as the objects' owner.`;
  }
  m = /must be owner of (\S+(?: \S+)?) (\S+)/.exec(message);
  if (m)
    return `Only the owner of ${m[1]} ${m[2]} (or a member of the owning role) may alter or drop it: run migrations as that role, or \`ALTER ${m[1]!.toUpperCase()} ${m[2]} OWNER TO ${to};\`.`;
  if (/permission denied to create extension/.test(message))
    return 'Creating this extension needs a superuser (or a trusted extension and CREATE on the database): ask an administrator to create it, then stamp or keep the migration idempotent (CREATE EXTENSION IF NOT EXISTS).';
  if (/permission denied/.test(message))
    return `${who} lacks a privilege this statement needs (${message}); grant it, or run migrations as the objects' owner.`;
  return undefined;
}

/** Hints for server errors met outside a migration statement (or with no better hint). */
export function serverErrorHint(error: ServerError, role?: string): string | undefined {
  const message = error.message ?? '';
  switch (error.code) {
    case '42501':
      return privilegeHint(message, role);
    case '57P01':
    case '57P02':
    case '57P03':
      return 'The server ended this session (an administrator ran pg_terminate_backend, or the server is shutting down or restarting); nothing in the open transaction was committed. Find out why, then run again.';
    case '57014':
      return 'The statement was cancelled (statement_timeout, or pg_cancel_backend from another session); its transaction was rolled back.';
    case '25006':
      return 'The server is read-only (a hot standby, or default_transaction_read_only): point retort at the primary.';
    case '53100':
    case '53200':
    case '53300':
      return 'The server ran out of a resource (disk, memory or connections): free some and run again.';
    case '40P01':
      return 'A deadlock with another session: run again when the other work is done.';
    default:
      return undefined;
  }
}

/**
 * A database error that escaped every more specific handler: a RetortError (exit 5) with the
 * SQLSTATE and a hint, so an ordinary server refusal never reads as a bug in retort.
 */
export function databaseError(error: unknown, role?: string): RetortError | undefined {
  if (isServerError(error)) {
    const message = (error.message ?? '').split('\n')[0] ?? '';
    return new RetortError(
      error.code === '42501' ? 'PERMISSION_DENIED' : 'DATABASE_ERROR',
      ExitCode.Migration,
      `The database refused: ${message} (SQLSTATE ${error.code})${error.detail ? `\n  detail: ${error.detail}` : ''}`,
      {
        hint:
          serverErrorHint(error, role) ??
          'See the message and SQLSTATE in the PostgreSQL documentation (Appendix A, error codes).',
        details: { sqlState: error.code, message },
        cause: error,
      },
    );
  }
  const message = error instanceof Error ? error.message : '';
  if (
    /Connection terminated|not queryable|ECONNRESET|EPIPE|server closed the connection/i.test(
      message,
    )
  ) {
    return new RetortError(
      'CONNECTION_LOST',
      ExitCode.Connection,
      `The connection to the database was lost: ${message.split('\n')[0]}`,
      {
        hint: 'The server or the network ended the session (pg_terminate_backend, a restart, a proxy timeout); nothing uncommitted was kept. Run `retort current` to see where the database stands, then run again.',
        cause: error,
      },
    );
  }
  return undefined;
}
