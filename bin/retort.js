#!/usr/bin/env node
// The read-only graph verbs skip commander when invoked plainly (see src/cli/fast-path.ts).
import { runFastPath } from '../dist/cli/fast-path.js';

if (!(await runFastPath(process.argv.slice(2)))) {
  const { main } = await import('../dist/cli/main.js');
  await main();
}
