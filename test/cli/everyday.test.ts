import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/project/config-loader.js';
import { cliProject, REV } from '../runner/cli-project.js';

type Project = Awaited<ReturnType<typeof cliProject>>;

describe('everyday commands on a PGlite project', () => {
  let p: Project;
  beforeAll(async () => {
    p = await cliProject('pglite:./.retort/db');
  });

  it('log reads the history table, newest first, as text and JSON', async () => {
    expect((await p.run('log')).stdout).toBe('(no history yet in public.retort_version_history)\n');
    expect((await p.run('upgrade', 'head')).code).toBe(0);
    expect((await p.run('downgrade', '-1')).code).toBe(0);
    const text = (await p.run('log', '--limit', '2')).stdout.trimEnd().split('\n');
    expect(text).toHaveLength(2);
    expect(text[0]).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\S+Z  down  ${REV.tags}  tags  \\(done, \\d+ ms`),
    );
    expect(text[1]).toContain(`up    ${REV.tags}  tags  (done`);
    const json = JSON.parse((await p.run('log', '--json')).stdout) as {
      entries: { revision: string; direction: string; durationMs: number }[];
    };
    expect(json.entries.map((e) => `${e.direction} ${e.revision}`)).toEqual([
      `down ${REV.tags}`,
      `up ${REV.tags}`,
      `up ${REV.posts}`,
      `up ${REV.users}`,
    ]);
    const bad = await p.run('log', '--limit', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit must be a whole number');
  });

  it('--json durations are rounded to a tenth of a millisecond', async () => {
    const up = JSON.parse((await p.run('upgrade', 'head', '--json')).stdout) as {
      durationMs: number;
      steps: { durationMs: number }[];
    };
    for (const d of [up.durationMs, ...up.steps.map((s) => s.durationMs)])
      expect(Math.round(d * 10) / 10).toBe(d);
  });

  it('current at base says so; downgrade +1 and downgrade --help', async () => {
    expect((await p.run('downgrade', 'base')).code).toBe(0);
    expect((await p.run('current')).stdout).toBe('(none: the database is at base)\n');
    const plus = await p.run('downgrade', '+1');
    expect(plus.code).toBe(4);
    expect(plus.stderr).toContain('downgrade goes down, and +1 points the other way');
    expect(plus.stderr).toContain('retort upgrade +1');
    const help = await p.run('downgrade', '--help');
    expect(help.stdout).not.toContain('--lint');
    expect((await p.run('upgrade', '--help')).stdout).toContain('--lint');
  });

  it('edit opens the newest head, or a named revision, in $EDITOR', async () => {
    const editor = join(p.dir, 'editor.sh');
    writeFileSync(editor, `#!/bin/sh\necho "$1" > "${join(p.dir, 'edited')}"\n`);
    chmodSync(editor, 0o755);
    const run = await runWith(p, { EDITOR: editor, VISUAL: undefined }, 'edit');
    expect(run.code).toBe(0);
    expect(readFileSync(join(p.dir, 'edited'), 'utf8').trim()).toBe(
      join(p.dir, `migrations/${REV.tags}_tags.sql`),
    );
    await runWith(p, { EDITOR: editor, VISUAL: undefined }, 'edit', REV.users.slice(0, 4));
    expect(readFileSync(join(p.dir, 'edited'), 'utf8')).toContain(`${REV.users}_create_users.sql`);
    const none = await runWith(p, { EDITOR: undefined, VISUAL: undefined }, 'edit');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Neither $VISUAL nor $EDITOR is set');
  });

  it('reads DATABASE_URL from .env unless --no-dotenv, and never prints it', async () => {
    writeFileSync(join(p.dir, '.env'), 'DATABASE_URL=pglite:./.retort/other # comment\nSECRET=x\n');
    const json = (await p.run('current', '--verbose')).stdout;
    expect(json).toContain('pglite:./.retort/other');
    expect((await p.run('--no-dotenv', 'current', '--verbose')).stdout).toContain(
      'pglite:./.retort/db ',
    );
    writeFileSync(
      join(p.dir, '.env'),
      'DATABASE_URL=postgresql+asyncpg://app:hunter2@127.0.0.1:1/app\n',
    );
    const sa = await p.run('current');
    expect(sa.stderr).toContain('note: DATABASE_URL is a SQLAlchemy URL (postgresql+asyncpg://)');
    expect(sa.stderr + sa.stdout).not.toContain('hunter2');
    expect(sa.code).toBe(6); // connection refused: the URL was accepted and tried
  });

  it('graph and erd draw the project as Mermaid, DOT and SVG', async () => {
    const mermaid = (await p.run('graph')).stdout;
    expect(mermaid).toContain('flowchart BT');
    expect(mermaid).toContain(`n_${REV.users} --> n_${REV.posts}`);
    expect(mermaid).toContain(`class n_${REV.tags} head`);
    expect((await p.run('graph', '--format', 'dot')).stdout).toContain(
      `"${REV.posts}" -> "${REV.tags}";`,
    );
    const svg = (await p.run('graph', '-f', 'svg')).stdout;
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain(`${REV.tags} (head)`);
    const erd = (await p.run('erd', '--from', 'migrations')).stdout;
    expect(erd).toContain('erDiagram');
    expect(erd).toContain('users ||--o{ posts : "user_id"');
    expect((await p.run('erd', '--from', 'migrations', '-f', 'svg')).stdout).toContain(
      '>posts</text>',
    );
    expect((await p.run('graph', '-f', 'png')).stderr).toContain('Use --format mermaid, dot, svg');
  });
});

async function runWith(p: Project, env: Record<string, string | undefined>, ...args: string[]) {
  const { runCli } = await import('../support/cli.js');
  return runCli(args, { cwd: p.dir, env });
}

it('SQLAlchemy URLs lose their +driver part with a note, nothing else changes', () => {
  const resolved = resolveConfig(
    { databaseUrl: 'postgresql+psycopg2://u@db.example/app?sslmode=require' },
    { configFile: '/x/retort.config.ts', rootDir: '/x', env: {} },
  );
  expect(resolved.databaseUrl).toBe('postgresql://u@db.example/app?sslmode=require');
  expect(resolved.notes?.[0]).toContain(
    '`databaseUrl` is a SQLAlchemy URL (postgresql+psycopg2://)',
  );
  expect(
    resolveConfig(
      {},
      { configFile: undefined, rootDir: '/x', env: { DATABASE_URL: 'postgres://a@b/c' } },
    ).notes,
  ).toBeUndefined();
});
