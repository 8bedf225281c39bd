import type { LintResult } from '../commands/lint.js';
import type { Diagnostic, Severity } from '../core/lint/diagnostic.js';
import type { Style } from './output.js';

/** Output formats of `retort lint`. */
export type LintFormat = 'text' | 'json' | 'github' | 'compact';
export const LINT_FORMATS: readonly LintFormat[] = ['text', 'json', 'github', 'compact'];

type Paint = (style: Style, text: string) => string;
const plain: Paint = (_style, text) => text;

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'blue' };

function where(d: Diagnostic): string {
  return `${d.file ?? '<sql>'}:${d.line}:${d.column}`;
}

/** The statement's first line, shortened, for one-line display. */
function excerpt(sql: string, max = 110): string {
  const lines = sql.split('\n');
  const first = (lines[0] ?? '').trim();
  const more = lines.length > 1 || first.length > max;
  return more ? `${first.slice(0, max)} …` : first;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The closing summary line. */
export function lintSummary(result: LintResult): string {
  const { error, warning, info } = result.summary;
  const scope = `${plural(result.revisions, 'revision')}, ${plural(result.statements, 'statement')}, PostgreSQL ${result.targetVersion}+`;
  if (error + warning + info === 0) return `No findings (${scope}).`;
  return `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info (${scope}).`;
}

/**
 * Readable text: each finding with its statement, what it locks or rewrites, and the safe
 * alternative. Pure: color comes in as a painter.
 */
export function renderLintText(result: LintResult, paint: Paint = plain): string {
  const blocks = result.diagnostics.map((d) => {
    const head = `${paint('bold', where(d))}  ${paint(SEVERITY_STYLE[d.severity], d.severity)}  ${paint('gray', `${d.code} ${d.rule}`)}${d.revision ? paint('gray', `  (revision ${d.revision})`) : ''}`;
    const lines = [head];
    if (d.statement) lines.push(`  ${paint('cyan', excerpt(d.statement))}`);
    lines.push(`  ${d.message}`);
    lines.push(`  ${paint('dim', 'impact:')} ${d.impact}`);
    lines.push(`  ${paint('green', 'safe:')}   ${d.safeAlternative}`);
    return lines.join('\n');
  });
  const summary = lintSummary(result);
  const colored =
    result.summary.error > 0
      ? paint('red', summary)
      : result.summary.warning > 0
        ? paint('yellow', summary)
        : paint('green', summary);
  return [...blocks, colored].join('\n\n');
}

/** One line per finding, `file:line:col: severity code message` (CI problem matchers read it). */
export function renderLintCompact(result: LintResult): string {
  return result.diagnostics
    .map((d) => `${where(d)}: ${d.severity} ${d.code} ${d.message} [${d.rule}]`)
    .join('\n');
}

/** GitHub Actions workflow commands: an annotation on the file and line of each finding. */
export function renderLintGithub(result: LintResult): string {
  const escapeData = (s: string): string =>
    s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (s: string): string =>
    escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const level: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
  return result.diagnostics
    .map((d) => {
      const props = [
        ...(d.file ? [`file=${escapeProperty(d.file)}`] : []),
        `line=${d.line}`,
        `col=${d.column}`,
        `title=${escapeProperty(`${d.code} ${d.rule}`)}`,
      ].join(',');
      return `::${level[d.severity]} ${props}::${escapeData(`${d.message}\n${d.impact}\nSafe: ${d.safeAlternative}`)}`;
    })
    .join('\n');
}

export function renderLintJson(result: LintResult): string {
  return JSON.stringify(result, null, 2);
}

/** Renders a result in a format. */
export function renderLint(result: LintResult, format: LintFormat, paint: Paint = plain): string {
  switch (format) {
    case 'json':
      return renderLintJson(result);
    case 'github':
      return renderLintGithub(result);
    case 'compact':
      return renderLintCompact(result);
    case 'text':
      return renderLintText(result, paint);
  }
}
