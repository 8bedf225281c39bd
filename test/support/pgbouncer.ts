import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, inject, it } from 'vitest';
import { postgresAdminUrl } from './postgres.js';

let started: string | undefined;

/**
 * The URL of PgBouncer in transaction mode in front of the test server: RETORT_TEST_PGBOUNCER_URL,
 * or one started by scripts/pgbouncer.sh (which installs Debian's package when it can).
 */
function pgbouncerUrl(): string {
  if (process.env['RETORT_TEST_PGBOUNCER_URL']) return process.env['RETORT_TEST_PGBOUNCER_URL'];
  if (started !== undefined) return started;
  try {
    const script = fileURLToPath(new URL('../../scripts/pgbouncer.sh', import.meta.url));
    const out = execFileSync('bash', [script, 'start'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
    });
    started = /RETORT_TEST_PGBOUNCER_URL=(\S+)/.exec(out)?.[1] ?? '';
    // Started by this test run: the global teardown (global-setup.ts) stops it.
    const dir = /RETORT_TEST_PGBOUNCER_STARTED=(\S+)/.exec(out)?.[1];
    if (dir) writeFileSync(join(inject('runDir'), 'pgbouncer-started'), dir);
  } catch {
    started = '';
  }
  return started;
}

/** `url` with the database name replaced (the bouncer forwards every database name). */
export function viaBouncer(bouncerUrl: string, databaseUrl: string): string {
  const u = new URL(bouncerUrl);
  u.pathname = new URL(databaseUrl).pathname;
  return u.toString();
}

/**
 * `describe` for tests that need PgBouncer (and the PostgreSQL server behind it). Like
 * describePostgres: skipped on a developer's machine without them, failing in CI.
 */
export function describePgBouncer(
  name: string,
  body: (urls: { admin: () => string; bouncer: () => string }) => void,
): void {
  const admin = postgresAdminUrl();
  const bouncer = admin ? pgbouncerUrl() : '';
  if (admin && bouncer) {
    describe(name, () => body({ admin: () => admin, bouncer: () => bouncer }));
  } else if (process.env['CI']) {
    describe(name, () => {
      it('needs PostgreSQL and PgBouncer', () => {
        throw new Error(
          `${admin ? 'PgBouncer' : 'PostgreSQL'} is not available in CI (scripts/pgbouncer.sh start failed)`,
        );
      });
    });
  } else {
    describe.skip(name, () => body({ admin: () => '', bouncer: () => '' }));
  }
}
