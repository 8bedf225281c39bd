import { describe, it } from 'vitest';
import { openScratchDatabase } from '../../src/database/scratch-database.js';
import { runRawPull, runRoutinesCycle } from './corpus-routines.js';

describe('functions, triggers, views, RLS and policies on PGlite', () => {
  it('declare → autogenerate → apply → no difference; change cycle and downgrade; pull', async () => {
    const db = await openScratchDatabase();
    try {
      await runRoutinesCycle(db);
    } finally {
      await db.close();
    }
  }, 500_000);

  it('raw SQL → pull → the pulled declaration normalises to the same model', async () => {
    const db = await openScratchDatabase();
    try {
      await runRawPull(db);
    } finally {
      await db.close();
    }
  }, 500_000);
});
