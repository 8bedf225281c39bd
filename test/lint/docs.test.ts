import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { allRules } from '../../src/core/lint/rule-catalog.js';

test('docs/lint.md lists every rule with its code, example and safe alternative', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/lint.md'), 'utf8');
  const codes = new Set<string>();
  for (const rule of allRules()) {
    expect(codes.has(rule.code), `duplicate code ${rule.code}`).toBe(false);
    codes.add(rule.code);
    expect(doc).toContain(`### ${rule.code} ${rule.name}`);
    expect(doc).toContain(rule.example.bad.split('\n')[0]);
    expect(doc).toContain(rule.example.good.split('\n')[0]);
  }
});

test('README.md lists every rule with its code, name and default severity', () => {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  for (const rule of allRules()) {
    expect(readme).toContain(`| ${rule.code} | ${rule.name} | ${rule.severity} |`);
  }
});
