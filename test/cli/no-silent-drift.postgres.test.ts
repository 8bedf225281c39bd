import pg from 'pg';
import { expect } from 'vitest';
import { describePostgres, freshDatabases } from '../support/postgres.js';
import { runCli, tempProject } from '../support/cli.js';
import { noSilentDriftSuite } from './no-silent-drift-suite.js';

describePostgres(
  'no silent drift: every schema compared, exclusions, unmanaged objects (PostgreSQL)',
  (adminUrl) => {
    const fresh = freshDatabases(adminUrl);
    noSilentDriftSuite(async () => {
      const dir = tempProject();
      expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
      const url = await fresh();
      return {
        dir,
        env: { DATABASE_URL: url },
        async exec(sql) {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            await client.query(sql);
          } finally {
            await client.end();
          }
        },
      };
    });
  },
);
