/**
 * Tenant isolation: row-level security, updated_at triggers, active projects view
 *
 * Revision ID: 9de3f4052054
 * Revises: f6a8c0e2b4d5
 * Create Date: 2026-11-30T05:43:17.488Z
 */
import { defineMigration, sql } from 'retort-pg';

export default defineMigration({
  revision: '9de3f4052054',
  revises: 'f6a8c0e2b4d5',
  message: 'Tenant isolation: row-level security, updated_at triggers, active projects view',
  upgrade(op) {
    op.createFunction(
      'current_org_id',
      sql`CREATE OR REPLACE FUNCTION public.current_org_id()
 RETURNS uuid
 LANGUAGE sql
 STABLE
AS $function$
SELECT nullif(current_setting('app.current_org', true), '')::uuid
$function$`,
      { args: '' },
    );
    op.createFunction(
      'set_updated_at',
      sql`CREATE OR REPLACE FUNCTION public.set_updated_at()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$function$`,
      { args: '' },
    );
    op.createView(
      'active_projects',
      sql`SELECT id,
    org_id,
    name,
    description,
    tags,
    created_by,
    created_at,
    updated_at
   FROM projects p
  WHERE NOT archived AND org_id = current_org_id()`,
    );
    op.setRowLevelSecurity('campaigns', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.setRowLevelSecurity('indicators', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.setRowLevelSecurity('invoices', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.setRowLevelSecurity('ledger_entries', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.setRowLevelSecurity('memberships', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.setRowLevelSecurity('organizations', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.setRowLevelSecurity('payments', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.setRowLevelSecurity('plans', { enabled: true, existing: { enabled: false, force: false } });
    op.setRowLevelSecurity('projects', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.setRowLevelSecurity('subscriptions', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.setRowLevelSecurity('threat_actors', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.setRowLevelSecurity('threat_reports', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.setRowLevelSecurity('vulnerabilities', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.setRowLevelSecurity('workspaces', {
      enabled: true,
      existing: { enabled: false, force: false },
    });
    op.createTrigger(
      'campaigns_set_updated_at',
      'campaigns',
      sql`CREATE TRIGGER campaigns_set_updated_at BEFORE UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
    op.createTrigger(
      'indicators_set_updated_at',
      'indicators',
      sql`CREATE TRIGGER indicators_set_updated_at BEFORE UPDATE ON public.indicators FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
    op.createTrigger(
      'memberships_set_updated_at',
      'memberships',
      sql`CREATE TRIGGER memberships_set_updated_at BEFORE UPDATE ON public.memberships FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
    op.createTrigger(
      'organizations_set_updated_at',
      'organizations',
      sql`CREATE TRIGGER organizations_set_updated_at BEFORE UPDATE ON public.organizations FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
    op.createTrigger(
      'projects_set_updated_at',
      'projects',
      sql`CREATE TRIGGER projects_set_updated_at BEFORE UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
    op.createTrigger(
      'subscriptions_set_updated_at',
      'subscriptions',
      sql`CREATE TRIGGER subscriptions_set_updated_at BEFORE UPDATE ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
    op.createTrigger(
      'threat_actors_set_updated_at',
      'threat_actors',
      sql`CREATE TRIGGER threat_actors_set_updated_at BEFORE UPDATE ON public.threat_actors FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
    op.createTrigger(
      'threat_reports_set_updated_at',
      'threat_reports',
      sql`CREATE TRIGGER threat_reports_set_updated_at BEFORE UPDATE ON public.threat_reports FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
    op.createTrigger(
      'users_set_updated_at',
      'users',
      sql`CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
    op.createTrigger(
      'vulnerabilities_set_updated_at',
      'vulnerabilities',
      sql`CREATE TRIGGER vulnerabilities_set_updated_at BEFORE UPDATE ON public.vulnerabilities FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
    op.createTrigger(
      'workspaces_set_updated_at',
      'workspaces',
      sql`CREATE TRIGGER workspaces_set_updated_at BEFORE UPDATE ON public.workspaces FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
    op.createPolicy('campaigns_tenant_isolation', 'campaigns', {
      roles: ['authenticated'],
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    });
    op.createPolicy('indicators_tenant_isolation', 'indicators', {
      roles: ['authenticated'],
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    });
    op.createPolicy('invoices_tenant_isolation', 'invoices', {
      roles: ['authenticated'],
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    });
    op.createPolicy('ledger_entries_tenant_isolation', 'ledger_entries', {
      roles: ['authenticated'],
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    });
    op.createPolicy('memberships_tenant_isolation', 'memberships', {
      roles: ['authenticated'],
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    });
    op.createPolicy('organizations_tenant_isolation', 'organizations', {
      roles: ['authenticated'],
      using: sql`id = current_org_id()`,
      withCheck: sql`id = current_org_id()`,
    });
    op.createPolicy('payments_tenant_isolation', 'payments', {
      roles: ['authenticated'],
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    });
    op.createPolicy('plans_public_read', 'plans', {
      command: 'select',
      roles: ['anon', 'authenticated'],
      using: sql`true`,
    });
    op.createPolicy('projects_tenant_isolation', 'projects', {
      roles: ['authenticated'],
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    });
    op.createPolicy('subscriptions_tenant_isolation', 'subscriptions', {
      roles: ['authenticated'],
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    });
    op.createPolicy('threat_actors_tenant_isolation', 'threat_actors', {
      roles: ['authenticated'],
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    });
    op.createPolicy('threat_reports_tenant_isolation', 'threat_reports', {
      roles: ['authenticated'],
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    });
    op.createPolicy('vulnerabilities_tenant_isolation', 'vulnerabilities', {
      roles: ['authenticated'],
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    });
    op.createPolicy('workspaces_tenant_isolation', 'workspaces', {
      roles: ['authenticated'],
      using: sql`org_id = current_org_id()`,
      withCheck: sql`org_id = current_org_id()`,
    });
  },
  downgrade(op) {
    op.dropPolicy('workspaces_tenant_isolation', 'workspaces');
    op.dropPolicy('vulnerabilities_tenant_isolation', 'vulnerabilities');
    op.dropPolicy('threat_reports_tenant_isolation', 'threat_reports');
    op.dropPolicy('threat_actors_tenant_isolation', 'threat_actors');
    op.dropPolicy('subscriptions_tenant_isolation', 'subscriptions');
    op.dropPolicy('projects_tenant_isolation', 'projects');
    op.dropPolicy('plans_public_read', 'plans');
    op.dropPolicy('payments_tenant_isolation', 'payments');
    op.dropPolicy('organizations_tenant_isolation', 'organizations');
    op.dropPolicy('memberships_tenant_isolation', 'memberships');
    op.dropPolicy('ledger_entries_tenant_isolation', 'ledger_entries');
    op.dropPolicy('invoices_tenant_isolation', 'invoices');
    op.dropPolicy('indicators_tenant_isolation', 'indicators');
    op.dropPolicy('campaigns_tenant_isolation', 'campaigns');
    op.dropTrigger('workspaces_set_updated_at', 'workspaces');
    op.dropTrigger('vulnerabilities_set_updated_at', 'vulnerabilities');
    op.dropTrigger('users_set_updated_at', 'users');
    op.dropTrigger('threat_reports_set_updated_at', 'threat_reports');
    op.dropTrigger('threat_actors_set_updated_at', 'threat_actors');
    op.dropTrigger('subscriptions_set_updated_at', 'subscriptions');
    op.dropTrigger('projects_set_updated_at', 'projects');
    op.dropTrigger('organizations_set_updated_at', 'organizations');
    op.dropTrigger('memberships_set_updated_at', 'memberships');
    op.dropTrigger('indicators_set_updated_at', 'indicators');
    op.dropTrigger('campaigns_set_updated_at', 'campaigns');
    op.setRowLevelSecurity('workspaces', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.setRowLevelSecurity('vulnerabilities', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.setRowLevelSecurity('threat_reports', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.setRowLevelSecurity('threat_actors', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.setRowLevelSecurity('subscriptions', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.setRowLevelSecurity('projects', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.setRowLevelSecurity('plans', { enabled: false, existing: { enabled: true, force: false } });
    op.setRowLevelSecurity('payments', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.setRowLevelSecurity('organizations', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.setRowLevelSecurity('memberships', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.setRowLevelSecurity('ledger_entries', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.setRowLevelSecurity('invoices', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.setRowLevelSecurity('indicators', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.setRowLevelSecurity('campaigns', {
      enabled: false,
      existing: { enabled: true, force: false },
    });
    op.dropView('active_projects');
    op.dropFunction('set_updated_at', { args: '' });
    op.dropFunction('current_org_id', { args: '' });
  },
});
