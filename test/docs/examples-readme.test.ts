import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';

/*
 * The examples' READMEs run: each `retort graph` / `retort erd` command in their fenced blocks
 * is executed and must reproduce the committed picture byte for byte, and each `file:line` an
 * error message in a README quotes must point at the line that names the failing object.
 */

const EXAMPLES = ['grantfinder', 'raptorflow'] as const;

const readme = (example: string): string =>
  readFileSync(join(REPO_ROOT, 'examples', example, 'README.md'), 'utf8');

/** Commands in the README's fenced sh/bash/console blocks (`$ ` prompts stripped). */
function commands(text: string): string[] {
  const out: string[] = [];
  for (const block of text.matchAll(/```(?:sh|bash|console)\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw
        .replace(/^\$ /, '')
        .replace(/\s+#.*$/, '')
        .trim();
      if (/^(npx )?retort (graph|erd)\b/.test(line)) out.push(line);
    }
  }
  return out;
}

describe.each(EXAMPLES)('examples/%s/README.md', (example) => {
  const dir = join(REPO_ROOT, 'examples', example);

  it('draws its pictures with the commands it shows', async () => {
    const shown = commands(readme(example));
    expect(shown.length).toBeGreaterThanOrEqual(2);
    const out = mkdtempSync(join(tmpdir(), 'retort-readme-pictures-'));
    for (const command of shown) {
      const args = command.replace(/^(npx )?retort /, '').split(/\s+/);
      const at = args.indexOf('--out');
      const picture = args[at + 1]!;
      // The grant-finder README runs from the repository root, raptorflow's from its directory.
      const committed = join(example === 'grantfinder' ? REPO_ROOT : dir, picture);
      args[at + 1] = join(out, picture.replace(/\//g, '_'));
      const run = await runCli(
        example === 'grantfinder' ? ['--config', join(dir, 'retort.config.ts'), ...args] : args,
        { cwd: dir },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(readFileSync(args[at + 1]!, 'utf8'), `${command} reproduces ${picture}`).toBe(
        readFileSync(committed, 'utf8'),
      );
    }
  });

  it('quotes error locations that point at the failing line', () => {
    const refs = [...readme(example).matchAll(/at (migrations\/[\w.]+):(\d+): ([^\n]*)/g)];
    if (example === 'grantfinder') expect(refs.length).toBeGreaterThanOrEqual(4);
    for (const [, file, line, message] of refs) {
      const names = [...message!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
      const text = readFileSync(join(dir, file!), 'utf8').split('\n')[Number(line) - 1] ?? '';
      const expanded = names.map((n) => text.replace(/\$\{\w+\}/g, n));
      const found = names.some((n) => text.includes(n) || expanded.some((e) => e.includes(n)));
      expect(found, `${file}:${line} should name one of ${names.join(', ')}: ${text}`).toBe(true);
    }
  });
});
