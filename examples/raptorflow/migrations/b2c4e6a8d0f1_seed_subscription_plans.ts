/**
 * Seed subscription plans
 *
 * The guide's "Seed Data" step: the three plans, inserted by a revision so every environment has
 * them and `downgrade` removes them again.
 *
 * Revision ID: b2c4e6a8d0f1
 * Revises: abc123def456
 * Create Date: 2026-11-21T06:20:00.000Z
 */
import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: 'b2c4e6a8d0f1',
  revises: 'abc123def456',
  message: 'Seed subscription plans',
  upgrade(op) {
    op.bulkInsert('plans', [
      {
        id: 'free',
        name: 'Free',
        price_cents: 0,
        currency: 'INR',
        billing_period: 'monthly',
        api_requests_per_month: 10000,
        ai_tokens_per_month: 10000,
        features: { ai_agents: false, projects: 3 },
      },
      {
        id: 'pro',
        name: 'Pro',
        price_cents: 350000,
        currency: 'INR',
        billing_period: 'monthly',
        api_requests_per_month: 100000,
        ai_tokens_per_month: 500000,
        features: { ai_agents: true, projects: 50, exports: true },
      },
      {
        id: 'enterprise',
        name: 'Enterprise',
        price_cents: 999900,
        currency: 'INR',
        billing_period: 'monthly',
        api_requests_per_month: -1,
        ai_tokens_per_month: -1,
        features: { ai_agents: true, projects: -1, exports: true, sla: true, support: 'priority' },
      },
    ]);
  },
  downgrade(op) {
    op.execute("DELETE FROM plans WHERE id IN ('free', 'pro', 'enterprise')");
  },
});
