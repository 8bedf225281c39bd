// `npm test`: the static checks, then vitest. The checks are single-threaded, so they run as two
// lanes side by side (lint | build then type-check: the type-check reads dist/*.d.ts through the
// package's own name), each lane stopping at its first failure; vitest starts when both passed.
// Each step's output is printed in one piece when it ends, with its time.
//   npm test                          # everything
//   npm test -- test/quote.test.ts    # the checks, then only the named test files
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

const lanes = [
  [
    ['eslint', ['.']],
    ['prettier', ['--check', '.']],
  ],
  [
    ['tsc', ['-p', 'tsconfig.build.json']],
    ['tsc', ['-p', 'tsconfig.json', '--noEmit']],
  ],
];

function run(name, args, stdio) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(bin(name), args, { cwd: root, stdio });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', (error) => {
      output += `${error.message}\n`;
    });
    child.on('close', (code, signal) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      resolve({ ok: code === 0, code: code ?? signal, output, seconds });
    });
  });
}

async function lane(steps) {
  for (const [name, args] of steps) {
    const r = await run(name, args, ['ignore', 'pipe', 'pipe']);
    const line = `${name} ${args.join(' ')}`;
    process.stdout.write(`\n> ${line}  (${r.seconds} s${r.ok ? '' : `, exit ${r.code}`})\n`);
    if (r.output.trim()) process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
    if (!r.ok) return false;
  }
  return true;
}

const results = await Promise.all(lanes.map(lane));
if (!results.every(Boolean)) {
  process.stderr.write('\nnpm test: a static check failed (above); vitest not started.\n');
  process.exit(1);
}
const vitest = await run('vitest', ['run', ...process.argv.slice(2)], 'inherit');
process.exit(vitest.ok ? 0 : typeof vitest.code === 'number' ? vitest.code : 1);
