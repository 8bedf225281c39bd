import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { grantfinderSuite } from './scenario.js';

describe('the grant-finder guide on PGlite (a fresh directory per test)', () => {
  grantfinderSuite(
    async () => `pglite:${join(mkdtempSync(join(tmpdir(), 'retort-grantfinder-')), 'db')}`,
  );
});
