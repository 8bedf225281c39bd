import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

/*
 * Each `file:line` an error message in an example's README quotes must point at the line that
 * names the failing object. (The README's commands, and the pictures they draw byte for byte,
 * run in shell-blocks-examples.test.ts.)
 */

const EXAMPLES = ['grantfinder', 'raptorflow'] as const;

const readme = (example: string): string =>
  readFileSync(join(REPO_ROOT, 'examples', example, 'README.md'), 'utf8');

describe.each(EXAMPLES)('examples/%s/README.md', (example) => {
  const dir = join(REPO_ROOT, 'examples', example);

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
