import { spawn, spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { BIN } from '../support/cli.js';
import { describePostgres, freshDatabases } from '../support/postgres.js';
import { cliProject, REV } from './cli-project.js';
import { cliSuite } from './cli-suite.js';

describePostgres('CLI on PostgreSQL', (adminUrl) => {
  const fresh = freshDatabases(adminUrl);
  cliSuite(fresh);

  /** Tables, columns, indexes, constraints and version rows: what must match. */
  const describeSchema = (url: string): string =>
    spawnSync(
      'psql',
      [
        '-X',
        '-At',
        '-d',
        url,
        '-c',
        `SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'retort_version_history' ORDER BY 1`,
        '-c',
        `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
        '-c',
        `SELECT conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`,
        '-c',
        'SELECT version_num FROM retort_version',
        '-c',
        'SELECT revision, direction, status, checksum FROM retort_version_history ORDER BY id',
      ],
      { encoding: 'utf8' },
    ).stdout;

  it('offline SQL applied with psql leaves the same schema and version table as the online run', async () => {
    const online = await fresh();
    const offline = await fresh();
    const p = await cliProject(online);
    expect((await p.run('upgrade', 'head')).code).toBe(0);
    const script = (await p.run('upgrade', 'head', '--sql')).stdout;
    const applied = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', offline], {
      input: script,
      encoding: 'utf8',
    });
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(0);
    const a = describeSchema(online);
    expect(a).toContain('tags_name');
    expect(a).toContain(`${REV.tags}\n`);
    expect(describeSchema(offline)).toBe(a);

    // Down again, online and offline.
    const downScript = (await p.run('downgrade', `head:base`, '--sql')).stdout;
    expect((await p.run('downgrade', 'base')).code).toBe(0);
    spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', offline], { input: downScript });
    expect(describeSchema(offline)).toBe(describeSchema(online));
  });

  it('two processes started at once apply each revision exactly once', async () => {
    const url = await fresh();
    const p = await cliProject(url);
    const start = (): Promise<{ code: number | null; out: string }> =>
      new Promise((done) => {
        const child = spawn(process.execPath, [BIN, 'upgrade', 'head'], {
          cwd: p.dir,
          env: { ...process.env, NO_COLOR: '1', CI: '1', DATABASE_URL: undefined },
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', (code) => done({ code, out }));
      });
    const [x, y] = await Promise.all([start(), start()]);
    expect([x.code, y.code]).toEqual([0, 0]);
    const rows = spawnSync(
      'psql',
      [
        '-X',
        '-At',
        '-d',
        url,
        '-c',
        "SELECT revision, count(*) FROM retort_version_history WHERE direction = 'up' GROUP BY 1 ORDER BY 1",
      ],
      { encoding: 'utf8' },
    ).stdout;
    expect(rows).toBe(`${REV.users}|1\n${REV.posts}|1\n${REV.tags}|1\n`);
    expect(`${x.out}${y.out}`).toContain('Nothing to do');
  });

  it('wrong password: exit 6, one line, the password never shown', async () => {
    const u = new URL(adminUrl());
    u.password = 'Wr0ng-Secret-Pw';
    const p = await cliProject(u.toString());
    const r = await p.run('current');
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('28P01');
    expect(r.stderr + r.stdout).not.toContain('Wr0ng-Secret-Pw');
    expect(r.stderr.trim().split('\n')[0]).toMatch(
      /^error\[CONNECTION_FAILED\]: Could not connect to postgres:\/\/retort:\*\*\*@/,
    );
    const json = await p.run('upgrade', 'head', '--json');
    expect(json.stdout).not.toContain('Wr0ng-Secret-Pw');
  });
});
