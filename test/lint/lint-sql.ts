import { lintStatements, type LintOptions } from '../../src/core/lint/engine.js';
import type { Diagnostic } from '../../src/core/lint/diagnostic.js';
import { loadParser } from '../../src/parser/parse-sql.js';
import { sqlToLintInput } from '../../src/parser/lint-input.js';

/** Lints a SQL text as one migration (test helper). */
export async function lintSql(sql: string, options: LintOptions = {}): Promise<Diagnostic[]> {
  await loadParser();
  const input = sqlToLintInput(sql, { file: options.file });
  return lintStatements(input.statements, { ...options, strayIgnores: input.strayIgnores });
}

/** `rule@line` for each finding, for compact assertions. */
export function rulesOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.rule);
}
