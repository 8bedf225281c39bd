import { expect, it } from 'vitest';
import {
  test as retortTest,
  type TestCheckName,
  type TestResult,
} from '../../src/commands/test.js';
import type { SECOND } from './projects.js';
import { R, SHARED_CACHE, testProject } from './projects.js';

const check = (result: TestResult, name: TestCheckName) => {
  const found = result.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(result.checks)}`);
  return found;
};

const failedChecks = (result: TestResult): string[] =>
  result.checks.filter((c) => c.status === 'failed').map((c) => c.name);

/**
 * `retort test` on small projects, each wrong in one way; `server()` gives a PostgreSQL URL for
 * --database, or undefined for the embedded default.
 */
export function testCommandSuite(server: () => string | undefined): void {
  // Generous: a loaded 2-core machine takes seconds per scratch database.
  const slow = 240_000;
  const run = async (second: keyof typeof SECOND, otherHead = false): Promise<TestResult> => {
    const project = testProject(second, { otherHead });
    const database = server();
    if (second === 'tsFixture') {
      // Through the built CLI: in process, vitest makes jiti compile retort's sources for a
      // TypeScript migration, minutes on a loaded machine.
      const cli = project.run('test', '--json', ...(database ? ['--database', database] : []));
      return JSON.parse(cli.stdout) as TestResult;
    }
    return retortTest({ config: await project.config(), database, cacheDir: SHARED_CACHE });
  };

  it(
    'passes a correct project with a SQL fixture',
    async () => {
      const result = await run('good');
      expect(failedChecks(result)).toEqual([]);
      expect(result.passed).toBe(true);
      expect(check(result, 'stairway').revisions?.map((r) => r.status)).toEqual([
        'passed',
        'passed',
      ]);
      expect(check(result, 'data').summary).toBe('2 of 2 fixtures passed');
      expect(check(result, 'offline').status).toBe('passed');
      expect(check(result, 'declaration').status).toBe('skipped');
    },
    slow,
  );

  it(
    'fails the stairway on a downgrade that drops the wrong column, naming the revision',
    async () => {
      const result = await run('brokenDowngrade');
      expect(failedChecks(result)).toEqual(['stairway']);
      const [failure] = check(result, 'stairway').failures;
      expect(failure?.revision).toBe(R.second);
      expect(failure?.message).toContain(`The downgrade of ${R.second} leaves a trace`);
      expect(failure?.differences?.join('\n')).toMatch(/body/);
      expect(failure?.differences?.join('\n')).toMatch(/author/);
    },
    slow,
  );

  it(
    'fails the data check on a migration that loses data, naming the revision',
    async () => {
      const result = await run('dataLoss');
      expect(failedChecks(result)).toEqual(['data']);
      expect(check(result, 'stairway').status).toBe('passed');
      const [failure] = check(result, 'data').failures;
      expect(failure?.revision).toBe(R.second);
      expect(failure?.message).toContain(
        `After the downgrade of ${R.second} the data is not what it was`,
      );
      expect(failure?.differences?.[0]).toMatch(
        /^notes: 1 row missing or changed .*a body much longer than ten characters/,
      );
    },
    slow,
  );

  it(
    'fails the stairway on a revision that leaves a trace (a function its downgrade forgets)',
    async () => {
      const result = await run('trace');
      expect(failedChecks(result)).toEqual(['stairway']);
      const [failure] = check(result, 'stairway').failures;
      expect(failure?.revision).toBe(R.second);
      // Functions are in the schema model: its diff names it, once.
      expect(failure?.differences).toEqual(['drop function notes_touch()']);
    },
    slow,
  );

  it(
    'reports an irreversible revision without failing',
    async () => {
      const result = await run('irreversible');
      expect(result.passed).toBe(true);
      expect(check(result, 'stairway').revisions?.map((r) => r.status)).toEqual([
        'passed',
        'irreversible',
      ]);
      expect(check(result, 'stairway').summary).toContain('1 irreversible');
    },
    slow,
  );

  it(
    "fails the data check when a TypeScript fixture's check throws",
    async () => {
      const result = await run('tsFixture');
      expect(failedChecks(result)).toEqual(['data']);
      const [failure] = check(result, 'data').failures;
      expect(failure?.revision).toBe(R.second);
      expect(failure?.message).toContain('pinned should default to false, found null');
    },
    slow,
  );

  it(
    'fails single head with two heads and names the merge command',
    async () => {
      const result = await run('good', true);
      expect(failedChecks(result)).toEqual(['single-head']);
      expect(check(result, 'single-head').failures[0]?.hint).toContain(
        'retort merge -m "merge heads" heads',
      );
    },
    slow,
  );
}
