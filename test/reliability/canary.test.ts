import { beforeAll, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript shared with the reliability bench
import { SOURCES, SWEEP, prepareRole, runSweepCase } from '../../bench/reliability/canary.js';
import { describePostgres } from '../support/postgres.js';

interface SweepCase {
  name: string;
  subset?: string;
}
type Run = (
  c: SweepCase,
  source: string,
  adminUrl: string,
) => Promise<{ code: number; printed: number; files: string[] }>;
const run = runSweepCase as Run;

// The bounded subset of the canary-password sweep (the whole sweep: `npm run bench --
// reliability`): each subset case once, with the canary in the source it names (the config's
// databaseUrl, DATABASE_URL or .env).
describePostgres('the canary password never comes out', (adminUrl) => {
  beforeAll(async () => {
    await (prepareRole as (url: string) => Promise<void>)(adminUrl());
  });
  const subset = (SWEEP as SweepCase[]).filter((c) => c.subset);
  it('the subset puts the canary in every source', () => {
    expect(new Set(subset.map((c) => c.subset))).toEqual(new Set(SOURCES as string[]));
  });
  for (const c of subset) {
    const source = c.subset!;
    it(`${c.name} (canary in ${source})`, { timeout: 120_000 }, async () => {
      const r = await run(c, source, adminUrl());
      expect({ printed: r.printed, files: r.files }).toEqual({ printed: 0, files: [] });
    });
  }
});
