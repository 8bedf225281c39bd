import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import { compileFunction } from 'node:vm';
import {
  DEFAULT_DATABASE_URL,
  normalizeSqlAlchemyUrl,
  DEFAULT_VERSION_TABLE,
  type ResolvedConfig,
  type RetortConfig,
  type TargetsConfig,
} from '../core/config.js';
import { ExitCode, RetortError } from '../core/errors.js';
import { VERSION } from '../version.js';

export const CONFIG_FILE_NAMES = [
  'retort.config.ts',
  'retort.config.mts',
  'retort.config.js',
  'retort.config.mjs',
];

export class ConfigError extends RetortError {
  constructor(message: string, hint?: string, details?: Record<string, unknown>) {
    super('CONFIG_INVALID', ExitCode.Config, message, { hint, details });
  }
}

export interface LoadConfigOptions {
  /** Directory to search from. Default `process.cwd()`. */
  cwd?: string;
  /** Explicit config file (the CLI's `--config`). */
  configFile?: string;
  /** Environment to read `DATABASE_URL` from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * Read a `.env` file in the project root (the config's directory, else cwd): its variables
   * fill in those not already set. Default true; `--no-dotenv` or `RETORT_DOTENV=0` turn it off.
   */
  dotenv?: boolean;
}

/**
 * Reads `<dir>/.env` (dotenv syntax, parsed by Node's util.parseEnv) into `env` for the keys it
 * does not already hold. Returns the file when one was read. Values are never printed.
 */
export function loadDotenv(
  dir: string,
  env: Record<string, string | undefined>,
): string | undefined {
  const file = resolve(dir, '.env');
  if (!existsSync(file)) return undefined;
  let parsed: Record<string, string>;
  try {
    parsed = parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (error) {
    throw new ConfigError(
      `Could not read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      'Fix the file (KEY=value lines), or turn .env loading off with --no-dotenv or RETORT_DOTENV=0.',
      { file },
    );
  }
  for (const [key, value] of Object.entries(parsed)) if (env[key] === undefined) env[key] = value;
  return file;
}

/** Finds the config file: the explicit one, or the first `retort.config.*` in cwd or a parent. */
export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) {
      throw new ConfigError(
        `Config file not found: ${explicit}`,
        'Check the --config path, or run `retort init` to create one.',
      );
    }
    return file;
  }
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = resolve(dir, name);
      if (existsSync(file)) return file;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads and validates the project config. A TypeScript config runs through jiti (no build step),
 * with `retort` aliased to this very package so the config works before retort is installed
 * locally.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const configFile = findConfigFile(cwd, options.configFile);
  const rootDir = configFile ? dirname(configFile) : resolve(cwd);
  // Before the config runs, so a config reading process.env sees the .env values too.
  const dotenvFile =
    options.dotenv === false || env['RETORT_DOTENV'] === '0' ? undefined : loadDotenv(rootDir, env);
  let raw: unknown = {};
  if (configFile) raw = await importConfigModule(configFile);
  const config = resolveConfig(raw, { configFile, rootDir, env });
  return dotenvFile === undefined ? config : { ...config, dotenvFile };
}

async function importConfigModule(file: string): Promise<unknown> {
  if (file.endsWith('.json')) return readJsonConfig(file);
  let value: unknown;
  try {
    if (file.endsWith('.js') || file.endsWith('.mjs')) {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      value = mod.default ?? mod;
    } else {
      const fast = await importCompiledConfig(file);
      if (fast.ok) {
        value = fast.value;
      } else {
        const { importTypeScript } = await import('./import-typescript.js');
        value = await importTypeScript(file);
      }
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const at = error instanceof Error ? frameIn(error, file) : undefined;
    throw new ConfigError(
      `Could not load config file ${at ? `${file}:${at}` : file}: ${message}`,
      'Fix the error in the config file; it must `export default defineConfig({...})`.',
      { file },
    );
  }
  throwTransformError(value, file);
  return value;
}

/** `line:column` of the innermost stack frame in `file`, if any. */
function frameIn(error: Error, file: string): string | undefined {
  for (const line of (error.stack ?? '').split('\n')) {
    const at = line.indexOf(`${file}:`);
    if (at === -1) continue;
    const m = /^:(\d+):(\d+)/.exec(line.slice(at + file.length));
    if (m) return `${m[1]}:${m[2]}`;
  }
  return undefined;
}

/**
 * jiti does not throw on a syntax error: the module it returns exports `__JITI_ERROR__` with the
 * parser's message and position. That becomes a config error at file:line:column.
 */
function throwTransformError(value: unknown, file: string): void {
  if (value === null || typeof value !== 'object' || !('__JITI_ERROR__' in value)) return;
  const e = (value as { __JITI_ERROR__: unknown }).__JITI_ERROR__ as {
    line?: number;
    column?: number;
    message?: string;
  };
  const where = e.line === undefined ? file : `${file}:${e.line}:${(e.column ?? 0) + 1}`;
  throw new ConfigError(
    `Syntax error in config file ${where}: ${(e.message ?? 'cannot parse').trim()}`,
    'Fix the syntax at that position; the config must `export default defineConfig({...})`.',
    { file, ...(e.line === undefined ? {} : { line: e.line, column: (e.column ?? 0) + 1 }) },
  );
}

/** A `retort.config.json` (given with --config): JSON.parse, an error placed at line:column. */
function readJsonConfig(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Could not read config file ${file}: ${error instanceof Error ? error.message : String(error)}`,
      'Check the path and its permissions.',
      { file },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const column = (before.at(-1)?.length ?? 0) + 1;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(
      `Syntax error in config file ${file}:${line}:${column}: ${reason}`,
      'Fix the JSON at that position (no trailing commas or comments in JSON).',
      { file, line, column },
    );
  }
}

/**
 * Offset of the first character that makes `text` invalid JSON (Node 20's JSON.parse message
 * gives no position): a small recursive-descent check.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') return string();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
      text.slice(i),
    );
    if (!m) fail();
    i += m![0].length;
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return Math.min(typeof at === 'number' ? at : 0, text.length);
  }
}

/**
 * The fast path for a TypeScript config: jiti (about 30 ms to load) runs only when the config
 * changed. Its output, plain CommonJS, is cached in `.retort/cache/config-<hash>.cjs` (the hash
 * covers the file's path and text and retort's version) and evaluated with a `require` that maps
 * `retort` to this package. Configs with relative imports or `import.meta` take the full jiti path,
 * and so does anything that fails here, so behaviour never depends on the cache.
 */
async function importCompiledConfig(
  file: string,
): Promise<{ ok: true; value: unknown } | { ok: false }> {
  // Only `defineConfig` is expected; a config using more of retort fails here and takes the jiti path.
  return importCompiledTs(file, 'config', async () => import('../core/config.js'));
}

/**
 * Evaluates a self-contained TypeScript module (no relative imports, no `import.meta`) from its
 * jiti transform, cached in `cacheDir` (default `<dir>/.retort/cache`) as `<prefix>-<hash>.cjs` (the hash covers retort's
 * version, the file's path and its text; a transform with a syntax error or a secret is never
 * written), with `require('retort-pg')` answered by `retort()`. `{ ok: false }` when the file
 * does not qualify or anything fails: the caller then takes the full jiti path, so behaviour
 * never depends on the cache.
 */
export async function importCompiledTs(
  file: string,
  prefix: string,
  retort: (source: string) => Promise<unknown>,
  /** Where the transform is cached (default `<dir>/.retort/cache`); null: not cached. */
  cacheDir: string | null = join(dirname(file), '.retort', 'cache'),
): Promise<{ ok: true; value: unknown } | { ok: false }> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return { ok: false };
  }
  if (/\bimport\.meta\b|(?:from|import|require)\s*\(?\s*['"`]\.{1,2}[/'"`]/.test(source))
    return { ok: false };
  const cacheFile =
    cacheDir === null
      ? undefined
      : join(cacheDir, `${prefix}-${hashText(`${VERSION}\0${file}\0${source}`)}.cjs`);
  let code: string | undefined;
  try {
    code = cacheFile === undefined ? undefined : readFileSync(cacheFile, 'utf8');
  } catch {
    code = undefined;
  }
  try {
    if (code === undefined) {
      const { createJiti } = await import('jiti');
      code = createJiti(import.meta.url).transform({ source, filename: file, ts: true });
      try {
        if (cacheDir === null || cacheFile === undefined) throw new Error('no cache');
        mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        for (const old of readdirSync(cacheDir)) {
          if (old.startsWith(`${prefix}-`) && old.endsWith('.cjs'))
            rmSync(join(cacheDir, old), { force: true });
        }
        // A syntax error is reported from the transform's output, never cached; nor is a config
        // that holds a password (a secret is never copied to disk; such a config pays for jiti).
        if (!code.includes('__JITI_ERROR__') && !holdsSecret(code))
          writeFileSync(cacheFile, code, { mode: 0o600 });
      } catch {
        // Read-only project: no cache, the transform simply runs again next time.
      }
    }
    const retortModule = await retort(source);
    const requireFromFile = createRequire(file);
    const module = { exports: {} as Record<string, unknown> };
    const localRequire = (id: string): unknown =>
      id === 'retort-pg' ? retortModule : requireFromFile(id);
    // compileFunction names the file in stack traces (the transform keeps the source's lines),
    // so an error thrown later by the module's code is located in it, as through jiti.
    compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], {
      filename: file,
    })(module.exports, localRequire, module, file, dirname(file));
    const exported = module.exports;
    return { ok: true, value: 'default' in exported ? exported['default'] : exported };
  } catch {
    return { ok: false };
  }
}

/**
 * Whether config text holds a secret inline: a URL with a password (`postgres://u:pw@…`) or a
 * `password` / `passphrase` / `key` value (TLS options). `passwordFile` names a file and is fine.
 */
export function holdsSecret(code: string): boolean {
  return (
    /[a-z][a-z0-9+.-]*:\/\/[^\s'"`/@]*:[^\s'"`/@]+@/i.test(code) ||
    /["'`]?\b(?:password|passphrase|sslpassword|key|pfx)["'`]?\s*:/i.test(code)
  );
}

/** cyrb53: a fast 53-bit string hash, enough to key a cache (node:crypto costs a few ms to load). */
function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}

type Expect = 'string' | 'number' | 'object';

/** Validates raw config data and applies defaults. Pure apart from `path.resolve`. */
export function resolveConfig(
  raw: unknown,
  context: {
    configFile: string | undefined;
    rootDir: string;
    env: Record<string, string | undefined>;
  },
): ResolvedConfig {
  const where = context.configFile ?? '(defaults)';
  const fail = (key: string, expected: string, got: unknown): never => {
    throw new ConfigError(
      `Invalid config in ${where}: \`${key}\` must be ${expected}, got ${describe(got)}.`,
      `Edit \`${key}\` in ${where}.`,
      { file: context.configFile, key },
    );
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail('default export', 'an object from defineConfig({...})', raw);
  }
  const config = raw as Record<string, unknown>;
  const known = new Set([
    'migrationsDir',
    'databaseUrl',
    'versionTable',
    'versionTableSchema',
    'schema',
    'excludeSchemas',
    'connection',
    'run',
    'lint',
    'targets',
  ]);
  for (const key of Object.keys(config)) {
    if (!known.has(key)) {
      throw new ConfigError(
        `Unknown config key \`${key}\` in ${where}.`,
        `Valid keys: ${[...known].join(', ')}.`,
        {
          file: context.configFile,
          key,
        },
      );
    }
  }
  const get = <T>(
    key: string,
    type: Expect,
    obj: Record<string, unknown> = config,
    prefix = '',
  ): T | undefined => {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (
      type === 'object'
        ? value === null || typeof value !== 'object' || Array.isArray(value)
        : typeof value !== type
    ) {
      fail(prefix + key, type === 'object' ? 'an object' : `a ${type}`, value);
    }
    if (type === 'string' && (value as string).length === 0)
      fail(prefix + key, 'a non-empty string', value);
    return value as T;
  };

  const cfg = config as RetortConfig;
  const migrationsDir = get<string>('migrationsDir', 'string') ?? 'migrations';
  const configUrl = get<string>('databaseUrl', 'string');
  const envUrl = context.env['DATABASE_URL'];
  const databaseUrlSource = envUrl ? 'env' : configUrl ? 'config' : 'default';
  const sqlAlchemy = normalizeSqlAlchemyUrl(envUrl || configUrl || DEFAULT_DATABASE_URL);
  const databaseUrl = sqlAlchemy.url;
  const notes: string[] = [];
  if (sqlAlchemy.driver !== undefined)
    notes.push(
      `${databaseUrlSource === 'env' ? 'DATABASE_URL' : '`databaseUrl`'} is a SQLAlchemy URL (postgresql+${sqlAlchemy.driver}://); retort connects to the same database with node-postgres and ignores the +${sqlAlchemy.driver} driver part.`,
    );
  const versionTable = get<string>('versionTable', 'string') ?? DEFAULT_VERSION_TABLE;
  if (versionTable.length > 63)
    fail('versionTable', 'at most 63 characters (PostgreSQL identifier limit)', versionTable);
  const versionTableSchema = get<string>('versionTableSchema', 'string') ?? 'public';
  const schema = get<string>('schema', 'string');
  const excludeSchemas = config['excludeSchemas'];
  if (
    excludeSchemas !== undefined &&
    (!Array.isArray(excludeSchemas) ||
      excludeSchemas.some((s) => typeof s !== 'string' || s === ''))
  )
    fail('excludeSchemas', "an array of schema names, e.g. ['auth', 'storage']", excludeSchemas);

  const run = get<Record<string, unknown>>('run', 'object') ?? {};
  const num = (key: string, dflt: number, min = 0): number => {
    const value = get<number>(key, 'number', run, 'run.');
    if (value === undefined) return dflt;
    if (!Number.isFinite(value) || value < min) fail(`run.${key}`, `a number ≥ ${min}`, value);
    return value;
  };
  const transaction = get<string>('transaction', 'string', run, 'run.') ?? 'per-migration';
  if (transaction !== 'per-migration' && transaction !== 'single')
    fail('run.transaction', "'per-migration' or 'single'", transaction);

  const lock = get<string>('lock', 'string', run, 'run.') ?? 'auto';
  if (!['auto', 'advisory', 'table'].includes(lock))
    fail('run.lock', "'auto', 'advisory' or 'table'", lock);
  const targets = config['targets'];
  if (targets !== undefined) checkTargets(targets, fail);

  const connection = get<Record<string, unknown>>('connection', 'object') ?? {};
  const passwordFile = get<string>('passwordFile', 'string', connection, 'connection.');
  const ssl = connection['ssl'];
  if (ssl !== undefined && typeof ssl !== 'boolean' && (ssl === null || typeof ssl !== 'object'))
    fail('connection.ssl', 'a boolean or an object of node-postgres TLS options', ssl);
  const connectTimeoutMs =
    get<number>('connectTimeoutMs', 'number', connection, 'connection.') ?? 10_000;

  const lint = get<Record<string, unknown>>('lint', 'object') ?? {};
  const gate = get<string>('gate', 'string', lint, 'lint.') ?? 'error';
  if (!['error', 'warn', 'off'].includes(gate)) fail('lint.gate', "'error', 'warn' or 'off'", gate);
  const targetVersion = get<number>('targetVersion', 'number', lint, 'lint.') ?? 12;
  if (!Number.isInteger(targetVersion) || targetVersion < 12)
    fail('lint.targetVersion', 'a PostgreSQL major version ≥ 12', targetVersion);
  const rules = get<Record<string, unknown>>('rules', 'object', lint, 'lint.') ?? {};
  for (const [rule, level] of Object.entries(rules)) {
    if (!['error', 'warning', 'info', 'off'].includes(level as string))
      fail(`lint.rules.${rule}`, "'error', 'warning', 'info' or 'off'", level);
  }
  void cfg;

  return {
    configFile: context.configFile,
    rootDir: context.rootDir,
    migrationsDir: isAbsolute(migrationsDir)
      ? migrationsDir
      : resolve(context.rootDir, migrationsDir),
    databaseUrl,
    databaseUrlSource,
    ...(notes.length > 0 ? { notes } : {}),
    versionTable,
    versionTableSchema,
    schema: schema === undefined ? undefined : resolve(context.rootDir, schema),
    ...(excludeSchemas === undefined ? {} : { excludeSchemas: excludeSchemas as string[] }),
    connection: {
      passwordFile: passwordFile === undefined ? undefined : resolve(context.rootDir, passwordFile),
      ssl: ssl as boolean | Record<string, unknown> | undefined,
      connectTimeoutMs,
    },
    run: {
      lockTimeoutMs: num('lockTimeoutMs', 5000),
      statementTimeoutMs: num('statementTimeoutMs', 0),
      lockRetries: num('lockRetries', 3),
      lockWaitMs: num('lockWaitMs', 30_000),
      transaction: transaction as 'per-migration' | 'single',
      lock: lock as 'auto' | 'advisory' | 'table',
      leaseTtlMs: num('leaseTtlMs', 30_000, 100),
    },
    targets: targets as TargetsConfig | undefined,
    lint: {
      gate: gate as 'error' | 'warn' | 'off',
      targetVersion,
      rules: rules as Record<string, 'error' | 'warning' | 'info' | 'off'>,
    },
  };
}

/** `targets`: an array of { name, url?, schema? }, { schemasQuery, url? } or a function. */
function checkTargets(
  targets: unknown,
  fail: (key: string, expected: string, got: unknown) => never,
): void {
  if (typeof targets === 'function') return;
  if (Array.isArray(targets)) {
    const seen = new Set<string>();
    targets.forEach((t: unknown, i) => {
      const key = `targets[${i}]`;
      if (t === null || typeof t !== 'object' || Array.isArray(t))
        fail(key, 'an object { name, url?, schema? }', t);
      const spec = t as Record<string, unknown>;
      if (typeof spec['name'] !== 'string' || spec['name'] === '')
        fail(`${key}.name`, 'a non-empty string', spec['name']);
      for (const k of ['url', 'schema'])
        if (spec[k] !== undefined && (typeof spec[k] !== 'string' || spec[k] === ''))
          fail(`${key}.${k}`, 'a non-empty string', spec[k]);
      const name = spec['name'] as string;
      if (seen.has(name)) fail(`${key}.name`, 'unique among the targets', name);
      seen.add(name);
    });
    return;
  }
  if (targets === null || typeof targets !== 'object')
    fail('targets', 'an array of targets, { schemasQuery } or a function', targets);
  const q = (targets as Record<string, unknown>)['schemasQuery'];
  if (typeof q !== 'string' || q.trim() === '')
    fail('targets.schemasQuery', 'a SQL query returning schema names', q);
  const url = (targets as Record<string, unknown>)['url'];
  if (url !== undefined && (typeof url !== 'string' || url === ''))
    fail('targets.url', 'a non-empty string', url);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
