import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { createPglite } from '../../src/database/pglite-client.js';
import { runCli, seedPglite, tempProject } from '../support/cli.js';
import { noSilentDriftSuite } from './no-silent-drift-suite.js';

describe('no silent drift: every schema compared, exclusions, unmanaged objects (PGlite)', () => {
  noSilentDriftSuite(async () => {
    const dir = tempProject();
    await seedPglite(dir);
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    return {
      dir,
      env: {},
      async exec(sql) {
        const db = await createPglite({ dataDir: join(dir, '.retort', 'db') });
        try {
          await db.exec(sql);
        } finally {
          await db.close();
        }
      },
    };
  });
});
