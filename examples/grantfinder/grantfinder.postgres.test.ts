import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { describePostgres, freshDatabases } from '../../test/support/postgres.js';
import { catalogDump, grantfinderSuite, guideDatabase, REV } from './scenario.js';

describePostgres('the grant-finder guide on PostgreSQL (a fresh database per test)', (adminUrl) => {
  const fresh = freshDatabases(adminUrl);
  grantfinderSuite(fresh);

  const psql = (url: string, script: string): void => {
    const applied = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url], {
      input: script,
      encoding: 'utf8',
    });
    // NOTICEs (the version table already exists) are fine; errors are not.
    expect(applied.stderr.replace(/^NOTICE: .*\n/gm, '')).toBe('');
    expect(applied.status).toBe(0);
  };

  it('the step 2 preview applied with psql leaves the same schema and version table as step 3', async () => {
    const online = guideDatabase(await fresh());
    const offline = guideDatabase(await fresh());
    expect((await online.retort('upgrade', REV.multiUser)).code).toBe(0);
    psql(offline.url, (await offline.retort('upgrade', REV.multiUser, '--sql')).stdout);
    const schema = await online.with(catalogDump);
    expect(schema).toContain('CREATE UNIQUE INDEX ix_subscriptions_stripe_customer_id');
    expect(schema).toContain('subscriptionstatus ACTIVE,CANCELED,PAST_DUE');
    expect(schema).toContain(`\n${REV.multiUser}\n`);
    expect(await offline.with(catalogDump)).toBe(schema);
    expect((await offline.retort('current')).stdout).toBe(`${REV.multiUser}\n`);

    // The rollback, online and offline, meets again.
    psql(
      offline.url,
      (await offline.retort('downgrade', `${REV.multiUser}:${REV.legacy}`, '--sql')).stdout,
    );
    expect((await online.retort('downgrade', REV.legacy)).code).toBe(0);
    const legacy = await online.with(catalogDump);
    expect(legacy).not.toContain('subscriptionstatus');
    expect(await offline.with(catalogDump)).toBe(legacy);
  });

  it('the data migration refuses --sql: it needs the live database', async () => {
    const g = guideDatabase(await fresh());
    const offline = await g.retort('upgrade', `${REV.multiUser}:head`, '--sql');
    expect(offline.code).toBe(4);
    expect(offline.stderr).toContain('op.query');
    expect(offline.stderr).toContain(REV.mapping);
  });
});
