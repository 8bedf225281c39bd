import { describe } from 'vitest';
import { cliSuite } from './cli-suite.js';

describe('CLI on PGlite (a directory per test)', () => {
  let n = 0;
  cliSuite(async () => `pglite:./.retort/db${n++}`);
});
