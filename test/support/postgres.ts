import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, inject, it } from 'vitest';

/** Admin URL of the test server, or undefined when none runs here. */
export function postgresAdminUrl(): string | undefined {
  const url = inject('pgUrl');
  return url === '' ? undefined : url;
}

/**
 * `describe` for tests that need a real PostgreSQL server. Without one, they are skipped on a
 * developer's machine and fail loudly in CI, never silently pass.
 */
export function describePostgres(name: string, body: (adminUrl: () => string) => void): void {
  const url = postgresAdminUrl();
  if (url) {
    describe(name, () => body(() => url));
  } else if (process.env['CI']) {
    describe(name, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error(
          'RETORT_TEST_PG_URL is not set and no PostgreSQL server could be started in CI',
        );
      });
    });
  } else {
    describe.skip(name, () => body(() => ''));
  }
}

/** A fresh database of its own for one test file or test, dropped by `drop()`. */
export async function createTestDatabase(
  adminUrl: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `retort_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Call inside a describe block: returns `fresh()`, which creates a new database for each call and
 * drops them all after the block.
 */
export function freshDatabases(adminUrl: () => string): () => Promise<string> {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  return async () => {
    const db = await createTestDatabase(adminUrl());
    drops.push(db.drop);
    return db.url;
  };
}
