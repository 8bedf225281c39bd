import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQL_HEADER_KEYS, DOWNGRADE_MARKER, UPGRADE_MARKER } from './sql-revision-file.js';
import { tsList, tsString } from '../core/codegen/ts-literal.js';

/** What a new revision file says. */
export interface NewRevisionFile {
  id: string;
  revises: readonly string[];
  message: string;
  dependsOn: readonly string[];
  branchLabels: readonly string[];
  /** ISO timestamp written as the `Create Date` (TS) or `-- created:` (SQL). */
  createdAt: string;
  format: 'ts' | 'sql';
  /**
   * The upgrade and downgrade bodies, already written in the file's language: statements of
   * TypeScript using `op` for a .ts file (autogenerate passes them), SQL for a .sql file. Default:
   * an empty body with a hint comment.
   */
  body?: { upgrade: string; downgrade: string } | undefined;
}

/**
 * Alembic's slug: the message's word characters joined by `_`, lowercased, cut at a word
 * boundary to at most 40 characters.
 *
 * @example slugify('Add multi-user support (auth0)') // 'add_multi_user_support_auth0'
 */
export function slugify(message: string, max = 40): string {
  const words = message.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}_${word}`;
    if (next.length > max) {
      if (slug === '') slug = word.slice(0, max);
      break;
    }
    slug = next;
  }
  return slug;
}

/** The file name of a new revision: `<id>_<slug>.<ts|sql>`. */
export function revisionFileName(id: string, message: string, format: 'ts' | 'sql'): string {
  return `${id}_${slugify(message)}.${format}`;
}

/** One value as a string, several as a list (`revises: 'a'`, `revises: ['a', 'b']`). */
const tsOneOrList = (values: readonly string[]): string =>
  values.length === 1 ? tsString(values[0]!) : tsList(values);

/**
 * Indents generated code, except the lines that continue a template literal: their text is the
 * SQL itself (a function body keeps its own indentation).
 */
const indent = (code: string, prefix: string): string => {
  let state: 'code' | 'quote' | 'template' = 'code';
  return code
    .replace(/\r\n/g, '\n')
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => {
      const inTemplate = state === 'template';
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (c === '\\') i++;
        else if (state === 'code' && (c === "'" || c === '`'))
          state = c === '`' ? 'template' : 'quote';
        else if ((state === 'quote' && c === "'") || (state === 'template' && c === '`'))
          state = 'code';
      }
      if (state === 'quote') state = 'code';
      return inTemplate || line.trim() === '' ? line : prefix + line;
    })
    .join('\n');
};

/** The text of a TypeScript revision file, with an Alembic-like doc comment at the top. */
export function renderTsRevision(rev: NewRevisionFile): string {
  const comment = (text: string): string => text.replace(/\*\//g, '*\\/');
  const lines = [
    '/**',
    ...rev.message.split(/\r?\n/).map((line) => (line === '' ? ' *' : ` * ${comment(line)}`)),
    ' *',
    ` * Revision ID: ${comment(rev.id)}`,
    ` * Revises: ${comment(rev.revises.join(', '))}`.trimEnd(),
    ` * Create Date: ${rev.createdAt}`,
    ' */',
    "import { defineMigration } from 'retort-pg';",
    '',
    'export default defineMigration({',
    `  revision: ${tsString(rev.id)},`,
    `  revises: ${rev.revises.length === 0 ? 'null' : tsOneOrList(rev.revises)},`,
    `  message: ${tsString(rev.message)},`,
  ];
  if (rev.dependsOn.length > 0) lines.push(`  dependsOn: ${tsOneOrList(rev.dependsOn)},`);
  if (rev.branchLabels.length > 0) lines.push(`  branchLabels: ${tsOneOrList(rev.branchLabels)},`);
  const upgrade = rev.body?.upgrade ?? "// op.execute('CREATE TABLE …');";
  const downgrade = rev.body?.downgrade ?? "// op.execute('DROP TABLE …');";
  lines.push(
    '  upgrade(op) {',
    indent(upgrade, '    '),
    '  },',
    '  downgrade(op) {',
    indent(downgrade, '    '),
    '  },',
    '});',
    '',
  );
  return lines
    .filter((line, i, all) => !(line === '' && all[i - 1] === '' && i < all.length - 1))
    .join('\n');
}

/** The text of a SQL revision file: the `-- key: value` header, then both sections. */
export function renderSqlRevision(rev: NewRevisionFile): string {
  const oneLine = (value: string): string => value.replace(/\s*\r?\n\s*/g, ' ').trim();
  const values: Record<(typeof SQL_HEADER_KEYS)[number], string | undefined> = {
    revision: rev.id,
    revises: rev.revises.join(', '),
    message: oneLine(rev.message),
    'depends-on': rev.dependsOn.length > 0 ? rev.dependsOn.join(', ') : undefined,
    'branch-labels': rev.branchLabels.length > 0 ? rev.branchLabels.join(', ') : undefined,
    transactional: undefined,
    irreversible: undefined,
    created: rev.createdAt,
  };
  const header = SQL_HEADER_KEYS.filter((key) => values[key] !== undefined).map((key) =>
    `-- ${key}: ${values[key]}`.trimEnd(),
  );
  const body = (text: string | undefined, hint: string): string =>
    text === undefined ? hint : text.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  return [
    ...header,
    '',
    UPGRADE_MARKER,
    body(rev.body?.upgrade, '-- CREATE TABLE …;'),
    '',
    DOWNGRADE_MARKER,
    body(rev.body?.downgrade, '-- DROP TABLE …;'),
    '',
  ].join('\n');
}

/**
 * Writes a new revision file into `migrationsDir`, refusing to overwrite an existing file.
 * Returns its absolute path.
 */
export function writeRevisionFile(migrationsDir: string, rev: NewRevisionFile): string {
  const path = join(migrationsDir, revisionFileName(rev.id, rev.message, rev.format));
  const text = rev.format === 'sql' ? renderSqlRevision(rev) : renderTsRevision(rev);
  writeFileSync(path, text, { flag: 'wx' });
  return path;
}
