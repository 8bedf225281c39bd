import type { ResolvedConfig } from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { redactUrl } from '../core/redact.js';
import { connectWithConfig } from '../database/connect.js';

export interface SqlOptions {
  readonly config: ResolvedConfig;
  /** One statement (rows come back), or several separated by `;` (run as one batch, no rows). */
  readonly query: string;
}

export interface SqlResult {
  readonly database: string;
  /** Column names in order (from the first row; empty when no rows came back). */
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
  readonly rowCount: number;
}

/** PostgreSQL said no: the statement's error, exit 5. */
export class SqlFailedError extends RetortError {
  constructor(message: string, sqlState: string | undefined) {
    super(
      'SQL_FAILED',
      ExitCode.Migration,
      `${message}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}`,
      {
        hint: 'Nothing was changed by the failing statement. Check the SQL and run it again.',
        ...(sqlState ? { details: { sqlState } } : {}),
      },
    );
  }
}

/**
 * `retort sql "SELECT …"`: runs SQL on the configured database (the embedded one by default, or
 * through `retort db serve` when it runs) and returns the rows.
 *
 * @example
 * const { rows } = await sql({ config, query: 'SELECT count(*) FROM users' });
 */
export async function sql(options: SqlOptions): Promise<SqlResult> {
  const { config } = options;
  const db = await connectWithConfig(config);
  try {
    try {
      const result = await db.query(options.query);
      const first = result.rows[0];
      return {
        database: redactUrl(config.databaseUrl),
        columns: first ? Object.keys(first) : [],
        rows: result.rows,
        // PGlite reports 0 affected rows for a SELECT; the rows returned are the count then.
        rowCount: first ? result.rows.length : result.rowCount,
      };
    } catch (error) {
      const e = error as { message?: string; code?: string };
      if (/multiple commands|cannot insert multiple commands/i.test(e.message ?? '')) {
        await db.exec(options.query);
        return { database: redactUrl(config.databaseUrl), columns: [], rows: [], rowCount: 0 };
      }
      throw new SqlFailedError(e.message ?? String(error), e.code);
    }
  } finally {
    await db.close();
  }
}
