// A catalogue of bad inputs an operator meets: each case is a small project (files), a command
// line and an environment, with the documented exit code it must give and a pattern naming the
// culprit (the file, the config key, DATABASE_URL, the revision…). Shared by
// test/reliability/catalogue.test.ts (every case without a server, plus the server cases when
// one runs) and `npm run bench -- reliability`. No case may reach exit 70 ("bug in retort"), and
// no output may contain the canary password.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

export const CANARY = 'canary-Secret-93f1';
const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin/retort.js');

const config = (body = '') =>
  `import { defineConfig } from 'retort-pg';\nexport default defineConfig({ migrationsDir: 'migrations', databaseUrl: 'pglite:memory'${body ? `, ${body}` : ''} });\n`;
const sqlRev = (id, revises, up, extra = '') =>
  `-- revision: ${id}\n-- revises: ${revises}\n-- message: m ${id}\n${extra}\n-- retort:upgrade\n${up}\n\n-- retort:downgrade\nSELECT 1;\n`;
const tsRev = (id, revises, body, imports = '') =>
  `import { defineMigration } from 'retort-pg';\n${imports}\nexport default defineMigration({\n  revision: '${id}',\n  revises: ${revises ? `'${revises}'` : 'null'},\n  message: 'm',\n  upgrade(op) {\n${body}\n  },\n  downgrade(op) {\n    op.execute('SELECT 1');\n  },\n});\n`;
const A = 'a00000000001';
const B = 'b00000000002';
const base = (extra = {}) => ({
  'retort.config.ts': config(),
  [`migrations/${A}_a.sql`]: sqlRev(A, '', 'CREATE TABLE t (id bigint);'),
  ...extra,
});

/**
 * @typedef {{ name: string, files: Record<string, string | Buffer>, args: string[],
 *   env?: Record<string, string>, code: number, culprit: RegExp, server?: boolean }} Case
 * `server`: the case needs the PostgreSQL test server (its URL replaces `$PG` in env values).
 */

/** @type {Case[]} */
export const CASES = [
  // --- config (exit 3)
  {
    name: 'TS config syntax error',
    files: {
      'retort.config.ts': "export default {\n  migrationsDir: 'm'\n  versionTable: 'x',\n};\n",
    },
    args: ['current'],
    code: 3,
    culprit: /retort\.config\.ts:3:3/,
  },
  {
    name: 'JSON config syntax error',
    files: { 'r.json': '{\n  "migrationsDir": "m",,\n}\n' },
    args: ['-c', 'r.json', 'current'],
    code: 3,
    culprit: /r\.json:2:\d+/,
  },
  {
    name: 'unknown config key',
    files: { 'retort.config.ts': config("migrationDir: 'x'") },
    args: ['current'],
    code: 3,
    culprit: /migrationDir/,
  },
  {
    name: 'versionTable not a string',
    files: { 'retort.config.ts': config('versionTable: 7 as never') },
    args: ['current'],
    code: 3,
    culprit: /versionTable/,
  },
  {
    name: 'versionTable over 63 characters',
    files: { 'retort.config.ts': config(`versionTable: '${'v'.repeat(70)}'`) },
    args: ['current'],
    code: 3,
    culprit: /versionTable/,
  },
  {
    name: 'lint.targetVersion 11',
    files: { 'retort.config.ts': config('lint: { targetVersion: 11 }') },
    args: ['lint'],
    code: 3,
    culprit: /lint\.targetVersion/,
  },
  {
    name: 'lint.gate unknown',
    files: { 'retort.config.ts': config("lint: { gate: 'sometimes' as never }") },
    args: ['lint'],
    code: 3,
    culprit: /lint\.gate/,
  },
  {
    name: 'run.transaction unknown',
    files: { 'retort.config.ts': config("run: { transaction: 'never' as never }") },
    args: ['current'],
    code: 3,
    culprit: /run\.transaction/,
  },
  {
    name: 'run.lockTimeoutMs negative',
    files: { 'retort.config.ts': config('run: { lockTimeoutMs: -1 }') },
    args: ['current'],
    code: 3,
    culprit: /run\.lockTimeoutMs/,
  },
  {
    name: 'lint.rules level unknown',
    files: { 'retort.config.ts': config("lint: { rules: { 'ban-drop-table': 'loud' as never } }") },
    args: ['lint'],
    code: 3,
    culprit: /lint\.rules\.ban-drop-table/,
  },
  {
    name: 'config throws',
    files: { 'retort.config.ts': "throw new Error('no config today');\n" },
    args: ['current'],
    code: 3,
    culprit: /retort\.config\.ts:1:\d+: no config today/,
  },
  {
    name: 'config imports a missing module',
    files: { 'retort.config.ts': "import x from './nope.js';\nexport default x;\n" },
    args: ['current'],
    code: 3,
    culprit: /retort\.config\.ts.*nope/,
  },
  {
    name: '--config file missing',
    files: {},
    args: ['-c', 'missing.config.ts', 'current'],
    code: 3,
    culprit: /missing\.config\.ts/,
  },
  {
    name: 'config default export not an object',
    files: { 'retort.config.ts': 'export default 42;\n' },
    args: ['current'],
    code: 3,
    culprit: /default export/,
  },
  {
    name: 'DATABASE_URL with a non-numeric port',
    files: base(),
    args: ['current'],
    env: { DATABASE_URL: `postgres://u:${CANARY}@localhost:abc/db` },
    code: 3,
    culprit: /DATABASE_URL.*port "abc"/,
  },
  {
    name: 'DATABASE_URL malformed',
    files: base(),
    args: ['current'],
    env: { DATABASE_URL: 'postgres://::nope:/x y' },
    code: 3,
    culprit: /DATABASE_URL/,
  },
  {
    name: 'DATABASE_URL with a space',
    files: base(),
    args: ['current'],
    env: { DATABASE_URL: `postgres://u:${CANARY}@local host/db` },
    code: 3,
    culprit: /DATABASE_URL/,
  },
  {
    name: 'DATABASE_URL port out of range',
    files: base(),
    args: ['current'],
    env: { DATABASE_URL: 'postgres://u@localhost:99999/db' },
    code: 3,
    culprit: /DATABASE_URL.*out of range/,
  },
  {
    name: 'DATABASE_URL unsupported scheme',
    files: base(),
    args: ['current'],
    env: { DATABASE_URL: `mysql://u:${CANARY}@h/db` },
    code: 3,
    culprit: /DATABASE_URL/,
  },
  {
    name: 'databaseUrl in config malformed',
    files: base({
      'retort.config.ts': config().replace("'pglite:memory'", "'postgres://h:x:y/db'"),
    }),
    args: ['current'],
    code: 3,
    culprit: /databaseUrl/,
  },
  {
    name: 'migrations directory missing',
    files: { 'retort.config.ts': config() },
    args: ['heads'],
    code: 3,
    culprit: /migrations/,
  },
  // --- revision files and graph (exit 4)
  {
    name: 'SQL syntax error at a line start',
    files: base({ [`migrations/${B}_b.sql`]: sqlRev(B, A, 'SELECT 1;\nSELEC 2;') }),
    args: ['lint'],
    code: 4,
    culprit: new RegExp(`${B}_b\\.sql:7:1`),
  },
  {
    name: 'SQL syntax error on upgrade',
    files: base({ [`migrations/${B}_b.sql`]: sqlRev(B, A, 'CREATE TABLE u (id bigint,);') }),
    args: ['upgrade', 'head'],
    code: 4,
    culprit: new RegExp(`${B}_b\\.sql:6:27`),
  },
  {
    name: 'Latin-1 SQL file',
    files: base({
      [`migrations/${B}_b.sql`]: Buffer.from(
        sqlRev(B, A, 'INSERT INTO t VALUES (1); -- na\u00efve caf\u00e9'),
        'latin1',
      ),
    }),
    args: ['upgrade', 'head'],
    code: 4,
    culprit: new RegExp(`${B}_b\\.sql:6: not valid UTF-8 at byte offset \\d+`),
  },
  {
    name: 'TS migration imports a missing module',
    files: base({
      [`migrations/${B}_b.ts`]: tsRev(
        B,
        A,
        "    op.execute('SELECT 1');\n    helper();",
        "import { helper } from './nope-helper.js';",
      ),
    }),
    args: ['upgrade', 'head'],
    code: 4,
    culprit: new RegExp(`${B}.*${B}_b\\.ts:\\d+:\\d+.*nope-helper`),
  },
  {
    name: 'TS upgrade() throws',
    files: base({
      [`migrations/${B}_b.ts`]: tsRev(B, A, "    throw new Error('boom in upgrade');"),
    }),
    args: ['upgrade', 'head'],
    code: 5,
    culprit: new RegExp(`${B}.*${B}_b\\.ts:\\d+:\\d+ threw: boom`),
  },
  {
    name: 'TS upgrade() throws during lint',
    files: base({
      [`migrations/${B}_b.ts`]: tsRev(B, A, "    throw new Error('boom in upgrade');"),
    }),
    args: ['lint'],
    code: 5,
    culprit: new RegExp(`${B}_b\\.ts:\\d+:\\d+ threw`),
  },
  {
    name: 'TS migration with unbalanced brackets',
    files: base({
      [`migrations/${B}_b.ts`]: tsRev(B, A, "    op.execute('SELECT 1'"),
    }),
    args: ['heads'],
    code: 4,
    culprit: new RegExp(`${B}_b\\.ts`),
  },
  {
    name: 'revision id longer than the version column',
    files: base({
      [`migrations/${'c'.repeat(40)}_long.sql`]: sqlRev('c'.repeat(40), A, 'SELECT 1;'),
    }),
    args: ['upgrade', 'head'],
    code: 4,
    culprit: /40 characters/,
  },
  {
    name: 'missing parent revision',
    files: base({ [`migrations/${B}_b.sql`]: sqlRev(B, 'ffffffffffff', 'SELECT 1;') }),
    args: ['heads'],
    code: 4,
    culprit: /ffffffffffff/,
  },
  {
    name: 'duplicate revision id',
    files: base({ [`migrations/${A}_again.sql`]: sqlRev(A, '', 'SELECT 1;') }),
    args: ['heads'],
    code: 4,
    culprit: new RegExp(A),
  },
  {
    name: 'file name does not match its revision',
    files: base({ [`migrations/${B}_b.sql`]: sqlRev('dddddddddddd', A, 'SELECT 1;') }),
    args: ['heads'],
    code: 4,
    culprit: new RegExp(`${B}_b\\.sql`),
  },
  {
    name: 'unknown header key',
    files: base({
      [`migrations/${B}_b.sql`]: sqlRev(B, A, 'SELECT 1;').replace('-- message', '-- mesage'),
    }),
    args: ['heads'],
    code: 4,
    culprit: new RegExp(`${B}_b\\.sql:\\d+`),
  },
  {
    name: 'upgrade to an unknown revision',
    files: base(),
    args: ['upgrade', 'eeeeeeee'],
    code: 4,
    culprit: /eeeeeeee/,
  },
  {
    name: 'show an unknown revision',
    files: base(),
    args: ['show', 'eeeeeeee'],
    code: 4,
    culprit: /eeeeeeee/,
  },
  {
    name: 'cycle in the graph',
    files: {
      'retort.config.ts': config(),
      [`migrations/${A}_a.sql`]: sqlRev(A, B, 'SELECT 1;'),
      [`migrations/${B}_b.sql`]: sqlRev(B, A, 'SELECT 1;'),
    },
    args: ['heads'],
    code: 4,
    culprit: /cycle|a00000000001|b00000000002/i,
  },
  {
    name: 'upgrade head with two heads',
    files: base({ [`migrations/${B}_b.sql`]: sqlRev(B, '', 'SELECT 1;') }),
    args: ['upgrade', 'head'],
    code: 4,
    culprit: /heads/,
  },
  {
    name: 'retort-ignore without a reason on upgrade',
    files: base({
      [`migrations/${B}_b.sql`]: sqlRev(B, A, '-- retort-ignore ban-drop-table\nDROP TABLE t;'),
    }),
    args: ['upgrade', 'head'],
    code: 8,
    culprit: new RegExp(`${B}_b\\.sql:\\d+`),
  },
  {
    name: 'downgrade to an unknown revision',
    files: base(),
    args: ['downgrade', 'eeeeeeee'],
    code: 4,
    culprit: /eeeeeeee/,
  },
  {
    name: 'stamp an unknown revision',
    files: base(),
    args: ['stamp', 'eeeeeeee'],
    code: 4,
    culprit: /eeeeeeee/,
  },
  {
    name: 'merge of a single head',
    files: base(),
    args: ['merge', 'heads', '-m', 'join'],
    code: 4,
    culprit: /Nothing to merge/,
  },
  {
    name: 'lint of an unknown revision',
    files: base(),
    args: ['lint', 'eeeeeeee'],
    code: 4,
    culprit: /eeeeeeee/,
  },
  {
    name: '--rev-id that already exists',
    files: base(),
    args: ['revision', '-m', 'x', '--rev-id', A],
    code: 4,
    culprit: new RegExp(A),
  },
  {
    name: 'ambiguous revision prefix',
    files: base({ [`migrations/a00000000003_c.sql`]: sqlRev('a00000000003', A, 'SELECT 1;') }),
    args: ['show', 'a0000'],
    code: 4,
    culprit: /a0000/,
  },
  {
    name: 'TS migration whose default export is not a migration',
    files: base({
      [`migrations/${B}_b.ts`]: `export const revision = '${B}';\nexport default { revision: '${B}', revises: '${A}', message: 'm' };\n`,
    }),
    args: ['upgrade', 'head'],
    code: 4,
    culprit: new RegExp(`${B}_b\\.ts`),
  },
  {
    name: 'upgrade beyond the last revision',
    files: base(),
    args: ['upgrade', '+5'],
    code: 4,
    culprit: /\+5|revision/,
  },
  // --- usage (exit 2)
  {
    name: '--rev-id longer than the version column',
    files: base(),
    args: ['revision', '-m', 'x', '--rev-id', 'r'.repeat(40)],
    code: 2,
    culprit: /40 characters/,
  },
  {
    name: '--rev-id with a dash',
    files: base(),
    args: ['revision', '-m', 'x', '--rev-id', 'a-b'],
    code: 2,
    culprit: /a-b/,
  },
  {
    name: 'unknown option',
    files: base(),
    args: ['upgrade', 'head', '--frobnicate'],
    code: 2,
    culprit: /frobnicate/,
  },
  {
    name: 'unknown --lint mode',
    files: base(),
    args: ['upgrade', 'head', '--lint', 'loud'],
    code: 2,
    culprit: /loud/,
  },
  {
    name: 'missing target',
    files: base(),
    args: ['upgrade'],
    code: 2,
    culprit: /target/,
  },
  // --- migrations that fail (exit 5) and safety gates (exit 8)
  {
    name: 'SQL migration fails at run time (PGlite)',
    files: base({
      [`migrations/${B}_b.sql`]: sqlRev(B, A, 'SELECT 1;\n\nINSERT INTO nosuch VALUES (1);'),
    }),
    args: ['upgrade', 'head'],
    code: 5,
    culprit: new RegExp(`${B}_b\\.sql:8.*nosuch`),
  },
  {
    name: 'lint gate refuses an error-level finding',
    files: base({
      [`migrations/${B}_b.sql`]: sqlRev(B, A, 'CREATE INDEX t_id_idx ON t (id);'),
    }),
    args: ['upgrade', 'head'],
    code: 8,
    culprit: /RT101|require-concurrent-index-creation/,
  },
  {
    name: 'gen_random_uuid on target 12',
    files: base({
      [`migrations/${B}_b.sql`]: sqlRev(
        B,
        A,
        'INSERT INTO t SELECT 1 WHERE gen_random_uuid() IS NOT NULL;',
      ),
    }),
    args: ['lint'],
    code: 1,
    culprit: /RT401.*gen_random_uuid/s,
  },
  // --- a server (PostgreSQL test server; `$PG` is its admin URL, `$PGNOPW` without password)
  {
    name: 'wrong password',
    server: true,
    files: base(),
    args: ['current'],
    env: { DATABASE_URL: `$PGUSER:${CANARY}@$PGHOST/postgres` },
    code: 6,
    culprit: /password authentication failed|28P01/,
  },
  {
    name: 'no password given',
    server: true,
    files: base(),
    args: ['current'],
    env: { DATABASE_URL: '$PGNOPW', PGPASSFILE: '/nonexistent', PGPASSWORD: '' },
    code: 6,
    culprit: /asks for a password and none was given/,
  },
  {
    name: 'unknown database',
    server: true,
    files: base(),
    args: ['current'],
    env: { DATABASE_URL: '$PGDB:retort_no_such_db_x' },
    code: 6,
    culprit: /3D000|does not exist/,
  },
  {
    name: 'nothing listening on the port',
    server: true,
    files: base(),
    args: ['current'],
    env: { DATABASE_URL: `postgres://u:${CANARY}@127.0.0.1:1/db` },
    code: 6,
    culprit: /reachable|ECONNREFUSED/,
  },
  {
    name: 'SQL error located on a server (position in the batch)',
    server: true,
    files: base({
      [`migrations/${B}_b.sql`]: sqlRev(
        B,
        A,
        'SELECT 1;\n\nINSERT INTO t (id)\n  SELECT nosuch FROM pg_class;',
      ),
    }),
    args: ['upgrade', 'head'],
    env: { DATABASE_URL: '$FRESH' },
    code: 5,
    culprit: new RegExp(`${B}_b\\.sql:9: column "nosuch"`),
  },
  {
    name: 'statement timeout names the statement and line',
    server: true,
    files: base({
      'retort.config.ts': config('run: { statementTimeoutMs: 300 }, lint: { gate: "off" }'),
      [`migrations/${B}_b.sql`]: sqlRev(B, A, 'SELECT 1;\nSELECT pg_sleep(2);'),
    }),
    args: ['upgrade', 'head'],
    env: { DATABASE_URL: '$FRESH' },
    code: 5,
    culprit: new RegExp(`${B}_b\\.sql:7.*statement timeout.*pg_sleep`, 's'),
  },
  {
    name: 'unique violation names the statement',
    server: true,
    files: base({
      [`migrations/${B}_b.sql`]: sqlRev(
        B,
        A,
        'CREATE TABLE u (id bigint PRIMARY KEY);\nINSERT INTO u VALUES (1);\nINSERT INTO u VALUES (1);',
      ),
    }),
    args: ['upgrade', 'head'],
    env: { DATABASE_URL: '$FRESH' },
    code: 5,
    culprit: new RegExp(`${B}_b\\.sql:8.*23505`, 's'),
  },
];

/** Writes a case's project into a fresh directory (with node_modules/retort-pg linked to the repo). */
export function writeCase(c) {
  const dir = mkdtempSync(join(tmpdir(), 'retort-catalogue-'));
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(REPO, join(dir, 'node_modules/retort-pg'), 'dir');
  for (const [path, content] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/**
 * A case ready to run: its project written, `$PG…` placeholders in its environment filled from
 * `server` ({ admin, freshUrl }). `env` holds only what the case sets; the run adds NO_COLOR=1 and
 * CI=1 and removes an inherited DATABASE_URL.
 */
export function prepareCase(c, server) {
  const dir = writeCase(c);
  const env = {};
  for (const [k, v] of Object.entries(c.env ?? {})) {
    let value = v;
    if (server) {
      const admin = new URL(server.admin);
      const noPw = new URL(server.admin);
      noPw.password = '';
      value = value
        .replace('$FRESH', server.freshUrl ?? server.admin)
        .replace('$PGNOPW', noPw.toString())
        .replace('$PGUSER', `postgres://${admin.username}`)
        .replace('$PGHOST', `${admin.host}`)
        .replace(
          '$PGDB:',
          (() => {
            const u = new URL(server.admin);
            return `${u.protocol}//${u.username}:${u.password}@${u.host}/`;
          })(),
        );
    }
    env[k] = value;
  }
  return { dir, args: c.args, env };
}

/** What is wrong with a run of a case ({ code, stdout, stderr }): empty when the case holds. */
export function judgeCase(c, run) {
  const output = `${run.stdout}\n${run.stderr}`;
  const problems = [];
  if (run.code === 70) problems.push('reached exit 70 (bug in retort)');
  if (run.code !== c.code) problems.push(`exit ${run.code}, expected ${c.code}`);
  if (!c.culprit.test(output)) problems.push(`culprit ${c.culprit} not named`);
  if (output.includes(CANARY)) problems.push('printed the canary password');
  if (/^\s+at .*\(.*:\d+:\d+\)$/m.test(run.stderr)) problems.push('printed a stack trace');
  return problems;
}

/**
 * Runs one case with the real binary (the bench; the test runs the same CLI in process).
 * `server`: { admin, freshUrl } to fill `$PG…` placeholders. Returns what happened and the
 * problems found (empty when the case holds).
 */
export function runCase(c, server) {
  const { dir, args, env } = prepareCase(c, server);
  const full = { ...process.env, NO_COLOR: '1', CI: '1', ...env };
  if (!('DATABASE_URL' in env)) delete full.DATABASE_URL;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env: full, encoding: 'utf8' });
  const run = { code: r.status, stdout: r.stdout, stderr: r.stderr };
  return { dir, code: r.status, output: `${r.stdout}\n${r.stderr}`, problems: judgeCase(c, run) };
}
