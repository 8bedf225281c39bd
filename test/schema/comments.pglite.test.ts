import { it } from 'vitest';
import { openScratchDatabase } from '../../src/database/scratch-database.js';
import { runCommentsCycle } from './corpus-comments.js';

it('comments on every object kind on PGlite: declare, change, downgrade, pull, drop', async () => {
  const db = await openScratchDatabase();
  try {
    await runCommentsCycle(db);
  } finally {
    await db.close();
  }
}, 500_000);
