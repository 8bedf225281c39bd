import { MalformedRevisionFileError, NotAMigrationError } from './revision-file-errors.js';
import type { ScannedMigrationMetadata } from './ts-migration-scanner.js';

/**
 * The plain-SQL revision file format:
 *
 * ```sql
 * -- revision: e4f7a9b2c3d1
 * -- revises: d896bf2738fb
 * -- message: add multi-user support
 *
 * -- retort:upgrade
 * CREATE TABLE …;
 *
 * -- retort:downgrade
 * DROP TABLE …;
 * ```
 *
 * Header lines are `-- key: value` comments before the first section marker; other comment lines
 * and blank lines there are ignored. Values that list revisions are comma-separated.
 */

/** Header keys a SQL revision file may use, in the order retort writes them. */
export const SQL_HEADER_KEYS = [
  'revision',
  'revises',
  'message',
  'depends-on',
  'branch-labels',
  'transactional',
  'irreversible',
  'created',
] as const;
type SqlHeaderKey = (typeof SQL_HEADER_KEYS)[number];

export const UPGRADE_MARKER = '-- retort:upgrade';
export const DOWNGRADE_MARKER = '-- retort:downgrade';
/** `retort test` fixtures: rows set up before the upgrade runs, assertions checked after it. */
export const TEST_BEFORE_MARKER = '-- retort:test before';
export const TEST_AFTER_MARKER = '-- retort:test after';

type SectionName = 'upgrade' | 'downgrade' | 'test before' | 'test after';

/** Everything a SQL revision file says, header and sections. */
export interface ParsedSqlRevisionFile extends Omit<ScannedMigrationMetadata, 'revisionLine'> {
  upgrade: string;
  upgradeLine: number;
  downgrade: string;
  downgradeLine: number;
  /** `-- retort:test before`: SQL run before the upgrade by `retort test` (never by `upgrade`). */
  testBefore?: { text: string; line: number };
  /** `-- retort:test after`: assertions `retort test` checks after the upgrade. */
  testAfter?: { text: string; line: number };
}

const HEADER_LINE = /^--\s*([A-Za-z][A-Za-z0-9_-]*)\s*:(.*)$/;
const MARKER_LINE = /^--\s*retort:\s*([A-Za-z-]*)(?:\s+([A-Za-z-]+))?\s*$/;

/**
 * Parses a SQL revision file (a leading BOM and CRLF line endings are fine). Throws
 * {@link MalformedRevisionFileError} naming the line and what was expected, or
 * {@link NotAMigrationError} when the file has neither a header nor sections.
 *
 * @example
 * parseSqlRevisionFile('-- revision: a1\n-- message: init\n-- retort:upgrade\nSELECT 1;\n-- retort:downgrade\n', 'm/a1_init.sql').upgradeLine // 4
 */
export function parseSqlRevisionFile(text: string, file: string): ParsedSqlRevisionFile {
  const body = text.replace(/^\uFEFF/, '');
  const header = new Map<SqlHeaderKey, { value: string; line: number }>();
  /** Each marker's line, its offset and the offset of the line after it. */
  const sections: { name: SectionName; line: number; at: number; next: number }[] = [];
  const fail = (line: number, problem: string, expected: string): never => {
    throw new MalformedRevisionFileError({ file, line, problem, expected });
  };
  // Line by line as `split(/\r?\n/)` cuts them, without splitting: a data migration has
  // hundreds of thousands of lines, and past the first marker only marker lines matter.
  let lineCount = 0;
  for (let pos = 0; pos !== -1;) {
    if (sections.length > 0) {
      // Skip to the line of the next `retort:` (a marker line holds one), counting lines.
      const next = body.indexOf('retort:', pos);
      const to = next === -1 ? body.length : body.lastIndexOf('\n', next) + 1;
      for (let nl = body.indexOf('\n', pos); nl !== -1 && nl < to; nl = body.indexOf('\n', nl + 1))
        lineCount++;
      if (next === -1) {
        lineCount++;
        break;
      }
      pos = Math.max(pos, to);
    }
    const newline = body.indexOf('\n', pos);
    const lineEnd = newline === -1 ? body.length : newline;
    const raw = body.slice(pos, body.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd);
    const at = pos;
    pos = newline === -1 ? -1 : newline + 1;
    lineCount++;
    const trimmed = raw.trim();
    const lineNo = lineCount;
    const marker = MARKER_LINE.exec(trimmed);
    if (marker) {
      const name = [marker[1]!, marker[2]].filter(Boolean).join(' ').toLowerCase();
      if (
        name !== 'upgrade' &&
        name !== 'downgrade' &&
        name !== 'test before' &&
        name !== 'test after'
      ) {
        fail(
          lineNo,
          `unknown section marker \`${trimmed}\``,
          `\`${UPGRADE_MARKER}\`, \`${DOWNGRADE_MARKER}\`, \`${TEST_BEFORE_MARKER}\` or \`${TEST_AFTER_MARKER}\``,
        );
      }
      const previous = sections.find((s) => s.name === name);
      if (previous) {
        fail(
          lineNo,
          `a second \`-- retort:${name}\` section (the first is on line ${previous.line})`,
          `one \`-- retort:${name}\` marker`,
        );
      }
      sections.push({ name: name as SectionName, line: lineNo, at, next: lineEnd + 1 });
      continue;
    }
    if (sections.length > 0) continue;
    if (trimmed === '') continue;
    if (!trimmed.startsWith('--')) {
      if (header.size === 0) {
        throw new NotAMigrationError(
          file,
          `line ${lineNo} is SQL before any \`-- revision:\` header`,
        );
      }
      fail(
        lineNo,
        'SQL before the `-- retort:upgrade` marker',
        `\`-- key: value\` header lines, then \`${UPGRADE_MARKER}\``,
      );
    }
    const match = HEADER_LINE.exec(trimmed);
    if (!match) continue; // a free comment
    const key = match[1]!.toLowerCase();
    if (!(SQL_HEADER_KEYS as readonly string[]).includes(key)) {
      fail(lineNo, `unknown header key \`${match[1]}\``, `one of ${SQL_HEADER_KEYS.join(', ')}`);
    }
    if (header.has(key as SqlHeaderKey)) {
      fail(
        lineNo,
        `header key \`${key}\` given twice (first on line ${header.get(key as SqlHeaderKey)!.line})`,
        'each header key once',
      );
    }
    header.set(key as SqlHeaderKey, { value: match[2]!.trim(), line: lineNo });
  }

  if (header.size === 0 && sections.length === 0) {
    throw new NotAMigrationError(
      file,
      'no `-- revision:` header and no `-- retort:upgrade` section',
    );
  }
  const end = lineCount;
  const revision = header.get('revision');
  if (!revision || revision.value === '') {
    fail(
      revision?.line ?? 1,
      'no revision id in the header',
      '`-- revision: <id>` as a header line',
    );
  }
  const message = header.get('message');
  if (!message) fail(1, 'no message in the header', '`-- message: <one line>` as a header line');
  const up = sections.find((s) => s.name === 'upgrade');
  const down = sections.find((s) => s.name === 'downgrade');
  if (!up)
    fail(
      end,
      `no \`${UPGRADE_MARKER}\` section`,
      `a \`${UPGRADE_MARKER}\` line before the upgrade SQL`,
    );
  if (!down)
    fail(
      end,
      `no \`${DOWNGRADE_MARKER}\` section`,
      `a \`${DOWNGRADE_MARKER}\` line before the downgrade SQL`,
    );

  const sectionText = (start: number): string => {
    const section = sections.find((s) => s.line === start)!;
    const next = sections.find((s) => s.line > start);
    // The lines between the marker and the next (joined by \n): a slice of the file's text,
    // not a copy, unless CRLF line ends must become \n.
    const text = next ? body.slice(section.next, next.at - 1) : body.slice(section.next);
    if (!text.includes('\r')) return text;
    return (next ? body.slice(section.next, next.at) : text)
      .split(/\r?\n/)
      .slice(0, next ? -1 : undefined)
      .join('\n');
  };
  const list = (key: SqlHeaderKey): string[] =>
    (header.get(key)?.value ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
  const flag = (key: 'transactional' | 'irreversible', absent: boolean): boolean => {
    const entry = header.get(key);
    if (!entry) return absent;
    const v = entry.value.toLowerCase();
    if (v !== 'true' && v !== 'false')
      fail(entry.line, `\`${key}: ${entry.value}\``, '`true` or `false`');
    return v === 'true';
  };
  const transactional = flag('transactional', true);
  const irreversible = flag('irreversible', false);
  const testSection = (name: SectionName): { text: string; line: number } | undefined => {
    const section = sections.find((s) => s.name === name);
    return section ? { text: sectionText(section.line), line: section.line + 1 } : undefined;
  };
  const testBefore = testSection('test before');
  const testAfter = testSection('test after');
  const revisionId = revision!.value;
  if (/[\s,]/.test(revisionId))
    fail(revision!.line, `revision id \`${revisionId}\` contains a space or comma`, 'a single id');
  const created = header.get('created')?.value;
  return {
    revision: revisionId,
    revises: list('revises'),
    message: message!.value,
    dependsOn: list('depends-on'),
    branchLabels: list('branch-labels'),
    transactional,
    ...(irreversible ? { irreversible } : {}),
    ...(created ? { createdAt: created } : {}),
    upgrade: sectionText(up!.line),
    upgradeLine: up!.line + 1,
    downgrade: sectionText(down!.line),
    downgradeLine: down!.line + 1,
    ...(testBefore ? { testBefore } : {}),
    ...(testAfter ? { testAfter } : {}),
  };
}
