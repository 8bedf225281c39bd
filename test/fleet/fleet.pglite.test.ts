import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { connect } from '../../src/database/connect.js';
import { fleetCurrent } from '../../src/fleet/fleet-current.js';
import { migrateFleet } from '../../src/fleet/fleet.js';
import { loadConfig } from '../../src/project/config-loader.js';
import { tempProject } from '../support/cli.js';

it('a schema-per-tenant fleet on PGlite: one target fails, the others reach head, a rerun fixes it', async () => {
  const dir = tempProject('retort-fleet-pglite-');
  mkdirSync(join(dir, 'migrations'));
  const tenants = ['t_a', 't_b', 't_c', 't_d'];
  writeFileSync(
    join(dir, 'retort.config.mjs'),
    `export default { databaseUrl: 'pglite:./.retort/db', targets: ${JSON.stringify(tenants.map((t) => ({ name: t, schema: t })))} };\n`,
  );
  writeFileSync(
    join(dir, 'migrations', 'aaaaaaaaaaaa_one.sql'),
    '-- revision: aaaaaaaaaaaa\n-- revises:\n-- message: one\n\n-- retort:upgrade\nCREATE TABLE items (id bigint PRIMARY KEY);\n\n-- retort:downgrade\nDROP TABLE items;\n',
  );
  const config = await loadConfig({ configFile: join(dir, 'retort.config.mjs') });
  // t_c already has an `items` table: its migration fails.
  const db = await connect({ url: config.databaseUrl, rootDir: dir });
  await db.exec('CREATE SCHEMA t_c; CREATE TABLE t_c.items (x int)');
  await db.close();

  const first = await migrateFleet({
    config,
    direction: 'up',
    target: 'head',
    continueOnError: true,
    concurrency: 4,
  });
  expect(first.concurrency).toBe(1);
  expect(first.targets.map((t) => `${t.name}:${t.status}`)).toEqual([
    't_a:migrated',
    't_b:migrated',
    't_c:failed',
    't_d:migrated',
  ]);
  expect(first.targets[2]?.error?.message).toContain('"items" already exists');
  const current = await fleetCurrent({ config });
  expect(current.distribution).toEqual([
    expect.objectContaining({ heads: ['aaaaaaaaaaaa'], count: 3, state: 'head' }),
    expect.objectContaining({ heads: [], count: 1, state: 'behind', examples: ['t_c'] }),
  ]);

  const fix = await connect({ url: config.databaseUrl, rootDir: dir });
  await fix.exec('DROP TABLE t_c.items');
  await fix.close();
  const second = await migrateFleet({ config, direction: 'up', target: 'head' });
  expect(second.targets.map((t) => t.status)).toEqual([
    'current',
    'current',
    'migrated',
    'current',
  ]);
}, 120_000);
