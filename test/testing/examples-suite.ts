import { expect, it } from 'vitest';
import type { TestResult } from '../../src/commands/test.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

/** The CLI (in process), as CI runs it: `retort --config examples/<x>/retort.config.ts test --json`. */
async function retortTest(example: string, database: string | undefined): Promise<TestResult> {
  const run = await runCli(
    [
      '--config',
      `examples/${example}/retort.config.ts`,
      'test',
      '--json',
      ...(database ? ['--database', database] : []),
    ],
    { cwd: REPO_ROOT },
  );
  if (run.code > 1) throw new Error(`retort test exited ${run.code}: ${run.stdout} ${run.stderr}`);
  return JSON.parse(run.stdout) as TestResult;
}

/** Both examples pass every check that applies to them. */
export function examplesSuite(server: () => string | undefined): void {
  it('grantfinder: the legacy rows, the cascade delete and the user_id_old mapping fixtures pass', async () => {
    const result = await retortTest('grantfinder', server());
    const status = Object.fromEntries(result.checks.map((c) => [c.name, c.status]));
    expect(status).toEqual({
      'single-head': 'passed',
      upgrade: 'passed',
      declaration: 'skipped', // no schema declaration in this example
      stairway: 'passed',
      data: 'passed',
      lint: 'passed',
      offline: 'skipped', // a1c9e5f20b7d reads the database (op.query)
    });
    const data = result.checks.find((c) => c.name === 'data');
    expect(data?.revisions?.map((r) => [r.revision, r.status])).toEqual([
      ['e4f7a9b2c3d1', 'passed'],
      ['a1c9e5f20b7d', 'passed'],
    ]);
    expect(result.checks.find((c) => c.name === 'offline')?.summary).toContain('a1c9e5f20b7d');
  }, 600_000);

  it('raptorflow: every check passes, the plans survive the three zero-downtime steps', async () => {
    const result = await retortTest('raptorflow', server());
    expect(result.checks.map((c) => `${c.name} ${c.status}`)).toEqual([
      'single-head passed',
      'upgrade passed',
      'declaration passed',
      'stairway passed',
      'data passed',
      'lint passed',
      'offline passed',
    ]);
    expect(result.checks.find((c) => c.name === 'data')?.revisions?.map((r) => r.revision)).toEqual(
      ['c3d5f7a9b1e2', 'e5f7b9c1d3a4'],
    );
  }, 600_000);
}
