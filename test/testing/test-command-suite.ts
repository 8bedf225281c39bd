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
 * `retort test` on small projects, each wrong in one way (one in two: two heads and a broken
 * downgrade, each check reporting its own); `server()` gives a PostgreSQL URL for
 * --database, or undefined for the embedded default.
 */
export function testCommandSuite(server: () => string | undefined): void {
  // Generous: a loaded 2-core machine takes seconds per scratch database.
  const slow = 240_000;
  const run = async (second: keyof typeof SECOND): Promise<TestResult> => {
    const project = testProject(second);
    const database = server();
    return retortTest({ config: await project.config(), database, cacheDir: SHARED_CACHE });
  };

  const databaseArgs = (): string[] => {
    const database = server();
    return database ? ['--database', database] : [];
  };

  it(
    'passes a correct project with a SQL fixture: exit 0, a line per check, progress per revision (the CLI)',
    async () => {
      const run = await testProject('good').run('test', ...databaseArgs());
      expect(run.code, run.stdout + run.stderr).toBe(0);
      for (const line of [
        /^retort test on \S+: 2 revisions$/m,
        /^✓ single head +one head: b1b1b1b1b1b1 /m,
        /^✓ upgrade base → head +2 revisions applied to heads /m,
        /^- matches the declaration +no schema declaration configured /m,
        /^✓ stairway \(up, down, up\) +2 of 2 revisions up, down and up again /m,
        /^✓ data fixtures +2 of 2 fixtures passed /m,
        /^✓ lint +0 error\(s\)/m,
        /^✓ offline ≡ online +the --sql script gives the same schema /m,
        /^passed: 6 passed, 0 failed, 1 skipped in /m,
      ])
        expect(run.stdout).toMatch(line);
      expect(run.stderr).toContain(`stairway 1/2 ${R.notes}  create notes  passed`);
      expect(run.stderr).toContain(`stairway 2/2 ${R.second}  add notes.author  passed`);
    },
    slow,
  );

  it(
    'fails the stairway on a downgrade that drops the wrong column, naming the revision, and single head on two heads with the merge command: exit 1, JSON (the CLI)',
    async () => {
      // Two heads and a broken downgrade in one project: each check reports its own failure.
      const run = await testProject('brokenDowngrade', { otherHead: true }).run(
        'test',
        '--json',
        ...databaseArgs(),
      );
      expect(run.code, run.stderr).toBe(1);
      const result = JSON.parse(run.stdout) as TestResult;
      expect(result.passed).toBe(false);
      expect(failedChecks(result)).toEqual(['single-head', 'stairway']);
      expect(check(result, 'single-head').failures[0]?.hint).toContain(
        'retort merge -m "merge heads" heads',
      );
      const failures = check(result, 'stairway').failures;
      expect(failures).toHaveLength(1);
      expect(failures[0]?.revision).toBe(R.second);
      expect(failures[0]?.message).toContain(`The downgrade of ${R.second} leaves a trace`);
      expect(failures[0]?.differences?.join('\n')).toMatch(/body/);
      expect(failures[0]?.differences?.join('\n')).toMatch(/author/);
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
}
