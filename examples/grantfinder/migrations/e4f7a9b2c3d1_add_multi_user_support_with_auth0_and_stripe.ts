/**
 * add multi-user support with auth0 and stripe
 *
 * Revision ID: e4f7a9b2c3d1
 * Revises: d896bf2738fb
 * Create Date: 2025-06-16 10:02:00
 */
import { defineMigration, sql } from 'retort-pg';

const timestamps = {
  created_at: { type: 'timestamptz', nullable: false, default: sql`now()` },
  updated_at: { type: 'timestamptz', nullable: false, default: sql`now()` },
} as const;

const ownedBy = { table: 'users', onDelete: 'cascade' } as const;

// Indexes on the legacy tables, which hold live rows, are built without blocking writes:
// retort runs each CONCURRENTLY build on its own, outside the migration's transaction.
const existingTable = { concurrently: true, ifNotExists: true } as const;

export default defineMigration({
  revision: 'e4f7a9b2c3d1',
  revises: 'd896bf2738fb',
  message: 'add multi-user support with auth0 and stripe',

  upgrade(op) {
    // The four enum types, named as SQLAlchemy names them (lower-cased class names).
    op.createEnum('subscriptionstatus', [
      'ACTIVE',
      'CANCELED',
      'PAST_DUE',
      'TRIALING',
      'INCOMPLETE',
      'INCOMPLETE_EXPIRED',
      'UNPAID',
    ]);
    op.createEnum('applicationgenerationstatus', [
      'DRAFT',
      'GENERATED',
      'EDITED',
      'SUBMITTED',
      'AWARDED',
      'REJECTED',
    ]);
    op.createEnum('searchruntype', ['AUTOMATED', 'MANUAL', 'SCHEDULED']);
    op.createEnum('searchrunstatus', ['SUCCESS', 'FAILED', 'PARTIAL', 'IN_PROGRESS']);

    // users: Auth0 identity, subscription tier and status, usage counters and limits, flags.
    op.createTable('users', {
      id: { type: 'serial', primaryKey: true },
      auth0_id: { type: 'varchar(255)', nullable: false },
      email: { type: 'varchar(255)', nullable: false },
      full_name: { type: 'varchar(255)' },
      subscription_tier: { type: 'varchar(50)', nullable: false, default: 'free' },
      subscription_status: { type: 'varchar(50)', nullable: false, default: 'active' },
      searches_used: { type: 'integer', nullable: false, default: 0 },
      applications_used: { type: 'integer', nullable: false, default: 0 },
      searches_limit: { type: 'integer', nullable: false, default: 10 },
      applications_limit: { type: 'integer', nullable: false, default: 3 },
      is_active: { type: 'boolean', nullable: false, default: true },
      is_admin: { type: 'boolean', nullable: false, default: false },
      ...timestamps,
      last_login: { type: 'timestamptz' },
    });
    op.createIndex('ix_users_auth0_id', 'users', ['auth0_id'], { unique: true });
    op.createIndex('ix_users_email', 'users', ['email'], { unique: true });

    // business_profiles: one per user, the material the RAG generator writes from.
    op.createTable('business_profiles', {
      id: { type: 'serial', primaryKey: true },
      user_id: { type: 'integer', nullable: false, references: ownedBy },
      business_name: { type: 'varchar(255)', nullable: false },
      mission_statement: { type: 'text' },
      services_description: { type: 'text' },
      website: { type: 'varchar(500)' },
      target_sectors: { type: 'jsonb' },
      annual_revenue: { type: 'varchar(50)' },
      years_in_operation: { type: 'integer' },
      team_size: { type: 'integer' },
      narrative_text: { type: 'varchar(2000)' },
      uploaded_documents: { type: 'jsonb' },
      documents_total_size: { type: 'bigint', nullable: false, default: 0 },
      vector_namespace: { type: 'varchar(255)' },
      embeddings_updated_at: { type: 'timestamptz' },
      ...timestamps,
    });
    op.createIndex('ix_business_profiles_user_id', 'business_profiles', ['user_id'], {
      unique: true,
    });

    // subscriptions: one per user, mirrors the Stripe subscription.
    op.createTable('subscriptions', {
      id: { type: 'serial', primaryKey: true },
      user_id: { type: 'integer', nullable: false, references: ownedBy },
      stripe_customer_id: { type: 'varchar(255)', nullable: false },
      stripe_subscription_id: { type: 'varchar(255)' },
      plan_name: { type: 'varchar(50)', nullable: false },
      plan_amount: { type: 'integer', nullable: false, default: 0 },
      currency: { type: 'varchar(3)', nullable: false, default: 'usd' },
      status: { type: 'subscriptionstatus', nullable: false, default: 'INCOMPLETE' },
      current_period_start: { type: 'timestamptz' },
      current_period_end: { type: 'timestamptz' },
      searches_limit: { type: 'integer', nullable: false, default: 10 },
      applications_limit: { type: 'integer', nullable: false, default: 3 },
      searches_remaining: { type: 'integer', nullable: false, default: 10 },
      applications_remaining: { type: 'integer', nullable: false, default: 3 },
      cancel_at_period_end: { type: 'boolean', nullable: false, default: false },
      canceled_at: { type: 'timestamptz' },
      ...timestamps,
    });
    op.createIndex('ix_subscriptions_user_id', 'subscriptions', ['user_id'], { unique: true });
    op.createIndex('ix_subscriptions_stripe_customer_id', 'subscriptions', ['stripe_customer_id'], {
      unique: true,
    });
    op.createIndex(
      'ix_subscriptions_stripe_subscription_id',
      'subscriptions',
      ['stripe_subscription_id'],
      { unique: true },
    );

    // generated_applications: AI-written grant applications, many per user and per grant.
    op.createTable('generated_applications', {
      id: { type: 'serial', primaryKey: true },
      user_id: { type: 'integer', nullable: false, references: ownedBy },
      grant_id: {
        type: 'integer',
        nullable: false,
        references: { table: 'grants', onDelete: 'cascade' },
      },
      generated_content: { type: 'text', nullable: false },
      sections: { type: 'jsonb' },
      status: { type: 'applicationgenerationstatus', nullable: false, default: 'DRAFT' },
      user_feedback: { type: 'text' },
      user_edits: { type: 'text' },
      edit_count: { type: 'integer', nullable: false, default: 0 },
      model_used: { type: 'varchar(100)' },
      generation_time_seconds: { type: 'double precision' },
      tokens_used: { type: 'integer' },
      ...timestamps,
    });
    op.createIndex('ix_generated_applications_user_id', 'generated_applications', ['user_id']);
    op.createIndex('ix_generated_applications_grant_id', 'generated_applications', ['grant_id']);

    // user_settings: already keyed by user_id; now enforced.
    op.createForeignKey('fk_user_settings_user_id_users', 'user_settings', {
      columns: ['user_id'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'cascade',
      notValid: true,
    });

    // grants: an owner, nullable so legacy ("system") grants stay valid.
    op.addColumn('grants', 'user_id', { type: 'integer' });
    op.createForeignKey('fk_grants_user_id_users', 'grants', {
      columns: ['user_id'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'cascade',
      notValid: true,
    });
    op.createIndex('ix_grants_user_id', 'grants', ['user_id'], existingTable);

    // search_runs: an owner plus run tracking.
    op.addColumn('search_runs', 'user_id', { type: 'integer' });
    op.createForeignKey('fk_search_runs_user_id_users', 'search_runs', {
      columns: ['user_id'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'cascade',
      notValid: true,
    });
    op.createIndex('ix_search_runs_user_id', 'search_runs', ['user_id'], existingTable);
    op.addColumn('search_runs', 'run_type', {
      type: 'searchruntype',
      nullable: false,
      default: 'MANUAL',
    });
    op.addColumn('search_runs', 'status', {
      type: 'searchrunstatus',
      nullable: false,
      default: 'SUCCESS',
    });
    op.addColumn('search_runs', 'duration_seconds', { type: 'double precision' });
    op.addColumn('search_runs', 'error_message', { type: 'text' });
    op.addColumn('search_runs', 'error_details', { type: 'jsonb' });
    op.addColumn('search_runs', 'sources_searched', {
      type: 'integer',
      nullable: false,
      default: 0,
    });
    op.addColumn('search_runs', 'api_calls_made', { type: 'integer', nullable: false, default: 0 });

    // application_history: the string user id is kept as user_id_old for the data migration;
    // user_id becomes an integer foreign key, NULL until that migration maps it.
    op.alterColumn('application_history', 'user_id', {
      newName: 'user_id_old',
      lintIgnore: {
        rule: 'renaming-column',
        reason:
          'the guide ships this rename with the multi-user release: no deployed code reads user_id as a string afterwards',
      },
    });
    op.addColumn('application_history', 'user_id', { type: 'integer' });
    op.createForeignKey('fk_application_history_user_id_users', 'application_history', {
      columns: ['user_id'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'cascade',
      notValid: true,
    });
    op.createIndex(
      'ix_application_history_user_id',
      'application_history',
      ['user_id'],
      existingTable,
    );

    // The foreign keys on legacy tables were added NOT VALID (a brief lock, no scan); validating
    // them now scans each table while reads and writes go on. An orphaned user_settings row
    // fails here with SQLSTATE 23503 — see the README's troubleshooting section.
    for (const table of ['grants', 'search_runs', 'application_history', 'user_settings']) {
      op.validateConstraint(`fk_${table}_user_id_users`, table);
    }
  },

  downgrade(op) {
    op.dropConstraint('fk_user_settings_user_id_users', 'user_settings');

    op.dropIndex('ix_application_history_user_id');
    op.dropConstraint('fk_application_history_user_id_users', 'application_history');
    op.dropColumn('application_history', 'user_id');
    op.alterColumn('application_history', 'user_id_old', { newName: 'user_id' });

    for (const column of [
      'api_calls_made',
      'sources_searched',
      'error_details',
      'error_message',
      'duration_seconds',
      'status',
      'run_type',
    ]) {
      op.dropColumn('search_runs', column);
    }
    op.dropIndex('ix_search_runs_user_id');
    op.dropConstraint('fk_search_runs_user_id_users', 'search_runs');
    op.dropColumn('search_runs', 'user_id');

    op.dropIndex('ix_grants_user_id');
    op.dropConstraint('fk_grants_user_id_users', 'grants');
    op.dropColumn('grants', 'user_id');

    op.dropTable('generated_applications');
    op.dropTable('subscriptions');
    op.dropTable('business_profiles');
    op.dropTable('users');

    op.dropEnum('searchrunstatus');
    op.dropEnum('searchruntype');
    op.dropEnum('applicationgenerationstatus');
    op.dropEnum('subscriptionstatus');
  },

  // `retort test`: legacy rows as the single-user application left them go in before this
  // revision runs; afterwards they are still there and readable (user_id_old keeps the string id,
  // user_id is NULL), and deleting a user deletes everything it owns (the checklist's "cascade
  // deletes work correctly", "no orphaned records"). The check runs in a transaction that is
  // rolled back, and after the downgrade the legacy rows must be exactly as they were.
  test: {
    before: {
      grants: [
        { title: 'Community arts fund', funder: 'Arts Council', amount_max: 5000 },
        { title: 'Rural broadband', deadline: '2025-09-30' },
      ],
      application_history: [
        {
          user_id: 'ada@example.com',
          grant_id: sql`(SELECT id FROM grants WHERE title = 'Community arts fund')`,
          status: 'submitted',
        },
        {
          user_id: 'legacy-42',
          grant_id: sql`(SELECT id FROM grants WHERE title = 'Rural broadband')`,
        },
        { user_id: null, notes: 'anonymous draft' },
      ],
      search_runs: [{ query: 'arts funding', results_count: 12 }],
    },
    async after(query) {
      const legacy = await query<{ user_id_old: string | null; user_id: number | null }>(
        'SELECT user_id_old, user_id FROM application_history ORDER BY id',
      );
      const olds = legacy.map((r) => r.user_id_old).join(', ');
      if (olds !== 'ada@example.com, legacy-42, ' || legacy.some((r) => r.user_id !== null))
        throw new Error(`legacy application_history rows changed: ${JSON.stringify(legacy)}`);
      const [unowned] = await query<{ n: number }>(
        "SELECT count(*)::int AS n FROM grants WHERE user_id IS NULL AND title IN ('Community arts fund', 'Rural broadband')",
      );
      if (unowned?.n !== 2) throw new Error('the legacy grants are not readable with a NULL owner');

      const [user] = await query<{ id: number }>(
        "INSERT INTO users (auth0_id, email) VALUES ('auth0|cascade', 'cascade@example.com') RETURNING id",
      );
      const id = user!.id;
      await query("INSERT INTO grants (title, user_id) VALUES ('Owned grant', $1)", [id]);
      await query(
        "INSERT INTO business_profiles (user_id, business_name) VALUES ($1, 'Cascade Ltd')",
        [id],
      );
      await query(
        "INSERT INTO subscriptions (user_id, stripe_customer_id, plan_name) VALUES ($1, 'cus_cascade', 'pro')",
        [id],
      );
      await query(
        "INSERT INTO generated_applications (user_id, grant_id, generated_content) SELECT $1, id, 'draft' FROM grants WHERE title = 'Owned grant'",
        [id],
      );
      await query("INSERT INTO search_runs (query, user_id) VALUES ('owned search', $1)", [id]);
      await query('INSERT INTO application_history (user_id, status) VALUES ($1, $2)', [
        id,
        'draft',
      ]);
      await query('INSERT INTO user_settings (user_id) VALUES ($1)', [id]);
      await query('DELETE FROM users WHERE id = $1', [id]);
      const left = await query<{ t: string; n: number }>(
        `SELECT t, n FROM (
           SELECT 'grants' AS t, count(*)::int AS n FROM grants WHERE user_id = $1
           UNION ALL SELECT 'business_profiles', count(*)::int FROM business_profiles WHERE user_id = $1
           UNION ALL SELECT 'subscriptions', count(*)::int FROM subscriptions WHERE user_id = $1
           UNION ALL SELECT 'generated_applications', count(*)::int FROM generated_applications WHERE user_id = $1
           UNION ALL SELECT 'search_runs', count(*)::int FROM search_runs WHERE user_id = $1
           UNION ALL SELECT 'application_history', count(*)::int FROM application_history WHERE user_id = $1
           UNION ALL SELECT 'user_settings', count(*)::int FROM user_settings WHERE user_id = $1
         ) AS owned WHERE n > 0`,
        [id],
      );
      if (left.length > 0)
        throw new Error(
          `deleting a user left its rows in ${left.map((r) => `${r.t} (${r.n})`).join(', ')}`,
        );
    },
  },
});
