/**
 * Make users.timezone NOT NULL
 *
 * Zero-downtime step 3 of 3: every row has a value now, so the constraint can be set.
 *
 * Revision ID: e5f7b9c1d3a4
 * Revises: d4e6a8b0c2f3
 * Create Date: 2026-11-21T06:23:00.000Z
 */
import { defineMigration } from 'retort';

export default defineMigration({
  revision: 'e5f7b9c1d3a4',
  revises: 'd4e6a8b0c2f3',
  message: 'Make users.timezone NOT NULL',
  upgrade(op) {
    op.alterColumn('users', 'timezone', { nullable: false });
  },
  downgrade(op) {
    op.alterColumn('users', 'timezone', { nullable: true });
  },
});
