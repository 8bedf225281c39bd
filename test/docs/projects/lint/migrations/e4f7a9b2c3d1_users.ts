import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: 'e4f7a9b2c3d1',
  revises: 'd896bf2738fb',
  message: 'users',
  upgrade(op) {
    op.addColumn('grants', 'user_id', { type: 'bigint' });
    op.createIndex('grants_user_id_idx', 'grants', ['user_id']);
    op.execute("COMMENT ON TABLE users IS 'people'");
  },
  downgrade(op) {
    op.execute('COMMENT ON TABLE users IS NULL');
    op.dropIndex('grants_user_id_idx');
    op.dropColumn('grants', 'user_id');
  },
});
