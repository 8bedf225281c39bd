import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject, type CliRun } from '../support/cli.js';

/** Replaces the creation timestamps (they come from the clock) so outputs compare exactly. */
const stable = (text: string): string =>
  text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<date>');

function ok(run: CliRun): string {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return stable(run.stdout);
}

describe('a project with a branch and a merge, as Alembic prints it', () => {
  let dir: string;
  const cli = (...args: string[]): Promise<CliRun> => runCli(args, { cwd: dir });

  beforeAll(async () => {
    dir = tempProject();
    ok(await cli('init'));
    expect(
      ok(await cli('revision', '-m', 'create legacy schema', '--rev-id', 'd896bf2738fb')),
    ).toBe('  Generating migrations/d896bf2738fb_create_legacy_schema.ts ...  done\n');
    ok(
      await cli(
        'revision',
        '-m',
        'add multi-user support with auth0 and stripe',
        '--rev-id',
        'e4f7a9b2c3d1',
      ),
    );
    ok(await cli('revision', '-m', 'add grants', '--rev-id', '3c1a9f0e7b22', '--sql'));
    ok(
      await cli(
        'revision',
        '-m',
        'billing accounts',
        '--head',
        'e4f7a9b2c3d1',
        '--splice',
        '--branch-label',
        'billing',
        '--rev-id',
        '5b7e2d4f9a10',
      ),
    );
    ok(
      await cli(
        'revision',
        '-m',
        'billing invoices',
        '--head',
        'billing@head',
        '--rev-id',
        '8a0c6e1d3f45',
      ),
    );
  });

  it('lists both heads', async () => {
    expect(ok(await cli('heads'))).toBe('3c1a9f0e7b22 (head)\n8a0c6e1d3f45 (billing) (head)\n');
  });

  it('shows the branch point and its branches', async () => {
    expect(ok(await cli('branches'))).toBe(
      [
        'e4f7a9b2c3d1 (branchpoint)',
        '             -> 3c1a9f0e7b22 (head)',
        '             -> 5b7e2d4f9a10 (billing)',
        '',
      ].join('\n'),
    );
  });

  it('refuses a new revision while two heads exist, listing them', async () => {
    const run = await cli('revision', '-m', 'more');
    expect(run.code).toBe(4);
    expect(run.stderr).toBe(
      'error[REVISION_MULTIPLE_HEADS]: Multiple heads are present (3c1a9f0e7b22, 8a0c6e1d3f45); please specify the head revision on which the new revision should be based, or perform a merge.\n' +
        'hint: Use `--head <rev>` or `--head <label>@head` to pick one, or `retort merge -m "merge heads" heads` to join them; `retort heads` lists them.\n',
    );
  });

  it('merges the heads and prints the history newest first', async () => {
    expect(ok(await cli('merge', '-m', 'merge billing', 'heads', '--rev-id', 'f00dbabe0001'))).toBe(
      '  Generating migrations/f00dbabe0001_merge_billing.ts ...  done\n',
    );
    expect(ok(await cli('heads'))).toBe('f00dbabe0001 (billing) (head)\n');
    expect(ok(await cli('history'))).toBe(
      [
        '3c1a9f0e7b22, 8a0c6e1d3f45 -> f00dbabe0001 (billing) (head) (mergepoint), merge billing',
        'e4f7a9b2c3d1 -> 3c1a9f0e7b22, add grants',
        '5b7e2d4f9a10 -> 8a0c6e1d3f45 (billing), billing invoices',
        'e4f7a9b2c3d1 -> 5b7e2d4f9a10 (billing), billing accounts',
        'd896bf2738fb -> e4f7a9b2c3d1 (branchpoint), add multi-user support with auth0 and stripe',
        '<base> -> d896bf2738fb, create legacy schema',
        '',
      ].join('\n'),
    );
    expect(ok(await cli('history', '-r', 'e4f7a9b2c3d1:8a0c6e1d3f45'))).toBe(
      [
        '5b7e2d4f9a10 -> 8a0c6e1d3f45 (billing), billing invoices',
        'e4f7a9b2c3d1 -> 5b7e2d4f9a10 (billing), billing accounts',
        'd896bf2738fb -> e4f7a9b2c3d1 (branchpoint), add multi-user support with auth0 and stripe',
        '',
      ].join('\n'),
    );
  });

  it('shows one revision in full, by a unique prefix', async () => {
    expect(ok(await cli('show', 'e4f7'))).toBe(
      [
        'Rev: e4f7a9b2c3d1 (branchpoint)',
        'Parent: d896bf2738fb',
        'Branches into: 3c1a9f0e7b22, 5b7e2d4f9a10',
        'Path: migrations/e4f7a9b2c3d1_add_multi_user_support_with_auth0_and.ts',
        '',
        '    add multi-user support with auth0 and stripe',
        '',
        '    Revision ID: e4f7a9b2c3d1',
        '    Revises: d896bf2738fb',
        '    Create Date: <date>',
        '',
      ].join('\n'),
    );
    expect(ok(await cli('heads', '--verbose'))).toContain(
      'Rev: f00dbabe0001 (head) (mergepoint)\nMerges: 3c1a9f0e7b22, 8a0c6e1d3f45\nBranch names: billing\n',
    );
  });

  it('answers --json with the result object', async () => {
    const run = await cli('heads', '--json');
    const result = JSON.parse(run.stdout) as {
      heads: { id: string; isHead: boolean; file: string }[];
    };
    expect(result.heads.map((h) => h.id)).toEqual(['f00dbabe0001']);
    expect(result.heads[0]!.file).toBe('migrations/f00dbabe0001_merge_billing.ts');
  });

  it('prints the same through the fast path and through commander', async () => {
    // `--config=<file>` is left to commander; `-c <file>` takes the fast path.
    for (const args of [
      ['heads', '--verbose'],
      ['history', '-r', 'base:e4f7'],
      ['branches'],
      ['show', 'heads'],
      ['heads', '--json'],
    ]) {
      const fast = await cli('-c', 'retort.config.ts', ...args);
      const slow = await cli(`--config=retort.config.ts`, ...args);
      expect(fast.stdout).toBe(slow.stdout);
      expect(fast.code).toBe(0);
    }
    const help = await cli('heads', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--resolve-dependencies');
  });

  it('writes a SQL file with the documented header', async () => {
    expect(stable(readFileSync(join(dir, 'migrations/3c1a9f0e7b22_add_grants.sql'), 'utf8'))).toBe(
      '-- revision: 3c1a9f0e7b22\n-- revises: e4f7a9b2c3d1\n-- message: add grants\n-- created: <date>\n\n-- retort:upgrade\n-- CREATE TABLE …;\n\n-- retort:downgrade\n-- DROP TABLE …;\n',
    );
  });

  it('starts a new base with --head base, and refuses a duplicate or invalid --rev-id', async () => {
    ok(
      await cli(
        'revision',
        '-m',
        'audit log',
        '--head',
        'base',
        '--branch-label',
        'audit',
        '--rev-id',
        'a0d1700000aa',
      ),
    );
    expect(ok(await cli('heads'))).toBe(
      'f00dbabe0001 (billing) (head)\na0d1700000aa (audit) (head)\n',
    );
    const dup = await cli('revision', '-m', 'again', '--head', 'base', '--rev-id', 'a0d1700000aa');
    expect(dup.code).toBe(4);
    expect(dup.stderr).toContain(
      "Revision 'a0d1700000aa' already exists in migrations/a0d1700000aa_audit_log.ts.",
    );
    const bad = await cli('revision', '-m', 'x', '--head', 'base', '--rev-id', 'a-b');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--rev-id 'a-b' is not a valid revision id");
    const splice = await cli('revision', '-m', 'x', '--head', 'e4f7a9b2c3d1');
    expect(splice.code).toBe(4);
    expect(splice.stderr).toContain(
      'Revision e4f7a9b2c3d1 is not a head revision; please specify --splice',
    );
  });
});

describe('dependencies between branches', () => {
  it('keeps a label as a label, writes a prefix out in full, and shows effective heads', async () => {
    const dir = tempProject();
    const cli = (...args: string[]): Promise<CliRun> => runCli(args, { cwd: dir });
    ok(await cli('init'));
    ok(await cli('revision', '-m', 'accounts', '--rev-id', 'aaaa1111'));
    ok(
      await cli(
        'revision',
        '-m',
        'audit',
        '--head',
        'base',
        '--branch-label',
        'audit',
        '--rev-id',
        'bbbb2222',
      ),
    );
    ok(
      await cli(
        'revision',
        '-m',
        'uses audit',
        '--head',
        'aaaa1111',
        '--depends-on',
        'audit',
        '--rev-id',
        'cccc3333',
      ),
    );
    expect(ok(await cli('heads'))).toBe('bbbb2222 (audit) (effective head)\ncccc3333 (head)\n');
    expect(ok(await cli('heads', '--resolve-dependencies'))).toBe('cccc3333 (head)\n');
    ok(
      await cli(
        'revision',
        '-m',
        'uses accounts',
        '--head',
        'audit@head',
        '--depends-on',
        'aaaa',
        '--rev-id',
        'dddd4444',
      ),
    );
    expect(readFileSync(join(dir, 'migrations/cccc3333_uses_audit.ts'), 'utf8')).toContain(
      "dependsOn: 'audit',",
    );
    expect(readFileSync(join(dir, 'migrations/dddd4444_uses_accounts.ts'), 'utf8')).toContain(
      "dependsOn: 'aaaa1111',",
    );
    expect(ok(await cli('heads'))).toBe('cccc3333 (head)\ndddd4444 (audit) (head)\n');
    expect(ok(await cli('history'))).toBe(
      [
        'aaaa1111 (audit) -> cccc3333 (head), uses audit',
        'bbbb2222 (aaaa1111) -> dddd4444 (audit) (head), uses accounts',
        '<base> -> bbbb2222 (audit), audit',
        '<base> -> aaaa1111, accounts',
        '',
      ].join('\n'),
    );
    ok(
      await cli(
        'revision',
        '-m',
        'after audit',
        '--head',
        'bbbb2222',
        '--splice',
        '--rev-id',
        'eeee5555',
      ),
    );
    expect(ok(await cli('heads', '--resolve-dependencies'))).not.toContain('effective');
  });
});

describe('errors: a clear message and exit code 4, never a stack trace', () => {
  const ts = (id: string, revises: string | null, extra = ''): string =>
    `import { defineMigration } from 'retort-pg';\nexport default defineMigration({\n  revision: '${id}',\n  revises: ${revises === null ? 'null' : `'${revises}'`},\n  message: 'm ${id}',${extra}\n  upgrade(op) {},\n  downgrade(op) {},\n});\n`;

  async function projectWith(files: Record<string, string>): Promise<string> {
    const dir = tempProject();
    ok(await runCli(['init'], { cwd: dir }));
    for (const [name, text] of Object.entries(files))
      writeFileSync(join(dir, 'migrations', name), text);
    return dir;
  }

  async function fails(dir: string, args: string[], code: number, message: string): Promise<void> {
    const run = await runCli(args, { cwd: dir });
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(code);
  }

  it('a cycle, printed', async () => {
    const dir = await projectWith({
      'a1_x.ts': ts('a1', null),
      'b2_x.ts': ts('b2', 'c3'),
      'c3_x.ts': ts('c3', 'b2'),
    });
    await fails(dir, ['heads'], 4, 'error[REVISION_CYCLE]: Cycle is detected in revisions: ');
  });

  it('a duplicate revision id, naming both files', async () => {
    const dir = await projectWith({ 'a1_x.ts': ts('a1', null), 'a1_y.ts': ts('a1', null) });
    await fails(
      dir,
      ['history'],
      4,
      "Revision 'a1' is declared twice: in migrations/a1_x.ts and in migrations/a1_y.ts.",
    );
  });

  it('a missing parent and a missing dependency', async () => {
    await fails(
      await projectWith({ 'a1_x.ts': ts('a1', 'zz') }),
      ['heads'],
      4,
      'Revision zz referenced from a1 (migrations/a1_x.ts) is not present',
    );
    await fails(
      await projectWith({ 'a1_x.ts': ts('a1', null, "\n  dependsOn: 'qq',") }),
      ['heads'],
      4,
      'qq',
    );
  });

  it('an ambiguous prefix lists the candidates; an unknown revision says so', async () => {
    const dir = await projectWith({
      'abcd1_x.ts': ts('abcd1', null),
      'abcd2_x.ts': ts('abcd2', 'abcd1'),
    });
    await fails(
      dir,
      ['show', 'abcd'],
      4,
      "Multiple revisions start with 'abcd':\n  abcd1  m abcd1\n  abcd2  m abcd2",
    );
    await fails(dir, ['show', 'zz'], 4, 'error[REVISION_NOT_FOUND]');
  });

  it('a malformed file names the file, the line and what was expected', async () => {
    const dir = await projectWith({
      'a1_x.ts': ts('a1', null).replace('revises: null', 'revises: PARENT'),
    });
    await fails(
      dir,
      ['heads'],
      4,
      'migrations/a1_x.ts:4: `revises` is not a literal (metadata must be a literal because retort reads it without executing the file)',
    );
    const sql = await projectWith({
      'a1_x.sql':
        '-- revision: a1\n-- revisess: x\n-- message: m\n-- retort:upgrade\n-- retort:downgrade\n',
    });
    await fails(sql, ['heads'], 4, 'migrations/a1_x.sql:2: unknown header key `revisess`');
  });

  it('a missing migrations directory is a config error (exit 3)', async () => {
    const dir = await projectWith({});
    rmSync(join(dir, 'migrations'), { recursive: true });
    await fails(dir, ['heads'], 3, 'error[MIGRATIONS_DIR_MISSING]: The migrations directory');
  });

  it('a file that is not a migration', async () => {
    await fails(
      await projectWith({ 'a1_helpers.ts': 'export const x = 1;\n' }),
      ['heads'],
      4,
      'migrations/a1_helpers.ts is not a migration',
    );
  });

  it('reads files with a BOM and CRLF line endings like any other', async () => {
    const dir = await projectWith({
      'a1_x.ts': `\uFEFF${ts('a1', null).replace(/\n/g, '\r\n')}`,
      'b2_x.sql':
        '\uFEFF-- revision: b2\r\n-- revises: a1\r\n-- message: crlf sql\r\n\r\n-- retort:upgrade\r\nSELECT 1;\r\n-- retort:downgrade\r\n',
    });
    expect(ok(await runCli(['history'], { cwd: dir }))).toBe(
      'a1 -> b2 (head), crlf sql\n<base> -> a1, m a1\n',
    );
  });
});
