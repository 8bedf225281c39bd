import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Diagnostic } from '../../src/core/lint/diagnostic.js';
import { lintStatements, type LintOptions } from '../../src/core/lint/engine.js';
import { createLintSession } from '../../src/core/lint/lint-session.js';
import { allRules } from '../../src/core/lint/rule-catalog.js';
import { RULES } from '../../src/core/lint/rules/index.js';
import { loadParser } from '../../src/parser/parse-sql.js';
import { sqlToLintInput } from '../../src/parser/lint-input.js';

/**
 * The corpus: test/lint/corpus/<rule>.sql holds cases of a risky statement that rule must flag,
 * each followed (after `-- safe:`) by its safe alternative, which must lint clean at warning and
 * error level (info findings are allowed). `-- options: {json}` sets lint options (plus
 * `statementsTransactional`) for the part it is in; `-- next-migration` starts another migration
 * of the same part, linted after the previous one with the same session.
 */
const CORPUS = join(import.meta.dirname, 'corpus');

/**
 * Findings on safe alternatives that we accept, as `file#case: rule`. Empty: every safe
 * alternative in the corpus lints clean at warning and error level.
 */
const KNOWN_FALSE_POSITIVES: string[] = [];

interface Part {
  migrations: string[];
  options: LintOptions & { statementsTransactional?: boolean };
}
interface Case {
  file: string;
  rule: string;
  title: string;
  risky: Part;
  safe: Part;
}

function parsePart(text: string): Part {
  let options: Part['options'] = {};
  const body = text.replace(/^-- options: (.*)$/gm, (_m, json: string) => {
    options = { ...options, ...(JSON.parse(json) as Part['options']) };
    return '';
  });
  return { migrations: body.split(/^-- next-migration.*$/m), options };
}

function loadCorpus(): Case[] {
  const cases: Case[] = [];
  for (const file of readdirSync(CORPUS)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    const rule = file.replace(/\.sql$/, '');
    const text = readFileSync(join(CORPUS, file), 'utf8');
    for (const chunk of text.split(/^-- case: /m).slice(1)) {
      const title = chunk.slice(0, chunk.indexOf('\n')).trim();
      const [risky = '', safe = ''] = chunk.slice(chunk.indexOf('\n') + 1).split(/^-- safe:.*$/m);
      cases.push({ file, rule, title, risky: parsePart(risky), safe: parsePart(safe) });
    }
  }
  return cases;
}

function lintPart(part: Part): Diagnostic[] {
  const session = createLintSession();
  const { statementsTransactional, ...options } = part.options;
  return part.migrations.flatMap((sql) => {
    const input = sqlToLintInput(sql);
    const statements = input.statements.map((s) =>
      statementsTransactional === undefined ? s : { ...s, transactional: statementsTransactional },
    );
    return lintStatements(statements, { ...options, session, strayIgnores: input.strayIgnores });
  });
}

describe('lint corpus', async () => {
  await loadParser();
  const cases = loadCorpus();

  test('has at least 40 risky statements and covers every rule', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const covered = new Set(cases.map((c) => c.rule));
    expect(RULES.map((r) => r.name).filter((name) => !covered.has(name))).toEqual([]);
    for (const c of cases) expect(allRules().map((r) => r.name)).toContain(c.rule);
  });

  test('false negatives = 0, false positives = the known list', () => {
    const falseNegatives: string[] = [];
    const falsePositives: string[] = [];
    for (const c of cases) {
      const risky = lintPart(c.risky);
      if (!risky.some((d) => d.rule === c.rule)) falseNegatives.push(`${c.file}#${c.title}`);
      for (const d of lintPart(c.safe)) {
        if (d.severity === 'info' && d.rule !== c.rule) continue;
        falsePositives.push(`${c.file}#${c.title}: ${d.rule}`);
      }
    }
    console.log(
      `lint corpus: ${cases.length} cases, false negatives = ${falseNegatives.length}, false positives = ${falsePositives.length}`,
    );
    expect(falseNegatives).toEqual([]);
    expect(falsePositives).toEqual(KNOWN_FALSE_POSITIVES);
  });

  test('every rule example: bad is flagged by its rule, good is not', () => {
    for (const rule of RULES) {
      const options = rule.exampleOptions ?? {};
      const bad = lintPart({ migrations: [rule.example.bad], options });
      const good = lintPart({ migrations: [rule.example.good], options });
      expect(
        bad.map((d) => d.rule),
        rule.name,
      ).toContain(rule.name);
      expect(
        good.map((d) => d.rule),
        rule.name,
      ).not.toContain(rule.name);
    }
  });
});
