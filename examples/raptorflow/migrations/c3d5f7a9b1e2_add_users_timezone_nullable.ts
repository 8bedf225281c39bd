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
});
