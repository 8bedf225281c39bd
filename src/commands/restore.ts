import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { redactUrl } from '../core/redact.js';
import { connectWithConfig } from '../database/connect.js';
import { rolesInSql } from './replay-roles.js';

export interface RestoreOptions {
  readonly config: ResolvedConfig;
  /** A plain-SQL dump (`retort backup`, `pg_dump --format=plain`). */
  readonly file: string;
  /** Confirmed on the command line (`--yes`). */
  readonly yes?: boolean | undefined;
  /** Asks the user (a TTY prompt); absent and no `yes`: refused. */
  readonly confirm?: ((question: string) => Promise<boolean>) | undefined;
}

export interface RestoreResult {
  readonly database: string;
  readonly file: string;
  readonly bytes: number;
  /** Tables in the database afterwards. */
  readonly tables: number;
}

/** Lines a plain dump may hold that are psql commands, not SQL. */
const PSQL_GUARD = /^\\(?:un)?restrict\s+\S+\s*$/;

/**
 * The dump as SQL one connection can run: psql's `\restrict` guard lines (pg_dump 17.6+/18)
 * dropped; a setting the target server does not know (`transaction_timeout` before 17) removed.
 */
export function dumpToSql(text: string, serverVersionNum: number): string {
  const lines = text.split('\n').filter((line) => !PSQL_GUARD.test(line));
  const meta = lines.find((line) => /^\\[a-z]/i.test(line));
  if (meta !== undefined)
    throw new RetortError(
      'RESTORE_NOT_PLAIN_SQL',
      ExitCode.Usage,
      `The dump holds a psql command (${meta.slice(0, 40)}), which only psql runs.`,
      {
        hint: 'Restore it with `psql -v ON_ERROR_STOP=1 -f FILE` against a server, or make a plain dump with `retort backup`.',
      },
    );
  return lines
    .filter((line) => serverVersionNum >= 170000 || !/^SET transaction_timeout = /.test(line))
    .join('\n');
}

const COUNT_OBJECTS = `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;

const COUNT_TABLES = `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;

/**
 * `retort restore FILE`: replays a plain-SQL dump into the configured database, which must be
 * empty, in one transaction (all or nothing), after a confirmation.
 *
 * @example
 * await restore({ config, file: 'backup-2026-11-30T02-15-00.sql', yes: true });
 */
export async function restore(options: RestoreOptions): Promise<RestoreResult> {
  const { config } = options;
  const path = resolve(process.cwd(), options.file);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new RetortError(
      'RESTORE_FILE_UNREADABLE',
      ExitCode.Usage,
      `Cannot read ${path}: ${error.code ?? error.message}.`,
      { hint: 'Pass the path of a dump written by `retort backup` or `pg_dump`.' },
    );
  });
  const database = redactUrl(config.databaseUrl);
  if (!options.yes) {
    const ok = options.confirm
      ? await options.confirm(`Restore ${options.file} into ${database}?`)
      : false;
    if (!ok)
      throw new RetortError(
        'RESTORE_NOT_CONFIRMED',
        ExitCode.Usage,
        `Restoring into ${database} needs a confirmation.`,
        { hint: 'Pass --yes to restore without asking.' },
      );
  }
  const embedded = config.databaseUrl.startsWith('pglite:');
  const { extensionsIn } = await import('../database/pglite-extensions.js');
  const db = await connectWithConfig(config, { extensions: extensionsIn(text) });
  try {
    const before = await db.query<{ n: number }>(COUNT_OBJECTS);
    const objects = Number(before.rows[0]?.n ?? 0);
    if (objects > 0)
      throw new RetortError(
        'RESTORE_TARGET_NOT_EMPTY',
        ExitCode.Safety,
        `${database} is not empty (${objects} tables, views or sequences); restore only fills an empty database.`,
        {
          hint: embedded
            ? 'Restore into a new directory (e.g. DATABASE_URL=pglite:./.retort/restored), or move .retort/db away first.'
            : 'Create an empty database (createdb) and point DATABASE_URL at it.',
          details: { objects },
        },
      );
    const sql = dumpToSql(text, await db.serverVersion());
    // A dump names roles (GRANT … TO, CREATE POLICY … TO) but never creates them. An embedded
    // database is its own cluster, so the roles it lacks are created (NOLOGIN) in the same
    // transaction; a server's roles are the operator's (the error below says which is missing).
    const roles = embedded ? rolesInSql(sql) : [];
    try {
      await db.exec('BEGIN');
      if (roles.length > 0) {
        const { createRoles } = await import('../database/normalise-declaration.js');
        await createRoles(db, roles);
      }
      await db.exec(`${sql}\n;COMMIT;`);
    } catch (error) {
      await db.exec('ROLLBACK').catch(() => undefined);
      const e = error as { message?: string; code?: string };
      throw new RetortError(
        'RESTORE_FAILED',
        ExitCode.Migration,
        `Restoring ${options.file} failed and was rolled back: ${e.message ?? String(error)}${e.code ? ` (SQLSTATE ${e.code})` : ''}`,
        {
          hint:
            e.code === '42704' && /\brole\b/.test(e.message ?? '')
              ? 'The database is still empty. The dump grants to a role this server lacks: create it first (CREATE ROLE name NOLOGIN), then run again.'
              : 'The database is still empty. Fix the dump (or the server version) and run again.',
        },
      );
    } finally {
      // The dump sets session settings (search_path = ''); a served database shares its session.
      await db.exec('RESET ALL').catch(() => undefined);
    }
    const after = await db.query<{ n: number }>(COUNT_TABLES);
    return {
      database,
      file: options.file,
      bytes: Buffer.byteLength(text),
      tables: Number(after.rows[0]?.n ?? 0),
    };
  } finally {
    await db.close();
  }
}
