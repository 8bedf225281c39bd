import { randomBytes } from 'node:crypto';
import type { ResolvedConfig } from '../../core/config.js';
import { ExitCode, RetortError } from '../../core/errors.js';
import { redactUrl } from '../../core/redact.js';
import { quoteIdent } from '../../core/sql/quote.js';
import type { DatabaseClient } from '../../database/client.js';
import { connect } from '../../database/connect.js';
import { openScratchDatabase } from '../../database/scratch-database.js';

/** Where `retort test` gets empty databases, and how it gets rid of them. */
export interface ScratchDatabases {
  /** `pglite:memory`, or the server (password redacted). */
  readonly label: string;
  /** A new empty database. */
  open(): Promise<DatabaseClient>;
  /** Closes (and on a server drops) every database opened; never throws. */
  dispose(): Promise<void>;
}

/** `--database` names neither PostgreSQL nor the embedded in-memory database. */
export class TestDatabaseUrlError extends RetortError {
  constructor(url: string) {
    super(
      'TEST_DATABASE_URL',
      ExitCode.Usage,
      `retort test --database needs a postgres:// server URL (or pglite:memory), not ${redactUrl(url)}.`,
      {
        hint: 'Give the server to create throwaway databases on, e.g. --database postgres://user@host/postgres; without --database the test runs on an embedded in-memory database.',
      },
    );
  }
}

/**
 * In-memory PGlite databases (the default), or throwaway databases `retort_test_<random>` created
 * on a PostgreSQL server through `url` and dropped afterwards. The configured database itself is
 * never touched.
 */
export function scratchDatabases(
  config: ResolvedConfig,
  options: { url?: string | undefined; extensions: readonly string[]; cacheDir: string },
): ScratchDatabases {
  const url = options.url;
  if (url === undefined || url === 'pglite:memory' || url === 'pglite:') {
    const open: DatabaseClient[] = [];
    return {
      label: 'pglite:memory',
      async open() {
        const db = await openScratchDatabase({
          extensions: options.extensions,
          cacheDir: options.cacheDir,
        });
        open.push(db);
        return db;
      },
      async dispose() {
        for (const db of open.splice(0)) await db.close().catch(() => undefined);
      },
    };
  }
  if (!/^postgres(?:ql)?:\/\//i.test(url)) throw new TestDatabaseUrlError(url);
  const connection = {
    rootDir: config.rootDir,
    passwordFile: config.connection.passwordFile,
    ssl: config.connection.ssl,
    connectTimeoutMs: config.connection.connectTimeoutMs,
  };
  const created: { name: string; db: DatabaseClient | undefined }[] = [];
  const admin = async <T>(body: (db: DatabaseClient) => Promise<T>): Promise<T> => {
    const db = await connect({ url, ...connection });
    try {
      return await body(db);
    } finally {
      await db.close().catch(() => undefined);
    }
  };
  return {
    label: redactUrl(url),
    async open() {
      const name = `retort_test_${randomBytes(6).toString('hex')}`;
      await admin(async (db) => {
        try {
          await db.exec(`CREATE DATABASE ${quoteIdent(name)}`);
        } catch (error) {
          throw new RetortError(
            'TEST_DATABASE_CREATE',
            ExitCode.Connection,
            `Cannot create the throwaway database ${name} on ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`,
            {
              hint: 'The role in --database needs the CREATEDB privilege (ALTER ROLE … CREATEDB), or run without --database on the embedded database.',
            },
          );
        }
      });
      const entry: { name: string; db: DatabaseClient | undefined } = { name, db: undefined };
      created.push(entry);
      const target = new URL(url);
      target.pathname = `/${name}`;
      entry.db = await connect({ url: target.toString(), ...connection });
      return entry.db;
    },
    async dispose() {
      const list = created.splice(0);
      for (const entry of list) await entry.db?.close().catch(() => undefined);
      if (list.length === 0) return;
      await admin(async (db) => {
        for (const { name } of list) {
          await db
            .exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
            .catch(() => db.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`))
            .catch(() => undefined);
        }
      }).catch(() => undefined);
    },
  };
}
