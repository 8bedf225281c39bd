import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BIN } from '../support/cli.js';
import { cliProject } from './cli-project.js';

/** Runs the CLI with a resolve hook that records every module specifier it imports. */
function importedModules(cwd: string, args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'retort-lazy-'));
  const log = join(dir, 'log');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { appendFileSync(${JSON.stringify(log)}, s + '\\n'); return next(s, c); }\n`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${join(dir, 'hooks.mjs')}`)});\n`,
  );
  const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: undefined, CI: '1' },
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n');
}

it('commands that need no database never load pg or PGlite', async () => {
  const p = await cliProject('postgres://u@127.0.0.1:1/db');
  for (const args of [['--help'], ['heads'], ['history'], ['upgrade', 'head', '--sql']]) {
    const modules = importedModules(p.dir, args);
    expect(modules.filter((m) => m === 'pg' || m.startsWith('@electric-sql/pglite'))).toEqual([]);
  }
  // …and a command that does loads the driver it needs only.
  const q = await cliProject('pglite:memory');
  const modules = importedModules(q.dir, ['current']);
  expect(modules).toContain('@electric-sql/pglite');
  expect(modules).not.toContain('pg');
});
