import { afterAll, beforeAll, it } from 'vitest';
import type { DatabaseClient } from '../../src/database/client.js';
import { connect } from '../../src/database/connect.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { runCommentsCycle } from './corpus-comments.js';

describePostgres('comments on every object kind on PostgreSQL', (adminUrl) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DatabaseClient;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl());
    db = await connect({ url: database.url, rootDir: process.cwd() });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('declare, change, downgrade, pull, drop', () => runCommentsCycle(db), 500_000);
});
