/**
 * Add users.timezone (nullable)
 *
 * Zero-downtime step 1 of 3 (the guide's "Production Considerations"): the new column is
 * nullable, so adding it is instant and running code that does not know it keeps working.
 *
 * Revision ID: c3d5f7a9b1e2
 * Revises: b2c4e6a8d0f1
 * Create Date: 2026-11-21T06:21:00.000Z
 */
import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: 'c3d5f7a9b1e2',
  revises: 'b2c4e6a8d0f1',
  message: 'Add users.timezone (nullable)',
  upgrade(op) {
    op.addColumn('users', 'timezone', { type: 'text' });
  },
  downgrade(op) {
    op.dropColumn('users', 'timezone');
  },
  // `retort test`: users that exist before step 1, and the seeded plans, must come through the
  // three steps (and each downgrade) unchanged.
  test: {
    before: {
      users: [
        { auth_sub: 'sb|ada', email: 'ada@example.com', display_name: 'Ada' },
        { auth_sub: 'sb|grace', email: 'grace@example.com' },
      ],
    },
    after: `
      SELECT count(*) = 3 FROM plans WHERE id IN ('free', 'pro', 'enterprise');
      SELECT bool_and(timezone IS NULL) FROM users;`,
  },
});
