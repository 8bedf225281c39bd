/**
 * map application_history.user_id_old to users
 *
 * Revision ID: a1c9e5f20b7d
 * Revises: e4f7a9b2c3d1
 * Create Date: 2025-06-16 10:30:00
 *
 * The guide's "Recommended Data Migration Script" as a revision: legacy rows kept their free-form
 * user id in user_id_old; where it is the e-mail of a registered user, point user_id at that user.
 * Rows with no matching user stay NULL (and readable) and are reported.
 */
import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: 'a1c9e5f20b7d',
  revises: 'e4f7a9b2c3d1',
  message: 'map application_history user_id_old to users',

  async upgrade(op) {
    // A data migration reads the database, so it runs online only (`--sql` says so clearly).
    const [pending] = await op.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM application_history WHERE user_id IS NULL AND user_id_old IS NOT NULL',
    );
    op.execute(`
      UPDATE application_history AS h
         SET user_id = u.id
        FROM users AS u
       WHERE h.user_id IS NULL
         AND h.user_id_old IS NOT NULL
         AND h.user_id_old = u.email`);
    const unmatched = await op.query<{ user_id_old: string }>(
      'SELECT DISTINCT user_id_old FROM application_history WHERE user_id IS NULL AND user_id_old IS NOT NULL ORDER BY 1',
    );
    for (const row of unmatched)
      console.warn(`WARNING: No user found for old ID: ${row.user_id_old}`);
    console.warn(
      `Mapped ${Number(pending?.count ?? 0) - unmatched.length} of ${pending?.count ?? 0} legacy application_history rows`,
    );
  },

  downgrade(op) {
    // user_id_old still holds the original value; clearing the mapping restores the prior state.
    op.execute('UPDATE application_history SET user_id = NULL WHERE user_id_old IS NOT NULL');
  },

  // `retort test`: a registered user and legacy rows, one whose old id is that user's e-mail and
  // one that matches nobody. After the mapping, every row whose user_id_old is a user's e-mail
  // points at that user; the rest stay NULL and keep their old id. Each assertion passes when it
  // returns no rows or only `true`.
  test: {
    before: {
      users: [{ auth0_id: 'auth0|grace', email: 'grace@example.com' }],
      application_history: [
        { user_id_old: 'grace@example.com', status: 'submitted' },
        { user_id_old: 'unknown-7', notes: 'from the old single-user app' },
      ],
    },
    after: `
      SELECT h.id, h.user_id_old, h.user_id FROM application_history h
        JOIN users u ON u.email = h.user_id_old
       WHERE h.user_id IS DISTINCT FROM u.id;
      SELECT count(*) = 1 FROM application_history
       WHERE user_id_old = 'unknown-7' AND user_id IS NULL AND notes = 'from the old single-user app';
      SELECT count(*) = 1 FROM application_history h JOIN users u ON u.id = h.user_id
       WHERE u.email = 'grace@example.com';`,
  },
});
