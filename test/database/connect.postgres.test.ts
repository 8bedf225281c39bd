import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '../../src/database/connect.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';

describePostgres('connecting with pg', (adminUrl) => {
  let url = '';
  let drop: () => Promise<void> = async () => undefined;
  const dir = mkdtempSync(join(tmpdir(), 'retort-conn-'));
  beforeAll(async () => {
    const database = await createTestDatabase(adminUrl());
    url = database.url;
    drop = database.drop;
  });
  afterAll(async () => drop());
  const withPassword = (password: string): string => {
    const u = new URL(url);
    u.password = password;
    return u.toString();
  };
  const withoutPassword = (): string => withPassword('');
  const failure = async (
    options: Parameters<typeof connect>[0],
  ): Promise<Error & { exitCode?: number; code?: string }> =>
    connect(options).then(
      async (db) => {
        await db.close();
        throw new Error('connected');
      },
      (e: Error) => e,
    );

  it('sets application_name=retort', async () => {
    const db = await connect({ url, rootDir: dir });
    const r = await db.query<{ a: string }>("SELECT current_setting('application_name') AS a");
    expect(r.rows[0]?.a).toBe('retort');
    expect(db.kind).toBe('postgres');
    expect(await db.serverVersion()).toBeGreaterThan(120000);
    await db.close();
  });

  it('wrong password: one line, exit 6, SQLSTATE 28P01, password never shown', async () => {
    const secret = 'n0t-the-Passw0rd';
    const error = await failure({ url: withPassword(secret), rootDir: dir });
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', exitCode: 6 });
    expect(error.message).toContain('28P01');
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('unknown database: 3D000', async () => {
    const u = new URL(url);
    u.pathname = '/retort_no_such_db';
    const error = await failure({ url: u.toString(), rootDir: dir });
    expect(error.message).toContain('3D000');
    expect(error.message).not.toContain('retort-test-password');
  });

  it('unreachable host: refused, and a connect timeout', async () => {
    const refused = new URL(url);
    refused.port = '1';
    const e1 = await failure({ url: refused.toString(), rootDir: dir });
    expect(e1).toMatchObject({ exitCode: 6 });
    expect(e1.message).toMatch(/ECONNREFUSED|reachable/);
    const blackhole = new URL(url);
    blackhole.hostname = '10.255.255.1';
    const started = Date.now();
    const e2 = await failure({ url: blackhole.toString(), rootDir: dir, connectTimeoutMs: 300 });
    expect(e2).toMatchObject({ exitCode: 6 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(e2.message).not.toContain('retort-test-password');
  });

  it('unknown URL scheme', async () => {
    const error = await failure({ url: 'mysql://u:secretpw@h/db', rootDir: dir });
    expect(error).toMatchObject({ code: 'DATABASE_URL_INVALID', exitCode: 3 });
    expect(error.message).not.toContain('secretpw');
  });

  it('password file, and PGPASSFILE as libpq reads it', async () => {
    const password = decodeURIComponent(new URL(url).password);
    writeFileSync(join(dir, 'pw'), `${password}\n`);
    const db = await connect({ url: withoutPassword(), rootDir: dir, passwordFile: 'pw' });
    await db.close();
    const u = new URL(url);
    writeFileSync(join(dir, 'pgpass'), `${u.hostname}:${u.port}:*:${u.username}:${password}\n`);
    chmodSync(join(dir, 'pgpass'), 0o600);
    const saved = process.env['PGPASSFILE'];
    process.env['PGPASSFILE'] = join(dir, 'pgpass');
    try {
      const db2 = await connect({
        url: withoutPassword(),
        rootDir: dir,
        env: { PGPASSFILE: join(dir, 'pgpass') },
      });
      await db2.close();
    } finally {
      if (saved === undefined) delete process.env['PGPASSFILE'];
      else process.env['PGPASSFILE'] = saved;
    }
  });
});
