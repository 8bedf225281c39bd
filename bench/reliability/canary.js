// The canary-password sweep: every CLI command and failure path, run with a password that must
// never come out — in DATABASE_URL, in the config's `databaseUrl`, in the project's .env — and
// its occurrences counted in stdout, stderr and every file retort leaves in the project (.retort/,
// caches, dumps, generated files). Shared by test/reliability/canary.test.ts (a bounded subset)
// and `npm run bench -- reliability` (the whole sweep).
//
// The canary is the real password of a login role created for the sweep (`retort_canary`), so
// the success paths connect with it too, not only the failures.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { withClient } from '../lib.js';
import { BIN, CANARY, writeCase } from './catalogue.js';

const ROLE = 'retort_canary';
const A = 'a00000000001';
const B = 'b00000000002';
const C = 'c00000000003';

const sqlRev = (id, revises, up) =>
  `-- revision: ${id}\n-- revises: ${revises}\n-- message: m ${id}\n\n-- retort:upgrade\n${up}\n\n-- retort:downgrade\nSELECT 1;\n`;
const SCHEMA =
  "import { bigint, defineSchema, table } from 'retort-pg';\n" +
  "export default defineSchema({ tables: [table('t', { id: bigint(), note: bigint() })] });\n";

/**
 * Where the sweep's URL (holding the canary) reaches retort:
 * `config` — the config's databaseUrl; `env` — DATABASE_URL; `dotenv` — DATABASE_URL in .env.
 */
export const SOURCES = ['config', 'env', 'dotenv'];

/**
 * The sweep. `url`: which URL carries the canary — `good` (the role's real password), `wrong`
 * (the canary given as another role's password), `unreachable` (nothing listening), `nohost`
 * (a name that does not resolve), `nodb` (a database that does not exist), `malformed` (not a
 * URL). `state`: the database before the command — `empty`, `up` (upgraded to head). `revs`:
 * extra revisions (`bad` a failing statement, `lock` a statement that waits on a held lock).
 * `config`: config body override (`syntax` a syntax error on the databaseUrl line, `key` an
 * unknown key next to it). `files`: extra project files. `timeout`: ms before SIGINT (a
 * command that serves until interrupted). `subset`: the source to run it with in npm test's bounded subset.
 */
export const SWEEP = [
  // every command, connecting with the canary
  { name: 'current', args: ['current'], subset: 'config' },
  { name: 'current --json', args: ['current', '--json'], state: 'up', subset: 'env' },
  { name: 'upgrade head', args: ['upgrade', 'head'], subset: 'dotenv' },
  { name: 'upgrade head --json', args: ['upgrade', 'head', '--json'] },
  { name: 'upgrade head --sql', args: ['upgrade', 'head', '--sql'] },
  { name: 'upgrade head --debug', args: ['upgrade', 'head', '--debug'] },
  { name: 'downgrade base', args: ['downgrade', 'base'], state: 'up' },
  { name: 'downgrade --sql', args: ['downgrade', `${B}:base`, '--sql'] },
  { name: 'stamp head', args: ['stamp', 'head'] },
  { name: 'stamp base --json', args: ['stamp', 'base', '--json'], state: 'up' },
  { name: 'log', args: ['log'], state: 'up' },
  { name: 'log --json', args: ['log', '--json'], state: 'up' },
  { name: 'check', args: ['check'], state: 'up' },
  { name: 'check --json (drift)', args: ['check', '--json'] },
  { name: 'pull', args: ['pull', '--out', 'pulled.ts'], state: 'up' },
  { name: 'sql', args: ['sql', 'SELECT current_user'], state: 'up' },
  { name: 'sql --json', args: ['sql', 'SELECT count(*) FROM t', '--json'], state: 'up' },
  { name: 'backup', args: ['backup', '--out', 'dump.sql'], state: 'up' },
  { name: 'test --database', args: ['test', '--database'] },
  { name: 'lint', args: ['lint'] },
  { name: 'lint --json', args: ['lint', '--json'] },
  { name: 'history', args: ['history'] },
  { name: 'heads', args: ['heads'] },
  { name: 'branches', args: ['branches'] },
  { name: 'show head', args: ['show', 'head'] },
  { name: 'revision', args: ['revision', '-m', 'next'] },
  { name: 'revision --autogenerate', args: ['revision', '-m', 'auto', '--autogenerate'] },
  { name: 'graph', args: ['graph'] },
  { name: 'erd', args: ['erd'], state: 'up' },
  { name: 'merge heads', args: ['merge', 'heads', '-m', 'join'] },
  { name: 'edit', args: ['edit'] },
  {
    name: 'restore',
    args: ['restore', 'restore.sql', '--yes'],
    files: { 'restore.sql': 'CREATE TABLE r (id bigint);\n' },
  },
  { name: 'init', args: ['init', 'sub'] },
  { name: 'db serve', args: ['db', 'serve'], timeout: 20_000 },
  // failure paths
  { name: 'wrong password', args: ['current'], url: 'wrong', subset: 'env' },
  { name: 'wrong password --debug', args: ['upgrade', 'head', '--debug'], url: 'wrong' },
  { name: 'wrong password --json', args: ['current', '--json'], url: 'wrong' },
  { name: 'unreachable host', args: ['upgrade', 'head'], url: 'unreachable', subset: 'config' },
  { name: 'unreachable host --debug', args: ['current', '--debug'], url: 'unreachable' },
  { name: 'unresolvable host', args: ['current'], url: 'nohost' },
  { name: 'unknown database', args: ['current', '--debug'], url: 'nodb' },
  { name: 'malformed URL', args: ['current'], url: 'malformed', subset: 'env' },
  { name: 'malformed URL --debug', args: ['upgrade', 'head', '--debug'], url: 'malformed' },
  { name: 'bad SQL', args: ['upgrade', 'head'], revs: 'bad', subset: 'dotenv' },
  { name: 'bad SQL --debug', args: ['upgrade', 'head', '--debug'], revs: 'bad' },
  { name: 'bad SQL --json', args: ['upgrade', 'head', '--json'], revs: 'bad' },
  { name: 'lock timeout', args: ['upgrade', 'head'], revs: 'lock', state: 'up', subset: 'config' },
  { name: 'lock timeout --debug', args: ['upgrade', 'head', '--debug'], revs: 'lock', state: 'up' },
  { name: 'config syntax error', args: ['current'], config: 'syntax', subset: 'config' },
  { name: 'config unknown key', args: ['current', '--debug'], config: 'key' },
  { name: 'upgrade to an unknown revision', args: ['upgrade', 'ffffffffffff'] },
];

/** Creates (or re-passwords) the sweep's login role; the canary is its real password. */
export async function prepareRole(adminUrl) {
  await withClient(adminUrl, async (c) => {
    try {
      await c.query(`CREATE ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${CANARY}'`);
    } catch (e) {
      // Already there (an earlier sweep, or a concurrent one): the same password either way.
      if (e.code !== '42710' && e.code !== '23505') throw e;
    }
  });
}

/** Counts the canary in every file under `dir` (except `skip`); returns `path×n` strings. */
function canaryInFiles(dir, skip) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const rel = relative(dir, path);
      if (rel === 'node_modules' || skip.includes(rel)) continue;
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else {
        const n = readFileSync(path, 'latin1').split(CANARY).length - 1;
        if (n > 0) found.push(`${rel}×${n}`);
      }
    }
  };
  walk(dir);
  return found;
}

/**
 * Runs one sweep case with the canary in one source; returns the exit code and where the canary
 * showed up (`printed`: occurrences in stdout + stderr; `files`: files holding it).
 */
export async function runSweepCase(c, source, adminUrl) {
  const admin = new URL(adminUrl);
  const db = `retort_canary_${Math.random().toString(16).slice(2, 10)}`;
  await withClient(adminUrl, (cl) => cl.query(`CREATE DATABASE ${db} OWNER ${ROLE}`));
  const at = (user, host, database) => `postgres://${user}:${CANARY}@${host}/${database}`;
  const url = {
    good: at(ROLE, admin.host, db),
    wrong: at(admin.username, admin.host, db),
    unreachable: at(ROLE, '127.0.0.1:1', db),
    nohost: at(ROLE, 'retort-no-such-host.invalid', db),
    nodb: at(ROLE, admin.host, `${db}_missing`),
    malformed: `postgres://${ROLE}:${CANARY}@local host:abc/${db}`,
  }[c.url ?? 'good'];
  const good = at(ROLE, admin.host, db);
  const inConfig = source === 'config' ? url : 'pglite:memory';
  const body =
    {
      syntax: `databaseUrl: '${inConfig}',,`,
      key: `databaseUrl: '${inConfig}', migrationDir: 'x',`,
    }[c.config] ?? `databaseUrl: '${inConfig}',`;
  const files = {
    'retort.config.ts':
      "import { defineConfig } from 'retort-pg';\nexport default defineConfig({\n" +
      `  migrationsDir: 'migrations',\n  ${body}\n  schema: './schema.ts',\n` +
      "  lint: { gate: 'off' },\n  run: { lockTimeoutMs: 300, lockRetries: 1 },\n});\n",
    'schema.ts': SCHEMA,
    [`migrations/${A}_a.sql`]: sqlRev(A, '', 'CREATE TABLE t (id bigint);'),
    [`migrations/${B}_b.sql`]: sqlRev(B, A, 'INSERT INTO t VALUES (1);'),
  };
  if (c.revs === 'bad')
    files[`migrations/${C}_c.sql`] = sqlRev(C, B, 'SELECT 1;\nINSERT INTO nosuch VALUES (1);');
  if (c.revs === 'lock')
    files[`migrations/${C}_c.sql`] = sqlRev(C, B, 'ALTER TABLE t ADD COLUMN note bigint;');
  Object.assign(files, c.files);
  if (source === 'dotenv') files['.env'] = `DATABASE_URL=${url}\n`;
  const dir = writeCase({ files });

  const env = { ...process.env, NO_COLOR: '1', CI: '1', EDITOR: 'true', VISUAL: 'true' };
  delete env.DATABASE_URL;
  delete env.PGPASSWORD;
  if (source === 'env') env.DATABASE_URL = url;
  const retort = (args, extraEnv = {}) =>
    spawnSync(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...env, ...extraEnv },
      encoding: 'utf8',
      // A command that serves until interrupted (`db serve`) gets SIGINT after `timeout`.
      ...(c.timeout ? { timeout: c.timeout, killSignal: 'SIGINT' } : {}),
    });
  let blocker;
  try {
    // The starting state is set up with the canary URL too (its output is swept as well).
    const setup = [];
    if (c.state === 'up') setup.push(retort(['upgrade', B], { DATABASE_URL: good }));
    if (c.revs === 'lock') {
      blocker = new pg.Client({ connectionString: good });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE t IN ACCESS SHARE MODE');
    }
    const r = retort(c.args);
    const output = [r.stdout, r.stderr, ...setup.flatMap((s) => [s.stdout, s.stderr])].join('\n');
    return {
      code: r.status,
      printed: output.split(CANARY).length - 1,
      files: canaryInFiles(dir, ['retort.config.ts', '.env']),
      stderr: r.stderr,
    };
  } finally {
    await blocker?.end();
    await withClient(adminUrl, (cl) => cl.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
    rmSync(dir, { recursive: true, force: true });
  }
}
