import { describe, expect, it } from 'vitest';
import { R, testProject } from './projects.js';
import { testCommandSuite } from './test-command-suite.js';

describe('retort test on the embedded database', () => {
  testCommandSuite(() => undefined);
});

describe('retort test, the CLI', () => {
  it('exits 0 when every check passes, with a line per check and progress per revision', () => {
    const run = testProject('good').run('test');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^✓ stairway \(up, down, up\) +2 of 2 revisions up, down and up again/m,
    );
    expect(run.stdout).toMatch(/^passed: 6 passed, 0 failed, 1 skipped in /m);
    expect(run.stderr).toContain(`stairway 2/2 ${R.second}  add notes.author  passed`);
  }, 240_000);

  it('exits 1 with the failures as JSON', () => {
    const run = testProject('brokenDowngrade').run('test', '--json');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as {
      passed: boolean;
      checks: { name: string; status: string; failures: { revision?: string }[] }[];
    };
    expect(result.passed).toBe(false);
    const stairway = result.checks.find((c) => c.name === 'stairway');
    expect(stairway?.status).toBe('failed');
    expect(stairway?.failures[0]?.revision).toBe(R.second);
  }, 240_000);

  it('refuses a --database that is not a server URL (exit 2)', () => {
    const run = testProject('good').run('test', '--database', 'mysql://x');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error[TEST_DATABASE_URL]');
  });
});
