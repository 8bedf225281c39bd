// Runs every bench/*.bench.js in turn (or those named on the command line) and prints their
// figures. Benchmarks measure their own baseline in the same run and print ratios against it.
//   npm run bench            # all
//   npm run bench -- graph   # only bench/graph.bench.js
import { readdirSync } from 'node:fs';

const dir = new URL('.', import.meta.url);
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.js$/, '')))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}`);
  process.exit(2);
}
for (const file of files) {
  console.log(`\n## ${file.replace(/\.bench\.js$/, '')}\n`);
  const mod = await import(new URL(file, dir).href);
  await mod.default();
}
