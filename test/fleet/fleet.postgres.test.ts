import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/project/config-loader.js';
import { fleetCurrent } from '../../src/fleet/fleet-current.js';
import { migrateFleet, type FleetResult } from '../../src/fleet/fleet.js';
import { runCli, tempProject } from '../support/cli.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';

const TIMEOUT = 1_200_000;
const rev = (i: number): string => `${i}`.padStart(12, 'f');

/**
 * Fleet sizes: bounded in `npm test` (every behaviour below holds at any size), the sizes the
 * issue names with RETORT_TEST_SCALE=full. Throughput at scale is bench/fleet.bench.js's job.
 */
const FULL = process.env['RETORT_TEST_SCALE'] === 'full';
const SCHEMAS = FULL ? 1000 : 40;
const DATABASES = FULL ? 200 : 12;
const tenant = (i: number): string => `tenant_${String(i).padStart(4, '0')}`;

/** A project of `n` SQL revisions; revision i creates table t<i>. */
function fleetProject(config: string, n = 4): string {
  const dir = tempProject('retort-fleet-');
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'retort.config.mjs'), config);
  for (let i = 1; i <= n; i++)
    writeFileSync(
      join(dir, 'migrations', `${rev(i)}_m${i}.sql`),
      `-- revision: ${rev(i)}\n-- revises: ${i > 1 ? rev(i - 1) : ''}\n-- message: m${i}\n\n-- retort:upgrade\nCREATE TABLE t${i} (id bigint PRIMARY KEY, name text);\nINSERT INTO t${i} VALUES (${i}, 'x');\n\n-- retort:downgrade\nDROP TABLE t${i};\n`,
    );
  return dir;
}

const withClient = async <T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
};

const names = (r: FleetResult, status: string): string[] =>
  r.targets.filter((t) => t.status === status).map((t) => t.name);

describePostgres(`a fleet of ${SCHEMAS} tenant schemas`, (adminUrl) => {
  let url = '';
  let drop: () => Promise<void> = async () => undefined;
  let dir = '';
  const failing = [tenant(2), tenant(SCHEMAS / 2), tenant(SCHEMAS - 1)];
  beforeAll(async () => {
    const db = await createTestDatabase(adminUrl());
    url = db.url;
    drop = db.drop;
    await withClient(url, (c) =>
      c.query(`CREATE TABLE tenants (schema_name text PRIMARY KEY);
        INSERT INTO tenants SELECT format('tenant_%s', lpad(g::text, 4, '0')) FROM generate_series(1, ${SCHEMAS}) g;
        DO $$ DECLARE s text; BEGIN FOR s IN SELECT schema_name FROM tenants LOOP EXECUTE format('CREATE SCHEMA %I', s); END LOOP; END $$;
        ${failing.map((s) => `CREATE TABLE ${s}.t3 (id int);`).join('\n')}`),
    );
    dir = fleetProject(
      `export default { databaseUrl: ${JSON.stringify(url)}, targets: { schemasQuery: 'SELECT schema_name FROM tenants ORDER BY 1' } };\n`,
    );
  }, TIMEOUT);
  afterAll(async () => {
    await drop();
  }, TIMEOUT);

  it(
    'a failing canary stops the fleet before the rest',
    async () => {
      const config = await loadConfig({ configFile: join(dir, 'retort.config.mjs') });
      const r = await migrateFleet({
        config,
        direction: 'up',
        target: 'head',
        canary: 5,
        // All five canaries start at once: with fewer workers, the fifth starts only if a
        // successful canary finishes before tenant_0002 fails, which depends on the machine's speed.
        concurrency: 5,
      });
      expect(r.stopped).toBe('canary-failed');
      expect(names(r, 'failed')).toEqual([tenant(2)]);
      expect(r.targets.filter((t) => t.canary).length).toBe(5);
      expect(r.skipped).toBe(SCHEMAS - 5);
      // Nothing beyond the canaries was touched.
      const touched = await withClient(url, (c) =>
        c.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_tables WHERE tablename = 'retort_version' AND schemaname LIKE 'tenant_%'",
        ),
      );
      expect(touched.rows[0]?.n).toBe('5');
      // The failed canary stands where its last committed revision left it.
      expect(r.targets.find((t) => t.name === tenant(2))).toMatchObject({
        from: [],
        to: [rev(2)],
        error: { code: 'MIGRATION_FAILED' },
      });
    },
    TIMEOUT,
  );

  it(
    `upgrades all ${SCHEMAS} with three failing: the summary names them, the others are at head`,
    async () => {
      const r = await runCli(['upgrade', 'head', '--all-targets', '--continue-on-error'], {
        cwd: dir,
      });
      expect(r.code, r.stderr).toBe(5);
      for (const s of failing)
        expect(r.stdout).toMatch(new RegExp(`^${s} .*failed .*MIGRATION_FAILED`, 'm'));
      expect(r.stdout).toContain(`on ${SCHEMAS} targets`);
      expect(r.stdout).toContain(
        `: ${SCHEMAS - 7} migrated, 4 already current, 3 failed, 0 skipped.`,
      );
      expect(r.stdout).toContain(`Failed: ${failing.join(', ')}.`);

      const current = await runCli(['current', '--all-targets', '--json'], { cwd: dir });
      const dist = JSON.parse(current.stdout) as {
        distribution: { heads: string[]; count: number; state: string }[];
      };
      expect(dist.distribution).toEqual([
        expect.objectContaining({ heads: [rev(4)], count: SCHEMAS - 3, state: 'head' }),
        expect.objectContaining({ heads: [rev(2)], count: 3, state: 'behind' }),
      ]);
      const text = (await runCli(['current', '--all-targets'], { cwd: dir })).stdout;
      expect(text).toContain(`${SCHEMAS} targets`);
      expect(text).toMatch(new RegExp(`${SCHEMAS - 3} {2}f+4 \\(head\\)`));
    },
    TIMEOUT,
  );

  it(
    'after the fix, a rerun migrates only the three',
    async () => {
      await withClient(url, (c) => c.query(failing.map((s) => `DROP TABLE ${s}.t3;`).join('\n')));
      const r = await runCli(['upgrade', 'head', '--all-targets', '--json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as FleetResult;
      expect(names(report, 'migrated')).toEqual(failing);
      expect(report.current).toBe(SCHEMAS - 3);
      const config = await loadConfig({ configFile: join(dir, 'retort.config.mjs') });
      const cur = await fleetCurrent({ config });
      expect(cur.distribution).toEqual([
        expect.objectContaining({ heads: [rev(4)], count: SCHEMAS }),
      ]);
      // Each tenant's tables are in its own schema, each revision applied once.
      const counts = await withClient(url, (c) =>
        c.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_tables WHERE tablename IN ('t1','t2','t3','t4') AND schemaname LIKE 'tenant_%'",
        ),
      );
      expect(counts.rows[0]?.n).toBe(String(4 * SCHEMAS));
    },
    TIMEOUT,
  );

  it(
    '--target globs select, and a glob matching nothing is a usage error',
    async () => {
      const down = await runCli(
        ['downgrade', rev(3), '--target', 'tenant_00[0]*', '--target', 'tenant_0001'],
        { cwd: dir },
      );
      expect(down.code, down.stderr).toBe(2);
      expect(down.stderr).toContain("--target 'tenant_00[0]*' matches none");
      const ok = await runCli(['downgrade', rev(3), '--target', 'tenant_001?'], { cwd: dir });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/on 10 targets.*10 migrated/);
    },
    TIMEOUT,
  );
});

describePostgres(`a fleet of ${DATABASES} databases`, (adminUrl) => {
  const drops: (() => Promise<void>)[] = [];
  let dir = '';
  let urls: string[] = [];
  const failing = [7, DATABASES / 2, DATABASES - 7].sort((a, b) => a - b);
  const db = (i: number): string => `db${String(i).padStart(3, '0')}`;
  beforeAll(async () => {
    const dbs = [];
    for (let i = 0; i < DATABASES; i++) dbs.push(await createTestDatabase(adminUrl()));
    drops.push(...dbs.map((d) => d.drop));
    urls = dbs.map((d) => d.url);
    for (const i of failing) await withClient(urls[i]!, (c) => c.query('CREATE TABLE t2 (id int)'));
    const targets = urls.map((u, i) => ({ name: `db${String(i).padStart(3, '0')}`, url: u }));
    dir = fleetProject(`export default { targets: ${JSON.stringify(targets)} };\n`, 3);
  }, TIMEOUT);
  afterAll(async () => {
    for (const d of drops) await d();
  }, TIMEOUT);

  it(
    'upgrade all, three fail and are named; fix, rerun: only the three run',
    async () => {
      const r = await runCli(
        ['upgrade', 'head', '--all-targets', '--continue-on-error', '--json'],
        {
          cwd: dir,
        },
      );
      expect(r.code, r.stderr).toBe(5);
      const report = JSON.parse(r.stdout) as FleetResult;
      expect(names(report, 'failed')).toEqual(failing.map(db));
      expect(report.migrated).toBe(DATABASES - 3);
      expect(report.targets.find((t) => t.name === db(failing[1]!))?.error?.message).toContain(
        '"t2" already exists',
      );
      expect(JSON.stringify(report)).not.toContain('retort-test-password');
      for (const i of failing) await withClient(urls[i]!, (c) => c.query('DROP TABLE t2'));
      const again = await runCli(['upgrade', 'head', '--all-targets', '--json'], { cwd: dir });
      expect(again.code, again.stderr).toBe(0);
      const second = JSON.parse(again.stdout) as FleetResult;
      expect(names(second, 'migrated')).toEqual(failing.map(db));
      expect(second.current).toBe(DATABASES - 3);
    },
    TIMEOUT,
  );

  it(
    'without --continue-on-error the fleet stops at the first failure',
    () => {
      // A view on t3 makes the downgrade of the target a quarter of the way in fail.
      const stop = DATABASES / 4;
      return withClient(urls[stop]!, (c) => c.query('CREATE VIEW v3 AS SELECT * FROM t3')).then(
        async () => {
          const r = await runCli(
            ['downgrade', 'base', '--all-targets', '--concurrency', '1', '--json'],
            {
              cwd: dir,
            },
          );
          expect(r.code).toBe(5);
          const report = JSON.parse(r.stdout) as FleetResult;
          expect(report.stopped).toBe('error');
          expect(names(report, 'failed')).toEqual([db(stop)]);
          expect(report.migrated).toBe(stop);
          expect(report.skipped).toBe(DATABASES - stop - 1);
          const text = (await runCli(['current', '--all-targets'], { cwd: dir })).stdout;
          expect(text).toMatch(new RegExp(`\\b${DATABASES - stop} {2}f+3 \\(head\\)`));
          expect(text).toMatch(new RegExp(`\\b${stop} {2}base`));
        },
      );
    },
    TIMEOUT,
  );
});

describePostgres('check over database targets', (adminUrl) => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  }, TIMEOUT);

  it(
    'names the target that differs from the declaration; exit 1',
    async () => {
      const urls: string[] = [];
      for (let i = 0; i < 3; i++) {
        const db = await createTestDatabase(adminUrl());
        drops.push(db.drop);
        urls.push(db.url);
        if (i !== 1)
          await withClient(db.url, (c) =>
            c.query('CREATE TABLE t1 (id bigint PRIMARY KEY, name text)'),
          );
      }
      const targets = urls.map((u, i) => ({ name: `c${i}`, url: u }));
      const dir = fleetProject(
        `export default { schema: 'schema.ts', targets: ${JSON.stringify(targets)} };\n`,
        0,
      );
      writeFileSync(
        join(dir, 'schema.ts'),
        `import { bigint, defineSchema, table, text } from 'retort-pg';\nexport const t1 = table('t1', { id: bigint().primaryKey(), name: text() });\nexport default defineSchema({ tables: [t1] });\n`,
      );
      const r = await runCli(['check', '--all-targets'], { cwd: dir });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toContain('c1: 1 difference(s)');
      expect(r.stdout).toContain(
        '3 targets: 2 match the declaration, 1 differ, 0 could not be checked.',
      );
    },
    TIMEOUT,
  );
});
