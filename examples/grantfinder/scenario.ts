import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { connect } from '../../src/database/connect.js';
import type { DatabaseClient } from '../../src/database/client.js';
import { REPO_ROOT, runCliWithConsole, type CliRun } from '../../test/support/cli.js';

/** The guide's revisions: the legacy schema, its multi-user migration, the user_id_old mapping. */
export const REV = { legacy: 'd896bf2738fb', multiUser: 'e4f7a9b2c3d1', mapping: 'a1c9e5f20b7d' };

/** Exactly the guide's four enum types and values. */
export const GUIDE_ENUMS = {
  applicationgenerationstatus: ['DRAFT', 'GENERATED', 'EDITED', 'SUBMITTED', 'AWARDED', 'REJECTED'],
  searchrunstatus: ['SUCCESS', 'FAILED', 'PARTIAL', 'IN_PROGRESS'],
  searchruntype: ['AUTOMATED', 'MANUAL', 'SCHEDULED'],
  subscriptionstatus: [
    'ACTIVE',
    'CANCELED',
    'PAST_DUE',
    'TRIALING',
    'INCOMPLETE',
    'INCOMPLETE_EXPIRED',
    'UNPAID',
  ],
};

/** The guide's "Indexes Created" list: index name → unique. */
export const GUIDE_INDEXES: Record<string, boolean> = {
  ix_users_auth0_id: true,
  ix_users_email: true,
  ix_business_profiles_user_id: true,
  ix_subscriptions_user_id: true,
  ix_subscriptions_stripe_customer_id: true,
  ix_subscriptions_stripe_subscription_id: true,
  ix_generated_applications_user_id: false,
  ix_generated_applications_grant_id: false,
  ix_grants_user_id: false,
  ix_search_runs_user_id: false,
  ix_application_history_user_id: false,
};

const NEW_TABLES = ['business_profiles', 'generated_applications', 'subscriptions', 'users'];
const LEGACY_TABLES = ['application_history', 'grants', 'search_runs', 'user_settings'];

const MULTI_USER_FILE = 'migrations/e4f7a9b2c3d1_add_multi_user_support_with_auth0_and_stripe.ts';

/** `file:line` of the first line of the multi-user migration containing `text`, as errors name it. */
function multiUserAt(text: string): string {
  const lines = readFileSync(join(import.meta.dirname, MULTI_USER_FILE), 'utf8').split('\n');
  return `${MULTI_USER_FILE}:${lines.findIndex((l) => l.includes(text)) + 1}:`;
}

/** The guide's commands, run from the repository root exactly as the README shows them. */
export interface GuideDatabase {
  readonly url: string;
  retort(...args: string[]): Promise<CliRun>;
  /** Opens the database (between CLI runs: PGlite allows one process at a time). */
  with<T>(body: (db: DatabaseClient) => Promise<T>): Promise<T>;
}

export function guideDatabase(url: string): GuideDatabase {
  return {
    url,
    // The CLI in this process, the data migration's console output (the guide's WARNING lines)
    // on the stderr it captures, as the binary prints it.
    retort: async (...args) =>
      runCliWithConsole(['--config', 'examples/grantfinder/retort.config.ts', ...args], {
        cwd: REPO_ROOT,
        env: { DATABASE_URL: url },
      }),
    async with(body) {
      const db = await connect({ url, rootDir: REPO_ROOT });
      try {
        return await body(db);
      } finally {
        await db.close();
      }
    },
  };
}

const rows = async <T>(db: DatabaseClient, sql: string, params?: unknown[]): Promise<T[]> =>
  (await db.query<T>(sql, params)).rows;

const column = async (db: DatabaseClient, sql: string, params?: unknown[]): Promise<string[]> =>
  (await rows<{ v: string }>(db, sql, params)).map((r) => r.v);

const tablesOf = (db: DatabaseClient): Promise<string[]> =>
  column(
    db,
    "SELECT tablename AS v FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'retort_version%' ORDER BY 1",
  );

const enumsOf = async (db: DatabaseClient): Promise<Record<string, string[]>> =>
  Object.fromEntries(
    (
      await rows<{ name: string; labels: string[] }>(
        db,
        `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
           FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
          WHERE t.typnamespace = 'public'::regnamespace GROUP BY 1 ORDER BY 1`,
      )
    ).map((r) => [r.name, r.labels]),
  );

const columnsOf = (db: DatabaseClient, table: string): Promise<string[]> =>
  column(
    db,
    `SELECT column_name || ' ' || CASE WHEN data_type = 'USER-DEFINED' THEN udt_name ELSE data_type END AS v
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );

/** The guide's troubleshooting orphan query, for every table with a user_id foreign key. */
const ORPHANS = `SELECT ((SELECT count(*) FROM grants WHERE user_id IS NOT NULL AND user_id NOT IN (SELECT id FROM users))
  + (SELECT count(*) FROM search_runs WHERE user_id IS NOT NULL AND user_id NOT IN (SELECT id FROM users))
  + (SELECT count(*) FROM application_history WHERE user_id IS NOT NULL AND user_id NOT IN (SELECT id FROM users))
  + (SELECT count(*) FROM user_settings WHERE user_id NOT IN (SELECT id FROM users))
  + (SELECT count(*) FROM business_profiles WHERE user_id NOT IN (SELECT id FROM users))
  + (SELECT count(*) FROM subscriptions WHERE user_id NOT IN (SELECT id FROM users))
  + (SELECT count(*) FROM generated_applications WHERE user_id NOT IN (SELECT id FROM users))
  )::text AS v`;

/**
 * Tables, columns (with types, nullability, defaults), indexes, constraints, enum types, the
 * version table and the history rows: what an offline run must reproduce exactly.
 */
export async function catalogDump(db: DatabaseClient): Promise<string> {
  const parts: string[][] = [];
  for (const sql of [
    `SELECT table_name || '.' || column_name || ' ' || udt_name || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS v
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'retort_version_history' ORDER BY 1`,
    `SELECT indexdef AS v FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
    `SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS v FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace ORDER BY 1`,
    `SELECT t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS v
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname ORDER BY 1`,
    'SELECT version_num AS v FROM retort_version ORDER BY 1',
    `SELECT revision || ' ' || direction || ' ' || status || ' ' || checksum || ' ' || statements_done || '/' || statements_total AS v
         FROM retort_version_history ORDER BY id`,
  ]) {
    parts.push(await column(db, sql));
  }
  return parts.map((p) => p.join('\n')).join('\n--\n');
}

/** Legacy data as the single-user app left it: no owners, free-form user ids. */
async function seedLegacy(db: DatabaseClient): Promise<void> {
  await db.exec(`
    INSERT INTO grants (title, funder) VALUES ('Legacy community grant', 'City Fund');
    INSERT INTO search_runs (query, results_count) VALUES ('arts funding', 3);
    INSERT INTO application_history (user_id, grant_id, status) VALUES
      ('alice@example.com', 1, 'submitted'), ('bob@example.com', 1, 'draft'), ('ghost@example.com', 1, 'draft');
  `);
}

/** The guide's flows after the upgrade: registration, profile, subscription, grant, application, search. */
async function registerUser(db: DatabaseClient, name: string): Promise<number> {
  const [user] = await rows<{ id: number }>(
    db,
    'INSERT INTO users (auth0_id, email, full_name) VALUES ($1, $2, $3) RETURNING id',
    [`auth0|${name}`, `${name}@example.com`, name],
  );
  const id = user!.id;
  await db.query(
    'INSERT INTO business_profiles (user_id, business_name, narrative_text) VALUES ($1, $2, $3)',
    [id, `${name} LLC`, 'We help.'],
  );
  await db.query(
    "INSERT INTO subscriptions (user_id, stripe_customer_id, stripe_subscription_id, plan_name, status) VALUES ($1, $2, $3, 'pro', 'ACTIVE')",
    [id, `cus_${name}`, `sub_${name}`],
  );
  const [grant] = await rows<{ id: number }>(
    db,
    "INSERT INTO grants (title, user_id) VALUES ('Saved by ' || $1::text, $2) RETURNING id",
    [name, id],
  );
  await db.query(
    "INSERT INTO generated_applications (user_id, grant_id, generated_content, sections, status) VALUES ($1, $2, 'Dear funder…', '{\"summary\": \"…\"}', 'GENERATED')",
    [id, grant!.id],
  );
  await db.query(
    "INSERT INTO search_runs (query, user_id, run_type, status, duration_seconds, sources_searched, api_calls_made) VALUES ('youth programs', $1, 'AUTOMATED', 'PARTIAL', 1.5, 4, 7)",
    [id],
  );
  await db.query('INSERT INTO user_settings (user_id, settings) VALUES ($1, $2)', [
    id,
    '{"digest": "weekly"}',
  ]);
  return id;
}

/**
 * The guide replayed end to end: steps 1–5, the data migration, the testing checklist's
 * database items, the rollback, and the troubleshooting cases. `fresh` gives an empty database.
 */
export function grantfinderSuite(fresh: () => Promise<string>): void {
  // Each step is a whole CLI process; on PGlite each one boots the WebAssembly server.
  const timeout = 600_000;
  it(
    'steps 1–5, the data migration and the rollback, with the testing checklist',
    async () => {
      const g = guideDatabase(await fresh());

      // The starting point of the guide: the legacy schema with legacy data in it.
      expect((await g.retort('upgrade', REV.legacy)).code).toBe(0);
      await g.with(seedLegacy);

      // Step 1: check the current state.
      expect((await g.retort('current')).stdout).toBe(`${REV.legacy}\n`);
      const history = (await g.retort('history')).stdout;
      expect(history).toBe(
        `${REV.multiUser} -> ${REV.mapping} (head), map application_history user_id_old to users\n` +
          `${REV.legacy} -> ${REV.multiUser}, add multi-user support with auth0 and stripe\n` +
          `<base> -> ${REV.legacy}, create legacy schema\n`,
      );
      expect((await g.retort('heads')).stdout).toBe(`${REV.mapping} (head)\n`);

      // Step 2: the dry run prints the SQL and changes nothing.
      const preview = await g.retort('upgrade', REV.multiUser, '--sql');
      expect(preview.code).toBe(0);
      expect(preview.stdout).toContain(
        `CREATE TYPE "subscriptionstatus" AS ENUM ('ACTIVE', 'CANCELED', 'PAST_DUE', 'TRIALING', 'INCOMPLETE', 'INCOMPLETE_EXPIRED', 'UNPAID');`,
      );
      expect(preview.stdout).toContain(
        `ALTER TABLE "application_history" RENAME COLUMN "user_id" TO "user_id_old";`,
      );
      expect(preview.stdout).toContain(
        `UPDATE "public"."retort_version" SET version_num = '${REV.multiUser}' WHERE version_num = '${REV.legacy}';`,
      );
      expect(preview.stdout).not.toContain(REV.mapping);
      expect((await g.retort('current')).stdout).toBe(`${REV.legacy}\n`);

      // Step 3: run the migration.
      const up = await g.retort('upgrade', REV.multiUser);
      expect(up.code).toBe(0);
      expect(up.stderr).toContain(`upgrade ${REV.multiUser}  add multi-user support`);
      expect(up.stdout).toMatch(
        new RegExp(`^Upgraded 1 revision in .*; now at ${REV.multiUser}\\.\\n$`),
      );

      // Step 4: verify. e4f7a9b2c3d1 is not the head here: the data migration follows it.
      expect((await g.retort('current')).stdout).toBe(`${REV.multiUser}\n`);
      let aliceId = 0;
      let bobId = 0;
      await g.with(async (db) => {
        expect(await tablesOf(db)).toEqual([...LEGACY_TABLES, ...NEW_TABLES].sort());
        const indexes = await rows<{ name: string; uniq: boolean }>(
          db,
          `SELECT c.relname AS name, i.indisunique AS uniq FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE c.relnamespace = 'public'::regnamespace AND c.relname LIKE 'ix\\_%' AND c.relname <> 'ix_user_settings_user_id'`,
        );
        expect(Object.fromEntries(indexes.map((i) => [i.name, i.uniq]))).toEqual(GUIDE_INDEXES);
        expect(await enumsOf(db)).toEqual(GUIDE_ENUMS);
        expect(await columnsOf(db, 'search_runs')).toEqual([
          'id integer',
          'query text',
          'results_count integer',
          'created_at timestamp with time zone',
          'user_id integer',
          'run_type searchruntype',
          'status searchrunstatus',
          'duration_seconds double precision',
          'error_message text',
          'error_details jsonb',
          'sources_searched integer',
          'api_calls_made integer',
        ]);
        // Every user_id foreign key cascades.
        const fks = await column(
          db,
          `SELECT conrelid::regclass || '.' || a.attname || ' ' || confdeltype::text AS v FROM pg_constraint c
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
          WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass ORDER BY 1`,
        );
        expect(fks).toEqual([
          'application_history.user_id c',
          'business_profiles.user_id c',
          'generated_applications.user_id c',
          'grants.user_id c',
          'search_runs.user_id c',
          'subscriptions.user_id c',
          'user_settings.user_id c',
        ]);

        // Step 5 / the testing checklist: the flows work.
        aliceId = await registerUser(db, 'alice');
        bobId = await registerUser(db, 'bob');
        // Foreign keys: a row pointing at no user is refused.
        for (const sql of [
          'INSERT INTO grants (title, user_id) VALUES ($1, 999999)',
          'INSERT INTO business_profiles (user_id, business_name) VALUES (999999, $1)',
          'INSERT INTO user_settings (user_id) VALUES (999999)',
        ]) {
          const params = sql.includes('$1') ? ['x'] : [];
          await expect(db.query(sql, params)).rejects.toMatchObject({ code: '23503' });
        }
        // Enums: usable, and only with the guide's values.
        await expect(
          db.query("UPDATE subscriptions SET status = 'BOGUS' WHERE user_id = $1", [aliceId]),
        ).rejects.toMatchObject({ code: '22P02' });
        await db.query("UPDATE subscriptions SET status = 'PAST_DUE' WHERE user_id = $1", [
          aliceId,
        ]);
        // Unique: one profile and one subscription per user, unique e-mail and Stripe ids.
        await expect(
          db.query("INSERT INTO business_profiles (user_id, business_name) VALUES ($1, 'again')", [
            aliceId,
          ]),
        ).rejects.toMatchObject({ code: '23505' });
        await expect(
          db.query(
            "INSERT INTO users (auth0_id, email) VALUES ('auth0|other', 'alice@example.com')",
          ),
        ).rejects.toMatchObject({ code: '23505' });
        // Legacy data (NULL user_id) stays readable.
        expect(await column(db, 'SELECT title AS v FROM grants WHERE user_id IS NULL')).toEqual([
          'Legacy community grant',
        ]);
        expect(
          await column(
            db,
            "SELECT query || ' ' || run_type || ' ' || status AS v FROM search_runs WHERE user_id IS NULL",
          ),
        ).toEqual(['arts funding MANUAL SUCCESS']);
        expect(
          await column(
            db,
            'SELECT user_id_old AS v FROM application_history WHERE user_id IS NULL ORDER BY 1',
          ),
        ).toEqual(['alice@example.com', 'bob@example.com', 'ghost@example.com']);
      });

      // The guide's data migration script, as the revision after e4f7a9b2c3d1.
      const mapped = await g.retort('upgrade', 'head');
      expect(mapped.code).toBe(0);
      expect(mapped.stderr).toContain('WARNING: No user found for old ID: ghost@example.com');
      expect(mapped.stderr).toContain('Mapped 2 of 3 legacy application_history rows');
      expect((await g.retort('current')).stdout).toBe(`${REV.mapping} (head)\n`);
      await g.with(async (db) => {
        expect(
          await column(
            db,
            "SELECT user_id_old || ' ' || coalesce(user_id::text, 'NULL') AS v FROM application_history ORDER BY 1",
          ),
        ).toEqual([
          `alice@example.com ${aliceId}`,
          `bob@example.com ${bobId}`,
          'ghost@example.com NULL',
        ]);
        expect(await column(db, ORPHANS)).toEqual(['0']);

        // Cascade: deleting bob removes his rows from every dependent table, and only his.
        const counts = `SELECT concat_ws(' ', (SELECT count(*) FROM business_profiles), (SELECT count(*) FROM subscriptions),
          (SELECT count(*) FROM generated_applications), (SELECT count(*) FROM grants), (SELECT count(*) FROM search_runs),
          (SELECT count(*) FROM application_history), (SELECT count(*) FROM user_settings)) AS v`;
        expect(await column(db, counts)).toEqual(['2 2 2 3 3 3 2']);
        await db.query('DELETE FROM users WHERE id = $1', [bobId]);
        expect(await column(db, counts)).toEqual(['1 1 1 2 2 2 1']);
        expect(await column(db, ORPHANS)).toEqual(['0']);
      });

      // Rollback step 2: one version back undoes the mapping only.
      const back = await g.retort('downgrade', '-1');
      expect(back.code).toBe(0);
      expect(back.stdout).toMatch(new RegExp(`now at ${REV.multiUser}\\.\\n$`));
      expect((await g.retort('current')).stdout).toBe(`${REV.multiUser}\n`);
      await g.with(async (db) => {
        expect(
          await column(
            db,
            'SELECT count(*)::text AS v FROM application_history WHERE user_id IS NOT NULL',
          ),
        ).toEqual(['0']);
      });

      // …or to the specific version: what the guide's WARNING lists goes, the legacy data stays.
      expect((await g.retort('downgrade', REV.legacy)).code).toBe(0);
      expect((await g.retort('current')).stdout).toBe(`${REV.legacy}\n`);
      await g.with(async (db) => {
        expect(await tablesOf(db)).toEqual(LEGACY_TABLES);
        expect(await enumsOf(db)).toEqual({});
        // Exactly the legacy columns again, in their order.
        expect(await columnsOf(db, 'grants')).toEqual([
          'id integer',
          'title character varying',
          'funder character varying',
          'description text',
          'amount_min numeric',
          'amount_max numeric',
          'deadline date',
          'url text',
          'created_at timestamp with time zone',
          'updated_at timestamp with time zone',
        ]);
        expect(await columnsOf(db, 'search_runs')).toEqual([
          'id integer',
          'query text',
          'results_count integer',
          'created_at timestamp with time zone',
        ]);
        expect(await columnsOf(db, 'application_history')).toEqual([
          'id integer',
          'user_id character varying',
          'grant_id integer',
          'status character varying',
          'notes text',
          'created_at timestamp with time zone',
        ]);
        expect(await column(db, 'SELECT user_id AS v FROM application_history ORDER BY 1')).toEqual(
          ['alice@example.com', 'ghost@example.com'],
        );
        expect(await column(db, 'SELECT title AS v FROM grants ORDER BY id')).toEqual([
          'Legacy community grant',
          'Saved by alice',
        ]);
        expect(await column(db, 'SELECT query AS v FROM search_runs ORDER BY id')).toEqual([
          'arts funding',
          'youth programs',
        ]);
        const fks = await column(
          db,
          "SELECT conname AS v FROM pg_constraint WHERE contype = 'f' ORDER BY 1",
        );
        expect(fks).toEqual(['application_history_grant_id_fkey']);
      });

      // Forward again. The settings rows of users registered after the upgrade outlived them (the
      // guide's rollback keeps user_settings), so the user_settings foreign key cannot hold: the
      // guide's "foreign key violation" case, with the fix its troubleshooting section gives.
      const again = await g.retort('upgrade', 'head');
      expect(again.code).toBe(5);
      expect(again.stderr).toContain(`Key (user_id)=(${aliceId}) is not present in table "users"`);
      expect((await g.retort('current')).stdout).toBe(`${REV.legacy}\n`);
      // The concurrent index builds before the failure were committed, so the migration is half
      // done: retort refuses to go on until told to resume, then resumes at the failed statement.
      const refused = await g.retort('upgrade', 'head');
      expect(refused.code).toBe(8);
      expect(refused.stderr).toContain('--resume');
      await g.with((db) => db.exec('DELETE FROM user_settings'));
      expect((await g.retort('upgrade', 'head', '--resume')).code).toBe(0);
      expect((await g.retort('current')).stdout).toBe(`${REV.mapping} (head)\n`);
    },
    timeout,
  );

  it(
    'troubleshooting: already exists (relation, type, column) names stamp; a foreign key violation is explained',
    async () => {
      const g = guideDatabase(await fresh());

      // "relation already exists": the legacy schema is there but the version table is empty.
      expect((await g.retort('upgrade', REV.legacy)).code).toBe(0);
      expect((await g.retort('stamp', 'base', '--purge')).code).toBe(0);
      const relation = await g.retort('upgrade', 'head');
      expect(relation.code).toBe(5);
      expect(relation.stderr).toContain('relation "grants" already exists (SQLSTATE 42P07');
      expect(relation.stderr).toMatch(/hint: .*applied by hand.*`retort stamp d896bf2738fb`/);
      expect((await g.retort('current')).stdout).toBe('(none: the database is at base)\n');
      expect((await g.retort('stamp', REV.legacy)).stdout).toContain('(no migration ran)');
      expect((await g.retort('current')).stdout).toBe(`${REV.legacy}\n`);

      // "foreign key violation": a settings row of a user that will never exist.
      await g.with((db) => db.exec('INSERT INTO user_settings (user_id) VALUES (42)'));
      const orphan = await g.retort('upgrade', REV.multiUser);
      expect(orphan.code).toBe(5);
      expect(orphan.stderr).toContain(
        multiUserAt('op.validateConstraint(`fk_${table}_user_id_users`'),
      );
      expect(orphan.stderr).toContain(
        'violates foreign key constraint "fk_user_settings_user_id_users"',
      );
      expect(orphan.stderr).toContain('SQLSTATE 23503');
      expect(orphan.stderr).toContain('Key (user_id)=(42) is not present in table "users"');
      expect(orphan.stderr).toMatch(/hint: .*orphaned/);
      expect(orphan.stderr).toContain(`retort upgrade ${REV.multiUser} --resume`);
      expect((await g.retort('current')).stdout).toBe(`${REV.legacy}\n`);
      await g.with((db) => db.exec('DELETE FROM user_settings WHERE user_id = 42'));
      expect((await g.retort('upgrade', REV.multiUser, '--resume')).code).toBe(0);
      expect((await g.retort('downgrade', REV.legacy)).code).toBe(0);

      // "column already exists": someone added grants.user_id by hand.
      await g.with((db) => db.exec('ALTER TABLE grants ADD COLUMN user_id integer'));
      const col = await g.retort('upgrade', REV.multiUser);
      expect(col.code).toBe(5);
      expect(col.stderr).toContain(multiUserAt("addColumn('grants', 'user_id'"));
      expect(col.stderr).toContain(
        'column "user_id" of relation "grants" already exists (SQLSTATE 42701',
      );
      expect(col.stderr).toMatch(
        /hint: .*partially applied or applied by hand.*`retort stamp e4f7a9b2c3d1`/,
      );
      await g.with((db) => db.exec('ALTER TABLE grants DROP COLUMN user_id'));

      // "type already exists": the migration ran but the version table was put back.
      expect((await g.retort('upgrade', REV.multiUser)).code).toBe(0);
      expect((await g.retort('stamp', REV.legacy)).code).toBe(0);
      const type = await g.retort('upgrade', REV.multiUser);
      expect(type.code).toBe(5);
      expect(type.stderr).toContain(multiUserAt("createEnum('subscriptionstatus'"));
      expect(type.stderr).toContain('type "subscriptionstatus" already exists (SQLSTATE 42710');
      expect(type.stderr).toMatch(/hint: .*`retort stamp e4f7a9b2c3d1`/);
      // The guide's fix: mark the migration as completed.
      expect((await g.retort('stamp', REV.multiUser)).code).toBe(0);
      expect((await g.retort('current')).stdout).toBe(`${REV.multiUser}\n`);
      expect((await g.retort('upgrade', 'head')).code).toBe(0);
      expect((await g.retort('current')).stdout).toBe(`${REV.mapping} (head)\n`);
    },
    timeout,
  );
}
