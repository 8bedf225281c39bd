import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { cliProject, REV } from '../runner/cli-project.js';
import { BIN } from '../support/cli.js';

const hasPsql = spawnSync('psql', ['--version']).status === 0;

describe.skipIf(!hasPsql && process.env['CI'] === undefined)(
  'retort db serve and retort sql (with a real psql)',
  () => {
    it('serves the embedded database to psql and to other retort commands, then releases it', async () => {
      const project = await cliProject('pglite:./.retort/db', ", lint: { gate: 'off' }");
      expect((await project.run('upgrade', REV.users)).code).toBe(0);
      const server = spawn(process.execPath, [BIN, 'db', 'serve', '--json'], {
        cwd: project.dir,
        env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const info = await new Promise<{ port: number; url: string }>((resolve, reject) => {
          createInterface({ input: server.stdout }).once('line', (line) =>
            resolve(JSON.parse(line) as { port: number; url: string }),
          );
          server.once('exit', (code) => reject(new Error(`db serve exited ${code}`)));
        });
        expect(readLock(project.dir)).toMatchObject({ port: info.port });
        const psql = (...args: string[]): string =>
          execFileSync(
            'psql',
            [
              '-X',
              '-h',
              '127.0.0.1',
              '-p',
              String(info.port),
              '-U',
              'postgres',
              'postgres',
              ...args,
            ],
            {
              encoding: 'utf8',
            },
          );
        expect(psql('-c', '\\dt')).toContain('users');
        expect(psql('-c', '\\d users')).toContain('email');
        // Other retort commands go through the server: no second PGlite on the directory.
        const current = await project.run('current');
        expect(current.code).toBe(0);
        expect(current.stdout).toContain(REV.users);
        const up = await project.run('upgrade', 'head');
        expect(up.stderr).not.toContain('error');
        expect(up.code).toBe(0);
        expect(
          (await project.run('sql', "INSERT INTO users (email) VALUES ('a@example.org')")).code,
        ).toBe(0);
        expect(psql('-At', '-c', 'SELECT count(*) FROM users').trim()).toBe('1');
        // A client's transaction is its own: a rolled back insert is not seen by anyone.
        psql(
          '-c',
          'BEGIN',
          '-c',
          "INSERT INTO users (email) VALUES ('b@example.org')",
          '-c',
          'ROLLBACK',
        );
        const rows = await project.run('sql', '--json', 'SELECT email FROM users ORDER BY 1');
        expect(JSON.parse(rows.stdout)).toMatchObject({ rows: [{ email: 'a@example.org' }] });
      } finally {
        server.kill('SIGINT');
        await new Promise((resolve) => server.once('exit', resolve));
      }
      expect(existsSync(join(project.dir, '.retort/db.lock'))).toBe(false);
      // And the directory opens in a process of its own again.
      const after = await project.run('sql', 'SELECT count(*) AS n FROM users');
      expect(after.code).toBe(0);
      expect(after.stdout).toContain('(1 row)');
    }, 600_000);
  },
);

function readLock(dir: string): unknown {
  return JSON.parse(execFileSync('cat', [join(dir, '.retort/db.lock')], { encoding: 'utf8' }));
}
