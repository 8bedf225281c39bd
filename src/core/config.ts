/**
 * What `retort.config.ts` may say. Every key is optional; {@link resolveConfig} fills defaults.
 */
export interface RetortConfig {
  /** Directory of revision files, relative to the config file. Default `migrations`. */
  migrationsDir?: string;
  /**
   * Database URL: `pglite:./.retort/db` (embedded, the default), `pglite:memory`, or
   * `postgres://…`. The `DATABASE_URL` environment variable overrides it.
   */
  databaseUrl?: string;
  /** Version table name. Default `retort_version`; set `alembic_version` to take over from Alembic. */
  versionTable?: string;
  /** Schema of the version table. Default `public`. */
  versionTableSchema?: string;
  /** Path of the TypeScript schema declaration, relative to the config file (for autogenerate and check). */
  schema?: string;
  /**
   * Schemas another tool owns (e.g. Supabase's `['auth', 'storage']`): never read from a
   * database by `check`, `revision --autogenerate --from-db` and `pull`, so neither compared nor
   * reported as unmanaged. Every other non-system schema is read (`check --exclude` adds more).
   */
  excludeSchemas?: string[];
  /** Connection settings for `postgres://` URLs. */
  connection?: {
    /** File holding the password (first line), relative to the config file; used when the URL has none. */
    passwordFile?: string;
    /** TLS options passed to node-postgres as `ssl` (escape hatch; `sslmode` in the URL also works). */
    ssl?: boolean | Record<string, unknown>;
    /** Give up connecting after this many ms. Default 10000. */
    connectTimeoutMs?: number;
  };
  /** Runner settings. */
  run?: {
    /** `lock_timeout` set in every migration transaction, in ms. Default 5000. */
    lockTimeoutMs?: number;
    /** `statement_timeout` in every migration transaction, in ms. Default 0 (none). */
    statementTimeoutMs?: number;
    /** How many times a statement that hit lock_timeout is retried, with backoff. Default 3. */
    lockRetries?: number;
    /** How long to wait for another migrator's advisory lock, in ms. Default 30000. */
    lockWaitMs?: number;
    /** `per-migration` (default) or `single`: the whole upgrade in one transaction. */
    transaction?: 'per-migration' | 'single';
    /**
     * The migration lock: `advisory` (a session advisory lock), `table` (a lease row in
     * `<versionTable>_lock`, renewed by heartbeats: works through transaction-mode poolers and on
     * engines without advisory locks), or `auto` (default: advisory, the lease where a
     * transaction pooler is detected or advisory locks do not exist).
     */
    lock?: 'auto' | 'advisory' | 'table';
    /** How long a lease lives without a heartbeat before another run may take it over, in ms. Default 30000. */
    leaseTtlMs?: number;
  };
  /**
   * The fleet (`--target`, `--all-targets`, `migrateFleet`): a list of named databases or
   * schemas, a SQL query returning tenant schema names, or a function returning targets.
   */
  targets?: TargetsConfig;
  /** Linter settings. */
  lint?: {
    /** What `upgrade` does with error-level findings: `error` (refuse, default), `warn`, `off`. */
    gate?: 'error' | 'warn' | 'off';
    /** Oldest PostgreSQL major version the migrations must be safe on. Default 12. */
    targetVersion?: number;
    /** Per-rule severity overrides, by rule name or code; `off` disables a rule. */
    rules?: Record<string, 'error' | 'warning' | 'info' | 'off'>;
  };
}

/**
 * One member of a fleet: a database (`url`), a schema of a database (`schema`: the version and
 * history tables live in it and migrations run with `search_path` set to it), or both.
 */
export interface TargetSpec {
  /** Unique; `--target` matches it (globs allowed). */
  readonly name: string;
  /** Database URL; default the config's `databaseUrl`. */
  readonly url?: string;
  /** Schema-per-tenant: the tenant's schema. */
  readonly schema?: string;
}

/** `targets` in the config. */
export type TargetsConfig =
  | readonly TargetSpec[]
  | {
      /** SQL returning one column of tenant schema names (e.g. `SELECT schema_name FROM tenants`). */
      readonly schemasQuery: string;
      /** The database the query and the tenants live in; default `databaseUrl`. */
      readonly url?: string;
    }
  | ((context: {
      readonly databaseUrl: string;
    }) => readonly TargetSpec[] | Promise<readonly TargetSpec[]>);

/** The config with every default applied and every path absolute. */
export interface ResolvedConfig {
  /** Absolute path of the config file, or undefined when none was found (defaults only). */
  readonly configFile: string | undefined;
  /** Absolute path of the project root (the config file's directory). */
  readonly rootDir: string;
  readonly migrationsDir: string;
  readonly databaseUrl: string;
  /** Where `databaseUrl` came from, for messages: `config`, `env` (DATABASE_URL) or `default`. */
  readonly databaseUrlSource: 'config' | 'env' | 'default';
  /** The `.env` file whose variables were read (absent: none, or loading was turned off). */
  readonly dotenvFile?: string | undefined;
  /**
   * Notes for the user about how the config was read (e.g. a SQLAlchemy URL's driver suffix was
   * dropped). Never contain a URL or any other value from the environment.
   */
  readonly notes?: readonly string[];
  readonly versionTable: string;
  readonly versionTableSchema: string;
  readonly schema: string | undefined;
  /** `excludeSchemas`: schemas never read from a database (absent: none). */
  readonly excludeSchemas?: readonly string[];
  readonly connection: {
    readonly passwordFile: string | undefined;
    readonly ssl: boolean | Record<string, unknown> | undefined;
    readonly connectTimeoutMs: number;
  };
  readonly run: Required<NonNullable<RetortConfig['run']>>;
  readonly targets: TargetsConfig | undefined;
  readonly lint: {
    readonly gate: 'error' | 'warn' | 'off';
    readonly targetVersion: number;
    readonly rules: Readonly<Record<string, 'error' | 'warning' | 'info' | 'off'>>;
  };
}

/**
 * Types a config file. The identity function.
 *
 * @example
 * // retort.config.ts
 * import { defineConfig } from 'retort-pg';
 * export default defineConfig({ migrationsDir: 'migrations' });
 */
export function defineConfig(config: RetortConfig): RetortConfig {
  return config;
}

export const DEFAULT_DATABASE_URL = 'pglite:./.retort/db';

/**
 * Accepts a URL copied from a Python app: SQLAlchemy's `postgresql+asyncpg://`,
 * `postgresql+psycopg2://`, `postgresql+psycopg://`, `postgres+…://` lose the `+driver` part
 * (node-postgres is the driver). Returns the URL unchanged when there is no driver suffix.
 *
 * @example
 * normalizeSqlAlchemyUrl('postgresql+asyncpg://app@db/prod');
 * // → { url: 'postgresql://app@db/prod', driver: 'asyncpg' }
 */
export function normalizeSqlAlchemyUrl(url: string): { url: string; driver?: string } {
  const match = /^(postgres(?:ql)?)\+([A-Za-z0-9_]+):\/\//.exec(url);
  if (!match) return { url };
  return { url: `postgresql://${url.slice(match[0].length)}`, driver: match[2]! };
}
export const DEFAULT_VERSION_TABLE = 'retort_version';
