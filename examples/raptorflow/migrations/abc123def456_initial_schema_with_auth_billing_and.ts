/**
 * Initial schema with auth, billing, and threat intel models
 *
 * Revision ID: abc123def456
 * Revises:
 * Create Date: 2026-11-21T06:15:15.054Z
 */
import { defineMigration, sql } from 'retort-pg';

export default defineMigration({
  revision: 'abc123def456',
  revises: null,
  message: 'Initial schema with auth, billing, and threat intel models',
  upgrade(op) {
    op.createEnum('membership_role', ['viewer', 'editor', 'admin', 'owner']);
    op.createSequence('invoice_number_seq', { start: 1000n });
    op.createTable(
      'organizations',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        name: { type: 'text', nullable: false },
        slug: { type: 'text', nullable: false },
        description: { type: 'text' },
        settings: { type: 'jsonb', nullable: false, default: '{}' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
        updated_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      {
        primaryKey: { columns: ['id'], name: 'organizations_pkey' },
        unique: [{ columns: ['slug'], name: 'organizations_slug_key' }],
      },
    );
    op.createTable(
      'users',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        auth_sub: { type: 'text', nullable: false, comment: 'Supabase user id (JWT sub)' },
        email: { type: 'text', nullable: false },
        display_name: { type: 'text' },
        avatar_url: { type: 'text' },
        settings: { type: 'jsonb', nullable: false, default: '{}' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
        updated_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      {
        primaryKey: { columns: ['id'], name: 'users_pkey' },
        unique: [{ columns: ['auth_sub'], name: 'users_auth_sub_key' }],
      },
    );
    op.createTable(
      'projects',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        org_id: { type: 'uuid', nullable: false },
        name: { type: 'text', nullable: false },
        description: { type: 'text' },
        tags: { type: 'text[]', nullable: false, default: '{}' },
        settings: { type: 'jsonb', nullable: false, default: '{}' },
        archived: { type: 'boolean', nullable: false, default: false },
        created_by: { type: 'uuid' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
        updated_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      { primaryKey: { columns: ['id'], name: 'projects_pkey' } },
    );
    op.createTable(
      'threat_actors',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        org_id: { type: 'uuid', nullable: false },
        project_id: { type: 'uuid' },
        name: { type: 'text', nullable: false },
        aliases: { type: 'text[]', nullable: false, default: '{}' },
        type: { type: 'text', comment: 'apt, cybercrime, nation-state, hacktivist, …' },
        sophistication: { type: 'text' },
        origin_country: { type: 'text' },
        motivation: { type: 'text[]', nullable: false, default: '{}' },
        mitre_tactics: { type: 'text[]', nullable: false, default: '{}' },
        mitre_techniques: { type: 'text[]', nullable: false, default: '{}' },
        tools: { type: 'text[]', nullable: false, default: '{}' },
        target_sectors: { type: 'text[]', nullable: false, default: '{}' },
        target_countries: { type: 'text[]', nullable: false, default: '{}' },
        first_seen: { type: 'timestamp with time zone' },
        last_seen: { type: 'timestamp with time zone' },
        active: { type: 'boolean', nullable: false, default: true },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
        updated_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      { primaryKey: { columns: ['id'], name: 'threat_actors_pkey' } },
    );
    op.createTable(
      'campaigns',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        org_id: { type: 'uuid', nullable: false },
        project_id: { type: 'uuid' },
        threat_actor_id: { type: 'uuid' },
        name: { type: 'text', nullable: false },
        aliases: { type: 'text[]', nullable: false, default: '{}' },
        objectives: { type: 'text[]', nullable: false, default: '{}' },
        mitre_tactics: { type: 'text[]', nullable: false, default: '{}' },
        mitre_techniques: { type: 'text[]', nullable: false, default: '{}' },
        target_sectors: { type: 'text[]', nullable: false, default: '{}' },
        target_countries: { type: 'text[]', nullable: false, default: '{}' },
        indicator_ids: { type: 'uuid[]', nullable: false, default: '{}' },
        first_seen: { type: 'timestamp with time zone' },
        last_seen: { type: 'timestamp with time zone' },
        active: { type: 'boolean', nullable: false, default: true },
        severity: { type: 'text' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
        updated_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      { primaryKey: { columns: ['id'], name: 'campaigns_pkey' } },
    );
    op.createTable(
      'indicators',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        org_id: { type: 'uuid', nullable: false },
        project_id: { type: 'uuid' },
        type: { type: 'text', nullable: false, comment: 'ip, domain, url, hash, email, …' },
        value: { type: 'text', nullable: false },
        classification: { type: 'text', nullable: false, default: 'unknown' },
        confidence: { type: 'integer', nullable: false, default: 50 },
        severity: { type: 'text', nullable: false, default: 'info' },
        first_seen: { type: 'timestamp with time zone' },
        last_seen: { type: 'timestamp with time zone' },
        source: { type: 'text' },
        tags: { type: 'text[]', nullable: false, default: '{}' },
        mitre_tactics: { type: 'text[]', nullable: false, default: '{}' },
        mitre_techniques: { type: 'text[]', nullable: false, default: '{}' },
        enrichment: { type: 'jsonb', nullable: false, default: '{}' },
        active: { type: 'boolean', nullable: false, default: true },
        false_positive: { type: 'boolean', nullable: false, default: false },
        created_by: { type: 'uuid' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
        updated_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      {
        primaryKey: { columns: ['id'], name: 'indicators_pkey' },
        checks: [
          {
            expression: sql`classification = ANY (ARRAY['malicious'::text, 'suspicious'::text, 'benign'::text, 'unknown'::text])`,
            name: 'indicators_classification_check',
          },
          {
            expression: sql`confidence >= 0 AND confidence <= 100`,
            name: 'indicators_confidence_check',
          },
          {
            expression: sql`severity = ANY (ARRAY['critical'::text, 'high'::text, 'medium'::text, 'low'::text, 'info'::text])`,
            name: 'indicators_severity_check',
          },
        ],
      },
    );
    op.createTable(
      'plans',
      {
        id: { type: 'text', nullable: false, comment: 'free, pro, enterprise' },
        name: { type: 'text', nullable: false },
        description: { type: 'text' },
        price_cents: { type: 'integer', nullable: false },
        currency: { type: 'text', nullable: false, default: 'INR' },
        billing_period: { type: 'text', nullable: false, default: 'monthly' },
        api_requests_per_month: { type: 'integer', nullable: false, comment: '-1 means unlimited' },
        ai_tokens_per_month: { type: 'integer', nullable: false, comment: '-1 means unlimited' },
        features: { type: 'jsonb', nullable: false, default: '{}' },
      },
      {
        primaryKey: { columns: ['id'], name: 'plans_pkey' },
        checks: [
          {
            expression: sql`billing_period = ANY (ARRAY['monthly'::text, 'yearly'::text])`,
            name: 'plans_billing_period_check',
          },
          { expression: sql`price_cents >= 0`, name: 'plans_price_cents_check' },
        ],
      },
    );
    op.createTable(
      'subscriptions',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        org_id: { type: 'uuid', nullable: false },
        plan_id: { type: 'text', nullable: false },
        status: { type: 'text', nullable: false, default: 'trialing' },
        current_period_start: { type: 'timestamp with time zone' },
        current_period_end: { type: 'timestamp with time zone' },
        provider_subscription_id: { type: 'text' },
        api_requests_used: { type: 'integer', nullable: false, default: 0 },
        ai_tokens_used: { type: 'bigint', nullable: false, default: 0 },
        usage_reset_at: { type: 'timestamp with time zone' },
        canceled_at: { type: 'timestamp with time zone' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
        updated_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      {
        primaryKey: { columns: ['id'], name: 'subscriptions_pkey' },
        unique: [
          { columns: ['org_id'], name: 'subscriptions_org_id_key' },
          {
            columns: ['provider_subscription_id'],
            name: 'subscriptions_provider_subscription_id_key',
          },
        ],
        checks: [
          {
            expression: sql`status = ANY (ARRAY['trialing'::text, 'active'::text, 'past_due'::text, 'canceled'::text])`,
            name: 'subscriptions_status_check',
          },
        ],
      },
    );
    op.createTable(
      'payments',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        org_id: { type: 'uuid', nullable: false },
        subscription_id: { type: 'uuid' },
        provider_payment_id: { type: 'text', nullable: false },
        amount_cents: { type: 'integer', nullable: false },
        currency: { type: 'text', nullable: false, default: 'INR' },
        status: { type: 'text', nullable: false, default: 'pending' },
        method: { type: 'text' },
        captured_at: { type: 'timestamp with time zone' },
        refunded_at: { type: 'timestamp with time zone' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      {
        primaryKey: { columns: ['id'], name: 'payments_pkey' },
        unique: [{ columns: ['provider_payment_id'], name: 'payments_provider_payment_id_key' }],
        checks: [
          { expression: sql`amount_cents >= 0`, name: 'payments_amount_cents_check' },
          {
            expression: sql`status = ANY (ARRAY['pending'::text, 'captured'::text, 'refunded'::text, 'failed'::text])`,
            name: 'payments_status_check',
          },
        ],
      },
    );
    op.createTable(
      'invoices',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        org_id: { type: 'uuid', nullable: false },
        subscription_id: { type: 'uuid' },
        payment_id: { type: 'uuid' },
        invoice_number: {
          type: 'bigint',
          nullable: false,
          default: sql`nextval('invoice_number_seq'::regclass)`,
        },
        status: { type: 'text', nullable: false, default: 'draft' },
        currency: { type: 'text', nullable: false, default: 'INR' },
        subtotal_cents: { type: 'integer', nullable: false, default: 0 },
        tax_cents: { type: 'integer', nullable: false, default: 0 },
        total_cents: { type: 'integer', nullable: false, default: 0 },
        line_items: { type: 'jsonb', nullable: false, default: '{}' },
        billing_address: { type: 'jsonb' },
        period_start: { type: 'date' },
        period_end: { type: 'date' },
        issued_at: { type: 'timestamp with time zone' },
        due_at: { type: 'timestamp with time zone' },
        paid_at: { type: 'timestamp with time zone' },
        pdf_url: { type: 'text' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      {
        primaryKey: { columns: ['id'], name: 'invoices_pkey' },
        unique: [{ columns: ['invoice_number'], name: 'invoices_invoice_number_key' }],
        checks: [
          {
            expression: sql`status = ANY (ARRAY['draft'::text, 'issued'::text, 'paid'::text, 'void'::text])`,
            name: 'invoices_status_check',
          },
          {
            expression: sql`total_cents = (subtotal_cents + tax_cents)`,
            name: 'invoices_total_check',
          },
        ],
      },
    );
    op.createTable(
      'ledger_entries',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        org_id: { type: 'uuid', nullable: false },
        account: { type: 'text', nullable: false },
        direction: { type: 'text', nullable: false },
        amount_cents: { type: 'integer', nullable: false },
        ref_type: { type: 'text' },
        ref_id: { type: 'uuid' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      {
        primaryKey: { columns: ['id'], name: 'ledger_entries_pkey' },
        checks: [
          {
            expression: sql`account = ANY (ARRAY['cash'::text, 'revenue'::text, 'refunds'::text])`,
            name: 'ledger_entries_account_check',
          },
          { expression: sql`amount_cents > 0`, name: 'ledger_entries_amount_cents_check' },
          {
            expression: sql`direction = ANY (ARRAY['DR'::text, 'CR'::text])`,
            name: 'ledger_entries_direction_check',
          },
        ],
        comment: 'Double-entry accounting: every payment books a DR and a CR of the same amount',
      },
    );
    op.createTable(
      'memberships',
      {
        org_id: { type: 'uuid', nullable: false },
        user_id: { type: 'uuid', nullable: false },
        role: { type: { name: 'membership_role' }, nullable: false, default: 'viewer' },
        invitation_status: { type: 'text', nullable: false, default: 'accepted' },
        invited_by: { type: 'uuid' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
        updated_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      {
        primaryKey: { columns: ['org_id', 'user_id'], name: 'memberships_pkey' },
        checks: [
          {
            expression: sql`invitation_status = ANY (ARRAY['pending'::text, 'accepted'::text, 'declined'::text, 'revoked'::text])`,
            name: 'memberships_invitation_status_check',
          },
        ],
      },
    );
    op.createTable(
      'threat_reports',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        org_id: { type: 'uuid', nullable: false },
        project_id: { type: 'uuid' },
        title: { type: 'text', nullable: false },
        summary: { type: 'text' },
        content: { type: 'text' },
        classification: { type: 'text', nullable: false, default: 'TLP:AMBER' },
        severity: { type: 'text' },
        indicator_ids: { type: 'uuid[]', nullable: false, default: '{}' },
        threat_actor_ids: { type: 'uuid[]', nullable: false, default: '{}' },
        campaign_ids: { type: 'uuid[]', nullable: false, default: '{}' },
        vulnerability_ids: { type: 'uuid[]', nullable: false, default: '{}' },
        published: { type: 'boolean', nullable: false, default: false },
        published_at: { type: 'timestamp with time zone' },
        created_by: { type: 'uuid' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
        updated_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      {
        primaryKey: { columns: ['id'], name: 'threat_reports_pkey' },
        checks: [
          {
            expression: sql`classification = ANY (ARRAY['TLP:RED'::text, 'TLP:AMBER'::text, 'TLP:GREEN'::text, 'TLP:CLEAR'::text, 'TLP:WHITE'::text])`,
            name: 'threat_reports_classification_check',
          },
        ],
      },
    );
    op.createTable(
      'vulnerabilities',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        org_id: { type: 'uuid', nullable: false },
        project_id: { type: 'uuid' },
        cve_id: { type: 'text' },
        name: { type: 'text', nullable: false },
        description: { type: 'text' },
        cvss_score: { type: 'integer' },
        severity: { type: 'text' },
        affected_products: { type: 'text[]', nullable: false, default: '{}' },
        affected_versions: { type: 'text[]', nullable: false, default: '{}' },
        exploit_available: { type: 'boolean', nullable: false, default: false },
        exploited_in_wild: { type: 'boolean', nullable: false, default: false },
        patch_available: { type: 'boolean', nullable: false, default: false },
        published_date: { type: 'date' },
        discovered_date: { type: 'date' },
        enrichment: { type: 'jsonb', nullable: false, default: '{}' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
        updated_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      {
        primaryKey: { columns: ['id'], name: 'vulnerabilities_pkey' },
        unique: [{ columns: ['cve_id'], name: 'vulnerabilities_cve_id_key' }],
        checks: [
          {
            expression: sql`cvss_score >= 0 AND cvss_score <= 10`,
            name: 'vulnerabilities_cvss_score_check',
          },
        ],
      },
    );
    op.createTable(
      'workspaces',
      {
        id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` },
        org_id: { type: 'uuid', nullable: false },
        name: { type: 'text', nullable: false },
        slug: { type: 'text', nullable: false },
        description: { type: 'text' },
        settings: { type: 'jsonb', nullable: false, default: '{}' },
        created_by: { type: 'uuid' },
        created_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
        updated_at: { type: 'timestamp with time zone', nullable: false, default: sql`now()` },
      },
      {
        primaryKey: { columns: ['id'], name: 'workspaces_pkey' },
        unique: [{ columns: ['org_id', 'slug'], name: 'workspaces_org_id_slug_key' }],
        comment: 'A team space inside an organization (not detailed by the guide: see README)',
      },
    );
    op.createIndex('projects_archived_org_id_idx', 'projects', ['archived', 'org_id']);
    op.createIndex('projects_org_id_idx', 'projects', ['org_id']);
    op.createIndex('threat_actors_name_idx', 'threat_actors', ['name']);
    op.createIndex('threat_actors_org_id_idx', 'threat_actors', ['org_id']);
    op.createIndex('campaigns_org_id_idx', 'campaigns', ['org_id']);
    op.createIndex('indicators_org_id_idx', 'indicators', ['org_id']);
    op.createIndex('indicators_tags_idx', 'indicators', ['tags'], { method: 'gin' });
    op.createIndex('indicators_type_org_id_idx', 'indicators', ['type', 'org_id']);
    op.createIndex('indicators_value_idx', 'indicators', ['value']);
    op.createIndex('payments_org_id_idx', 'payments', ['org_id']);
    op.createIndex('invoices_org_id_idx', 'invoices', ['org_id']);
    op.createIndex('ledger_entries_org_id_idx', 'ledger_entries', ['org_id']);
    op.createIndex('ledger_entries_ref_idx', 'ledger_entries', ['ref_type', 'ref_id']);
    op.createIndex('memberships_user_id_idx', 'memberships', ['user_id']);
    op.createIndex('threat_reports_org_id_idx', 'threat_reports', ['org_id']);
    op.createIndex('vulnerabilities_org_id_idx', 'vulnerabilities', ['org_id']);
    op.createForeignKey('projects_created_by_fkey', 'projects', {
      columns: ['created_by'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('projects_org_id_fkey', 'projects', {
      columns: ['org_id'],
      references: { table: 'organizations', columns: ['id'] },
      onDelete: 'cascade',
    });
    op.createForeignKey('threat_actors_org_id_fkey', 'threat_actors', {
      columns: ['org_id'],
      references: { table: 'organizations', columns: ['id'] },
      onDelete: 'cascade',
    });
    op.createForeignKey('threat_actors_project_id_fkey', 'threat_actors', {
      columns: ['project_id'],
      references: { table: 'projects', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('campaigns_org_id_fkey', 'campaigns', {
      columns: ['org_id'],
      references: { table: 'organizations', columns: ['id'] },
      onDelete: 'cascade',
    });
    op.createForeignKey('campaigns_project_id_fkey', 'campaigns', {
      columns: ['project_id'],
      references: { table: 'projects', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('campaigns_threat_actor_id_fkey', 'campaigns', {
      columns: ['threat_actor_id'],
      references: { table: 'threat_actors', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('indicators_created_by_fkey', 'indicators', {
      columns: ['created_by'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('indicators_org_id_fkey', 'indicators', {
      columns: ['org_id'],
      references: { table: 'organizations', columns: ['id'] },
      onDelete: 'cascade',
    });
    op.createForeignKey('indicators_project_id_fkey', 'indicators', {
      columns: ['project_id'],
      references: { table: 'projects', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('subscriptions_org_id_fkey', 'subscriptions', {
      columns: ['org_id'],
      references: { table: 'organizations', columns: ['id'] },
      onDelete: 'cascade',
    });
    op.createForeignKey('subscriptions_plan_id_fkey', 'subscriptions', {
      columns: ['plan_id'],
      references: { table: 'plans', columns: ['id'] },
    });
    op.createForeignKey('payments_org_id_fkey', 'payments', {
      columns: ['org_id'],
      references: { table: 'organizations', columns: ['id'] },
      onDelete: 'cascade',
    });
    op.createForeignKey('payments_subscription_id_fkey', 'payments', {
      columns: ['subscription_id'],
      references: { table: 'subscriptions', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('invoices_org_id_fkey', 'invoices', {
      columns: ['org_id'],
      references: { table: 'organizations', columns: ['id'] },
      onDelete: 'cascade',
    });
    op.createForeignKey('invoices_payment_id_fkey', 'invoices', {
      columns: ['payment_id'],
      references: { table: 'payments', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('invoices_subscription_id_fkey', 'invoices', {
      columns: ['subscription_id'],
      references: { table: 'subscriptions', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('ledger_entries_org_id_fkey', 'ledger_entries', {
      columns: ['org_id'],
      references: { table: 'organizations', columns: ['id'] },
      onDelete: 'cascade',
    });
    op.createForeignKey('memberships_invited_by_fkey', 'memberships', {
      columns: ['invited_by'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('memberships_org_id_fkey', 'memberships', {
      columns: ['org_id'],
      references: { table: 'organizations', columns: ['id'] },
      onDelete: 'cascade',
    });
    op.createForeignKey('memberships_user_id_fkey', 'memberships', {
      columns: ['user_id'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'cascade',
    });
    op.createForeignKey('threat_reports_created_by_fkey', 'threat_reports', {
      columns: ['created_by'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('threat_reports_org_id_fkey', 'threat_reports', {
      columns: ['org_id'],
      references: { table: 'organizations', columns: ['id'] },
      onDelete: 'cascade',
    });
    op.createForeignKey('threat_reports_project_id_fkey', 'threat_reports', {
      columns: ['project_id'],
      references: { table: 'projects', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('vulnerabilities_org_id_fkey', 'vulnerabilities', {
      columns: ['org_id'],
      references: { table: 'organizations', columns: ['id'] },
      onDelete: 'cascade',
    });
    op.createForeignKey('vulnerabilities_project_id_fkey', 'vulnerabilities', {
      columns: ['project_id'],
      references: { table: 'projects', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('workspaces_created_by_fkey', 'workspaces', {
      columns: ['created_by'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'set null',
    });
    op.createForeignKey('workspaces_org_id_fkey', 'workspaces', {
      columns: ['org_id'],
      references: { table: 'organizations', columns: ['id'] },
      onDelete: 'cascade',
    });
  },
  downgrade(op) {
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('workspaces');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('vulnerabilities');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('threat_reports');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('memberships');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('ledger_entries');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('invoices');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('payments');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('subscriptions');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('plans');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('indicators');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('campaigns');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('threat_actors');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('projects');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('users');
    // DESTRUCTIVE: drops the table and all its rows; review before running.
    op.dropTable('organizations');
    // DESTRUCTIVE: drops sequence invoice_number_seq and its current value; review before running.
    op.dropSequence('invoice_number_seq');
    // DESTRUCTIVE: drops type membership_role; review before running.
    op.dropEnum('membership_role');
  },
});
