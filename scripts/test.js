// `npm test`: the static checks and vitest, overlapped so that no core idles. The build comes
// first (vitest's example projects and the type-check read dist/), side by side with eslint; then
// vitest starts while the type-check and prettier finish (vitest's two workers leave gaps the
// single-threaded checks fill). Each check's output is printed in one piece when it ends, with its
// time; a summary at the end names every step that failed. Exit 0 only when all passed.
//   npm test                          # everything
//   npm test -- test/quote.test.ts    # the checks, and only the named test files
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

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

const failed = [];

/** Runs the steps one after another, stopping at the first failure; true when all passed. */
async function lane(steps) {
  for (const [name, args] of steps) {
    const r = await run(name, args, ['ignore', 'pipe', 'pipe']);
    const line = `${name} ${args.join(' ')}`;
    process.stdout.write(`\n> ${line}  (${r.seconds} s${r.ok ? '' : `, exit ${r.code}`})\n`);
    if (r.output.trim()) process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
    if (!r.ok) {
      failed.push(line);
      return false;
    }
  }
  return true;
}

const lint = lane([
  ['eslint', ['.']],
  ['prettier', ['--check', '.']],
]);
const built = await lane([['tsc', ['-p', 'tsconfig.build.json']]]);
if (built) {
  const [, vitest] = await Promise.all([
    lane([['tsc', ['-p', 'tsconfig.json', '--noEmit']]]),
    run('vitest', ['run', ...process.argv.slice(2)], 'inherit'),
  ]);
  if (!vitest.ok) failed.push(`vitest run (exit ${vitest.code})`);
} else {
  process.stderr.write('\nnpm test: the build failed (above); vitest not started.\n');
}
await lint;
if (failed.length > 0) {
  process.stderr.write(`\nnpm test failed: ${failed.join('; ')}\n`);
  process.exit(1);
}
