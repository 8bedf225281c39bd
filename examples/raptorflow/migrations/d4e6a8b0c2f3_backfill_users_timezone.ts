/**
 * Backfill users.timezone
 *
 * Zero-downtime step 2 of 3: fill the column for existing rows once the application writes it
 * for new ones. Downgrade leaves the values: step 1's downgrade drops the column anyway.
 *
 * Revision ID: d4e6a8b0c2f3
 * Revises: c3d5f7a9b1e2
 * Create Date: 2026-11-21T06:22:00.000Z
 */
import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: 'd4e6a8b0c2f3',
  revises: 'c3d5f7a9b1e2',
  message: 'Backfill users.timezone',
  upgrade(op) {
    op.execute("UPDATE users SET timezone = 'UTC' WHERE timezone IS NULL");
  },
  downgrade() {
    // Nothing to undo: the values are harmless and step 1's downgrade drops the column.
  },
  // No `test` fixture here: a fixture asks `retort test` to check that the downgrade gives the
  // data back as it was, and this downgrade keeps the backfilled values on purpose.
});
