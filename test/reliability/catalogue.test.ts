import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript shared with the reliability bench
import { CASES, judgeCase, prepareCase } from '../../bench/reliability/catalogue.js';
import { runCli, type CliRun } from '../support/cli.js';
import { describePostgres, freshDatabases } from '../support/postgres.js';

interface Case {
  name: string;
  server?: boolean;
  code: number;
}
type Prepare = (
  c: Case,
  server?: { admin: string; freshUrl?: string },
) => { dir: string; args: string[]; env: Record<string, string> };
const cases = CASES as Case[];
const prepare = prepareCase as Prepare;
const judge = judgeCase as (c: Case, run: CliRun) => string[];

/**
 * Each case runs the CLI in process (test/support/cli.ts runCli: the same entry points as
 * bin/retort.js, without a Node start per case); `npm run bench -- reliability` runs every case
 * through the real binary.
 */
async function problems(c: Case, server?: { admin: string; freshUrl?: string }) {
  const { dir, args, env } = prepare(c, server);
  return judge(c, await runCli(args, { cwd: dir, env }));
}

describe('bad inputs: each gives its documented exit code and names its culprit', () => {
  it('the catalogue holds at least 60 cases and none expects exit 70', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => c.code === 70)).toEqual([]);
  });

  for (const c of cases.filter((x) => !x.server)) {
    it(c.name, { timeout: 120_000 }, async () => {
      expect(await problems(c)).toEqual([]);
    });
  }
});

describePostgres('bad inputs on a PostgreSQL server', (adminUrl) => {
  const fresh = freshDatabases(adminUrl);
  for (const c of cases.filter((x) => x.server)) {
    it(c.name, { timeout: 120_000 }, async () => {
      const freshUrl = await fresh();
      expect(await problems(c, { admin: adminUrl(), freshUrl })).toEqual([]);
    });
  }
});
