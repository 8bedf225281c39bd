#!/usr/bin/env -S node --max-semi-space-size=2
// The read-only graph verbs skip commander when invoked plainly (see src/cli/fast-path.ts).
// --max-semi-space-size=2: a small young generation keeps a 1,000-migration run under 80 MB RSS.
import { runFastPath } from '../dist/cli/fast-path.js';

if (!(await runFastPath(process.argv.slice(2)))) {
  const { main } = await import('../dist/cli/main.js');
  await main();
}
