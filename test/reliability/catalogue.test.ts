import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript shared with the reliability bench
import { CASES, runCase } from '../../bench/reliability/catalogue.js';
import { describePostgres, freshDatabases } from '../support/postgres.js';

interface Case {
  name: string;
  server?: boolean;
  code: number;
}
type Run = (c: Case, server?: { admin: string; freshUrl?: string }) => { problems: string[] };
const cases = CASES as Case[];
const run = runCase as Run;

describe('bad inputs: each gives its documented exit code and names its culprit', () => {
  it('the catalogue holds at least 60 cases and none expects exit 70', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => c.code === 70)).toEqual([]);
  });

  for (const c of cases.filter((x) => !x.server)) {
    it(c.name, { timeout: 120_000 }, () => {
      expect(run(c).problems).toEqual([]);
    });
  }
});

describePostgres('bad inputs on a PostgreSQL server', (adminUrl) => {
  const fresh = freshDatabases(adminUrl);
  for (const c of cases.filter((x) => x.server)) {
    it(c.name, { timeout: 120_000 }, async () => {
      const freshUrl = await fresh();
      expect(run(c, { admin: adminUrl(), freshUrl }).problems).toEqual([]);
    });
  }
});
