import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { backupRoundTrip } from './backup-suite.js';

describe('retort backup / restore on the embedded database', () => {
  backupRoundTrip(async () => `pglite:${join(mkdtempSync(join(tmpdir(), 'retort-bk-')), 'db')}`);
});
