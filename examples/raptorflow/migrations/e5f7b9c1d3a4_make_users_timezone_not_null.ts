/**
 * Make users.timezone NOT NULL
 *
 * Zero-downtime step 3 of 3: every row has a value now, so the constraint can be set — without
 * locking users for a full scan: a CHECK (timezone IS NOT NULL) is added NOT VALID (instant),
 * validated in a new transaction (reads and writes go on during the scan), and then proves the
 * column for SET NOT NULL (instant on PostgreSQL 12+); the check is dropped once redundant.
 * This is what `retort revision --autogenerate` writes for a NOT NULL on an existing column.
 *
 * Revision ID: e5f7b9c1d3a4
 * Revises: d4e6a8b0c2f3
 * Create Date: 2026-11-21T06:23:00.000Z
 */
import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: 'e5f7b9c1d3a4',
  revises: 'd4e6a8b0c2f3',
  message: 'Make users.timezone NOT NULL',
  upgrade(op) {
    op.createCheckConstraint('users_timezone_not_null', 'users', '"timezone" IS NOT NULL', {
      notValid: true,
    });
    op.commit();
    op.validateConstraint('users_timezone_not_null', 'users');
    op.alterColumn('users', 'timezone', { nullable: false });
    op.dropConstraint('users_timezone_not_null', 'users');
  },
  downgrade(op) {
    op.alterColumn('users', 'timezone', { nullable: true });
  },
  // `retort test`: after the three steps the plans are still the seeded ones, every user has a
  // timezone, and the column refuses NULL (the helper check is gone, the NOT NULL stays).
  test: {
    after: `
      SELECT count(*) = 3 AND sum(price_cents) = 1349900 FROM plans;
      SELECT id, email FROM users WHERE timezone IS NULL;
      SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'timezone';
      SELECT count(*) = 0 FROM pg_constraint WHERE conname = 'users_timezone_not_null';`,
  },
});
