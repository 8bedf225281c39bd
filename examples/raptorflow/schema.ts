/**
 * RaptorFlow's schema — the threat-intel guide's "Database Schema Overview", declared with retort.
 * Every table and column the guide lists is here; where the guide is vague (workspaces, invoices,
 * "usage tracking fields") see README.md for what was modelled and why.
 */
import {
  bigint,
  boolean,
  check,
  date,
  defineSchema,
  enumType,
  index,
  integer,
  jsonb,
  pgFunction,
  policy,
  primaryKey,
  sequence,
  sql,
  table,
  text,
  timestamptz,
  trigger,
  unique,
  uuid,
  view,
} from 'retort-pg';

const id = () =>
  uuid()
    .primaryKey()
    .default(sql`gen_random_uuid()`);
const createdAt = () =>
  timestamptz()
    .notNull()
    .default(sql`now()`);
const updatedAt = () =>
  timestamptz()
    .notNull()
    .default(sql`now()`);
const orgId = () =>
  uuid()
    .notNull()
    .references(() => organizations.columns.id, { onDelete: 'cascade' });
const projectId = () => uuid().references(() => projects.columns.id, { onDelete: 'set null' });
const createdBy = () => uuid().references(() => users.columns.id, { onDelete: 'set null' });
/** Row-level security on every tenant table (see the policies at the end). */
const tenantRls = { rowLevelSecurity: true } as const;
const textArray = () => text().array().notNull().default([]);
const uuidArray = () => uuid().array().notNull().default([]);

// ── Authentication ──────────────────────────────────────────────────────────────────────────

export const membershipRole = enumType('membership_role', ['viewer', 'editor', 'admin', 'owner']);

export const users = table('users', {
  id: id(),
  auth_sub: text().notNull().unique().comment('Supabase user id (JWT sub)'),
  email: text().notNull(),
  display_name: text(),
  avatar_url: text(),
  settings: jsonb().notNull().default({}),
  timezone: text().notNull(),
  created_at: createdAt(),
  updated_at: updatedAt(),
});

export const organizations = table(
  'organizations',
  {
    id: id(),
    name: text().notNull(),
    slug: text().notNull().unique(),
    description: text(),
    settings: jsonb().notNull().default({}),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  undefined,
  tenantRls,
);

export const memberships = table(
  'memberships',
  {
    org_id: orgId(),
    user_id: uuid()
      .notNull()
      .references(() => users.columns.id, { onDelete: 'cascade' }),
    role: membershipRole().notNull().default('viewer'),
    invitation_status: text()
      .notNull()
      .default('accepted')
      .check(sql`invitation_status IN ('pending', 'accepted', 'declined', 'revoked')`),
    invited_by: createdBy(),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [primaryKey(t.org_id, t.user_id), index('memberships_user_id_idx').on(t.user_id)],
  tenantRls,
);

export const workspaces = table(
  'workspaces',
  {
    id: id(),
    org_id: orgId(),
    name: text().notNull(),
    slug: text().notNull(),
    description: text(),
    settings: jsonb().notNull().default({}),
    created_by: createdBy(),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [unique('workspaces_org_id_slug_key').on(t.org_id, t.slug)],
  {
    ...tenantRls,
    comment: 'A team space inside an organization (not detailed by the guide: see README)',
  },
);

// ── Billing ─────────────────────────────────────────────────────────────────────────────────

export const plans = table(
  'plans',
  {
    id: text().primaryKey().comment('free, pro, enterprise'),
    name: text().notNull(),
    description: text(),
    price_cents: integer()
      .notNull()
      .check(sql`price_cents >= 0`),
    currency: text().notNull().default('INR'),
    billing_period: text()
      .notNull()
      .default('monthly')
      .check(sql`billing_period IN ('monthly', 'yearly')`),
    api_requests_per_month: integer().notNull().comment('-1 means unlimited'),
    ai_tokens_per_month: integer().notNull().comment('-1 means unlimited'),
    features: jsonb().notNull().default({}),
  },
  undefined,
  { rowLevelSecurity: true },
);

export const subscriptions = table(
  'subscriptions',
  {
    id: id(),
    org_id: orgId().unique(),
    plan_id: text()
      .notNull()
      .references(() => plans.columns.id),
    status: text()
      .notNull()
      .default('trialing')
      .check(sql`status IN ('trialing', 'active', 'past_due', 'canceled')`),
    current_period_start: timestamptz(),
    current_period_end: timestamptz(),
    provider_subscription_id: text().unique(),
    api_requests_used: integer().notNull().default(0),
    ai_tokens_used: bigint().notNull().default(0),
    usage_reset_at: timestamptz(),
    canceled_at: timestamptz(),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  undefined,
  tenantRls,
);

export const payments = table(
  'payments',
  {
    id: id(),
    org_id: orgId(),
    subscription_id: uuid().references(() => subscriptions.columns.id, { onDelete: 'set null' }),
    provider_payment_id: text().notNull().unique(),
    amount_cents: integer()
      .notNull()
      .check(sql`amount_cents >= 0`),
    currency: text().notNull().default('INR'),
    status: text()
      .notNull()
      .default('pending')
      .check(sql`status IN ('pending', 'captured', 'refunded', 'failed')`),
    method: text(),
    captured_at: timestamptz(),
    refunded_at: timestamptz(),
    created_at: createdAt(),
  },
  (t) => [index('payments_org_id_idx').on(t.org_id)],
  tenantRls,
);

export const ledgerEntries = table(
  'ledger_entries',
  {
    id: id(),
    org_id: orgId(),
    account: text()
      .notNull()
      .check(sql`account IN ('cash', 'revenue', 'refunds')`),
    direction: text()
      .notNull()
      .check(sql`direction IN ('DR', 'CR')`),
    amount_cents: integer()
      .notNull()
      .check(sql`amount_cents > 0`),
    ref_type: text(),
    ref_id: uuid(),
    created_at: createdAt(),
  },
  (t) => [
    index('ledger_entries_org_id_idx').on(t.org_id),
    index('ledger_entries_ref_idx').on(t.ref_type, t.ref_id),
  ],
  {
    ...tenantRls,
    comment: 'Double-entry accounting: every payment books a DR and a CR of the same amount',
  },
);

export const invoiceNumbers = sequence('invoice_number_seq', { start: 1000 });

export const invoices = table(
  'invoices',
  {
    id: id(),
    org_id: orgId(),
    subscription_id: uuid().references(() => subscriptions.columns.id, { onDelete: 'set null' }),
    payment_id: uuid().references(() => payments.columns.id, { onDelete: 'set null' }),
    invoice_number: bigint()
      .notNull()
      .unique()
      .default(sql`nextval('invoice_number_seq')`),
    status: text()
      .notNull()
      .default('draft')
      .check(sql`status IN ('draft', 'issued', 'paid', 'void')`),
    currency: text().notNull().default('INR'),
    subtotal_cents: integer().notNull().default(0),
    tax_cents: integer().notNull().default(0),
    total_cents: integer().notNull().default(0),
    line_items: jsonb().notNull().default([]),
    billing_address: jsonb(),
    period_start: date(),
    period_end: date(),
    issued_at: timestamptz(),
    due_at: timestamptz(),
    paid_at: timestamptz(),
    pdf_url: text(),
    created_at: createdAt(),
  },
  (t) => [
    index('invoices_org_id_idx').on(t.org_id),
    check('invoices_total_check', sql`total_cents = subtotal_cents + tax_cents`),
  ],
  tenantRls,
);

// ── Threat intelligence ─────────────────────────────────────────────────────────────────────

export const projects = table(
  'projects',
  {
    id: id(),
    org_id: orgId(),
    name: text().notNull(),
    description: text(),
    tags: textArray(),
    settings: jsonb().notNull().default({}),
    archived: boolean().notNull().default(false),
    created_by: createdBy(),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    index('projects_org_id_idx').on(t.org_id),
    index('projects_archived_org_id_idx').on(t.archived, t.org_id),
  ],
  tenantRls,
);

export const indicators = table(
  'indicators',
  {
    id: id(),
    org_id: orgId(),
    project_id: projectId(),
    type: text().notNull().comment('ip, domain, url, hash, email, …'),
    value: text().notNull(),
    classification: text()
      .notNull()
      .default('unknown')
      .check(sql`classification IN ('malicious', 'suspicious', 'benign', 'unknown')`),
    confidence: integer()
      .notNull()
      .default(50)
      .check(sql`confidence BETWEEN 0 AND 100`),
    severity: text()
      .notNull()
      .default('info')
      .check(sql`severity IN ('critical', 'high', 'medium', 'low', 'info')`),
    first_seen: timestamptz(),
    last_seen: timestamptz(),
    source: text(),
    tags: textArray(),
    mitre_tactics: textArray(),
    mitre_techniques: textArray(),
    enrichment: jsonb().notNull().default({}),
    active: boolean().notNull().default(true),
    false_positive: boolean().notNull().default(false),
    created_by: createdBy(),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    index('indicators_org_id_idx').on(t.org_id),
    index('indicators_value_idx').on(t.value),
    index('indicators_type_org_id_idx').on(t.type, t.org_id),
    index('indicators_tags_idx').on(t.tags).using('gin'),
  ],
  tenantRls,
);

export const threatActors = table(
  'threat_actors',
  {
    id: id(),
    org_id: orgId(),
    project_id: projectId(),
    name: text().notNull(),
    aliases: textArray(),
    type: text().comment('apt, cybercrime, nation-state, hacktivist, …'),
    sophistication: text(),
    origin_country: text(),
    motivation: textArray(),
    mitre_tactics: textArray(),
    mitre_techniques: textArray(),
    tools: textArray(),
    target_sectors: textArray(),
    target_countries: textArray(),
    first_seen: timestamptz(),
    last_seen: timestamptz(),
    active: boolean().notNull().default(true),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    index('threat_actors_org_id_idx').on(t.org_id),
    index('threat_actors_name_idx').on(t.name),
  ],
  tenantRls,
);

export const campaigns = table(
  'campaigns',
  {
    id: id(),
    org_id: orgId(),
    project_id: projectId(),
    threat_actor_id: uuid().references(() => threatActors.columns.id, { onDelete: 'set null' }),
    name: text().notNull(),
    aliases: textArray(),
    objectives: textArray(),
    mitre_tactics: textArray(),
    mitre_techniques: textArray(),
    target_sectors: textArray(),
    target_countries: textArray(),
    indicator_ids: uuidArray(),
    first_seen: timestamptz(),
    last_seen: timestamptz(),
    active: boolean().notNull().default(true),
    severity: text(),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [index('campaigns_org_id_idx').on(t.org_id)],
  tenantRls,
);

export const vulnerabilities = table(
  'vulnerabilities',
  {
    id: id(),
    org_id: orgId(),
    project_id: projectId(),
    cve_id: text().unique(),
    name: text().notNull(),
    description: text(),
    cvss_score: integer().check(sql`cvss_score BETWEEN 0 AND 10`),
    severity: text(),
    affected_products: textArray(),
    affected_versions: textArray(),
    exploit_available: boolean().notNull().default(false),
    exploited_in_wild: boolean().notNull().default(false),
    patch_available: boolean().notNull().default(false),
    published_date: date(),
    discovered_date: date(),
    enrichment: jsonb().notNull().default({}),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [index('vulnerabilities_org_id_idx').on(t.org_id)],
  tenantRls,
);

export const threatReports = table(
  'threat_reports',
  {
    id: id(),
    org_id: orgId(),
    project_id: projectId(),
    title: text().notNull(),
    summary: text(),
    content: text(),
    classification: text()
      .notNull()
      .default('TLP:AMBER')
      .check(
        sql`classification IN ('TLP:RED', 'TLP:AMBER', 'TLP:GREEN', 'TLP:CLEAR', 'TLP:WHITE')`,
      ),
    severity: text(),
    indicator_ids: uuidArray(),
    threat_actor_ids: uuidArray(),
    campaign_ids: uuidArray(),
    vulnerability_ids: uuidArray(),
    published: boolean().notNull().default(false),
    published_at: timestamptz(),
    created_by: createdBy(),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [index('threat_reports_org_id_idx').on(t.org_id)],
  tenantRls,
);

// ── Supabase-style tenancy: functions, triggers, a view, row-level security ─────────────────

/**
 * The organisation the current request acts for: the API sets it per transaction with
 * `SET LOCAL app.current_org = '<uuid>'` (or `set_config('app.current_org', …, true)`); unset, it
 * is NULL and every tenant policy hides every row.
 */
export const currentOrgId = pgFunction('current_org_id', {
  returns: 'uuid',
  language: 'sql',
  volatility: 'stable',
  body: sql`SELECT nullif(current_setting('app.current_org', true), '')::uuid`,
});

/** One trigger function shared by every table with an `updated_at` column. */
export const setUpdatedAt = pgFunction('set_updated_at', {
  returns: 'trigger',
  language: 'plpgsql',
  body: sql`BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END`,
});

const withUpdatedAt = [
  users,
  organizations,
  memberships,
  workspaces,
  subscriptions,
  projects,
  indicators,
  threatActors,
  campaigns,
  vulnerabilities,
  threatReports,
];
export const updatedAtTriggers = withUpdatedAt.map((t) =>
  trigger(`${t.name}_set_updated_at`, {
    table: t,
    timing: 'before',
    events: ['update'],
    function: setUpdatedAt,
  }),
);

/**
 * The active (not archived) projects of the current organisation, for the dashboard. A view runs
 * with its owner's rights (security_invoker needs PostgreSQL 15), which row-level security does
 * not restrict: it filters on current_org_id() itself, so it never shows another tenant's rows.
 */
export const activeProjects = view(
  'active_projects',
  sql`SELECT p.id, p.org_id, p.name, p.description, p.tags, p.created_by, p.created_at, p.updated_at
FROM projects p
WHERE NOT p.archived AND p.org_id = current_org_id()`,
);

/**
 * Supabase's roles: `authenticated` (a signed-in user of some organisation) and `anon` (the
 * public API key). Revision f6a8c0e2b4d5 creates them where they are missing; Supabase has them.
 */
const tenantTables = [
  memberships,
  workspaces,
  subscriptions,
  payments,
  ledgerEntries,
  invoices,
  projects,
  indicators,
  threatActors,
  campaigns,
  vulnerabilities,
  threatReports,
];
export const tenantPolicies = [
  policy('organizations_tenant_isolation', {
    table: organizations,
    to: 'authenticated',
    using: sql`id = current_org_id()`,
    withCheck: sql`id = current_org_id()`,
  }),
  ...tenantTables.map((t) =>
    policy(`${t.name}_tenant_isolation`, {
      table: t,
      to: 'authenticated',
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    }),
  ),
  // The price list is public: anyone may read it, nobody writes it through the API.
  policy('plans_public_read', {
    table: plans,
    for: 'select',
    to: ['anon', 'authenticated'],
    using: sql`true`,
  }),
];

export default defineSchema({
  enums: [membershipRole],
  sequences: [invoiceNumbers],
  tables: [
    users,
    organizations,
    memberships,
    workspaces,
    plans,
    subscriptions,
    payments,
    ledgerEntries,
    invoices,
    projects,
    indicators,
    threatActors,
    campaigns,
    vulnerabilities,
    threatReports,
  ],
  functions: [currentOrgId, setUpdatedAt],
  triggers: updatedAtTriggers,
  views: [activeProjects],
  policies: tenantPolicies,
});
