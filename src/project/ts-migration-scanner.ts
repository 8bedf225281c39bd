import { Scanner } from './js-scanner.js';
import { NotAMigrationError } from './revision-file-errors.js';

/**
 * Reads the metadata of a TypeScript revision file without executing it: finds the object literal
 * passed to `defineMigration(...)` with a small JavaScript scanner (comments, strings, template
 * literals and regular expressions are skipped as units, so `revision:` inside them never counts)
 * and reads the metadata properties, which must be literals.
 */

/** Metadata as written in a TypeScript revision file. */
export interface ScannedMigrationMetadata {
  revision: string;
  revises: string[];
  message: string;
  dependsOn: string[];
  branchLabels: string[];
  transactional: boolean;
  /** `irreversible: true`: the downgrade cannot restore what the upgrade changed (`retort test` reports it). */
  irreversible?: boolean;
  /** `Create Date:` from the leading doc comment, when present. */
  createdAt?: string;
  /** 1-based line of the `revision` property. */
  revisionLine: number;
}

type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: string[] }
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean };

const METADATA_KEYS = [
  'revision',
  'revises',
  'message',
  'dependsOn',
  'branchLabels',
  'transactional',
  'irreversible',
] as const;
type MetadataKey = (typeof METADATA_KEYS)[number];

const LITERAL_REASON =
  'metadata must be a literal because retort reads it without executing the file';

/** Finds `defineMigration(` followed by `{`, outside comments and strings; returns the `{` position. */
function findDefineMigrationObject(s: Scanner): number | undefined {
  for (;;) {
    const tok = s.skipToken();
    if (tok === '') return undefined;
    if (tok !== 'defineMigration') continue;
    const save = s.pos;
    s.skipTrivia();
    if (s.peek() !== '(') continue;
    s.pos++;
    s.skipTrivia();
    if (s.peek() === '{') return s.pos;
    s.pos = save;
  }
}

function readLiteral(s: Scanner, key: string): Literal {
  s.skipTrivia();
  const start = s.pos;
  const ch = s.peek();
  const notLiteral = (): never =>
    s.fail(start, `\`${key}\` is not a literal (${LITERAL_REASON})`, expectedFor(key));
  let literal: Literal;
  if (ch === '"' || ch === "'" || ch === '`') {
    const value = s.quoted();
    if (value.includes('\u0000')) notLiteral();
    literal = { kind: 'string', value };
  } else if (ch === '[') {
    s.pos++;
    const items: string[] = [];
    for (;;) {
      s.skipTrivia();
      if (s.peek() === ']') {
        s.pos++;
        break;
      }
      const q = s.peek();
      if (q !== '"' && q !== "'" && q !== '`') notLiteral();
      const value = s.quoted();
      if (value.includes('\u0000')) notLiteral();
      items.push(value);
      s.skipTrivia();
      if (s.peek() === ',') s.pos++;
      else if (s.peek() !== ']') notLiteral();
    }
    literal = { kind: 'array', items };
  } else {
    const word = s.identifier();
    if (word === 'null') literal = { kind: 'null' };
    else if (word === 'true' || word === 'false')
      literal = { kind: 'boolean', value: word === 'true' };
    else return notLiteral();
  }
  // Tolerate `as const` after a literal.
  s.skipTrivia();
  const save = s.pos;
  if (s.identifier() === 'as') {
    s.skipTrivia();
    if (s.identifier() !== 'const') s.pos = save;
  } else s.pos = save;
  s.skipTrivia();
  if (s.peek() !== ',' && s.peek() !== '}') notLiteral();
  return literal;
}

function expectedFor(key: string): string {
  switch (key) {
    case 'revision':
    case 'message':
      return 'a string literal';
    case 'revises':
      return 'a string literal, an array of string literals (a merge) or null (a base)';
    case 'transactional':
    case 'irreversible':
      return 'true or false';
    default:
      return 'a string literal or an array of string literals';
  }
}

/** The `Create Date:` line of the leading comment, as Alembic writes it in its docstring. */
function leadingCreateDate(text: string): string | undefined {
  // `\s` covers a BOM, so no copy of the text is needed to drop it.
  const body = /^\s*\/\*([\s\S]*?)\*\//.exec(text);
  if (!body?.[1]) return undefined;
  const match = /^[\s*]*Create Date:[ \t]*(.+?)\s*$/m.exec(body[1]);
  return match?.[1];
}

/**
 * Scans a TypeScript revision file's text and returns its metadata. Throws
 * {@link NotAMigrationError} when it has no `defineMigration({...})`, and
 * {@link MalformedRevisionFileError} (file, line, expected) for a metadata value that is not a
 * literal or a missing required key.
 *
 * @example
 * scanTsMigration("export default defineMigration({ revision: 'a1', revises: null, message: 'x', upgrade() {}, downgrade() {} })", 'm/a1_x.ts')
 * // → { revision: 'a1', revises: [], message: 'x', dependsOn: [], branchLabels: [], transactional: true, revisionLine: 1 }
 */
export function scanTsMigration(text: string, file: string): ScannedMigrationMetadata {
  const s = new Scanner(text, file);
  const open = findDefineMigrationObject(s);
  if (open === undefined)
    throw new NotAMigrationError(file, 'no `defineMigration({...})` call found');
  s.pos = open + 1;
  const found = new Map<MetadataKey, { literal: Literal; pos: number }>();
  for (;;) {
    s.skipTrivia();
    const propStart = s.pos;
    const ch = s.peek();
    if (ch === '') s.fail(open, 'unterminated defineMigration({...})', 'a closing }');
    if (ch === '}') break;
    if (ch === ',') {
      s.pos++;
      continue;
    }
    if (ch === '.') {
      s.fail(
        propStart,
        `a spread in defineMigration({...}) (${LITERAL_REASON})`,
        'plain properties such as `revision: "…"`',
      );
    }
    let key: string | undefined;
    if (ch === '"' || ch === "'") key = s.quoted();
    else if (ch === '[') {
      s.pos++;
      s.skipBalanced(']');
    } else if (ch === '*') s.pos++;
    else {
      key = s.identifier();
      if (key === undefined)
        s.fail(propStart, `unexpected \`${ch}\``, 'a property of defineMigration({...})');
      // `async upgrade(op) {}` / `get x() {}`: the word was a modifier, the name follows.
      if (key === 'async' || key === 'get' || key === 'set') {
        s.skipTrivia();
        const next = s.peek();
        if (next !== '(' && next !== ':' && next !== ',' && next !== '}') {
          if (next === '*') s.pos++;
          s.skipTrivia();
          key = s.identifier() ?? (s.peek() === '"' || s.peek() === "'" ? s.quoted() : undefined);
        }
      }
    }
    s.skipTrivia();
    const after = s.peek();
    const metaKey = (METADATA_KEYS as readonly string[]).includes(key ?? '')
      ? (key as MetadataKey)
      : undefined;
    if (metaKey && found.has(metaKey)) {
      s.fail(propStart, `\`${metaKey}\` is given twice`, 'each metadata key once');
    }
    if (after === ':') {
      s.pos++;
      if (metaKey) found.set(metaKey, { literal: readLiteral(s, metaKey), pos: propStart });
      else s.skipValue();
    } else if (after === '(' || after === '<') {
      if (metaKey)
        s.fail(propStart, `\`${metaKey}\` is a method (${LITERAL_REASON})`, expectedFor(metaKey));
      // A method: parameters, an optional return type, then its body.
      s.skipValue();
    } else if (after === ',' || after === '}') {
      if (metaKey) {
        s.fail(
          propStart,
          `\`${metaKey}\` is a shorthand property (${LITERAL_REASON})`,
          expectedFor(metaKey),
        );
      }
    } else {
      s.fail(s.pos, `unexpected \`${after}\` after a property name`, '`:` or a method body');
    }
  }

  const get = (key: MetadataKey): Literal | undefined => found.get(key)?.literal;
  const line = (key: MetadataKey): number => s.lineAt(found.get(key)?.pos ?? open);
  const requireString = (key: 'revision' | 'message'): string => {
    const lit = get(key);
    if (lit === undefined)
      return s.fail(open, `defineMigration({...}) has no \`${key}\``, `\`${key}: '…'\``);
    if (lit.kind !== 'string')
      return s.fail(lineStart(text, line(key)), `\`${key}\` must be a string`, expectedFor(key));
    return lit.value;
  };
  const list = (key: 'revises' | 'dependsOn' | 'branchLabels'): string[] => {
    const lit = get(key);
    if (lit === undefined || lit.kind === 'null') return [];
    if (lit.kind === 'string') return lit.value === '' ? [] : [lit.value];
    if (lit.kind === 'array') return lit.items;
    return s.fail(lineStart(text, line(key)), `\`${key}\` must not be a boolean`, expectedFor(key));
  };
  const revision = requireString('revision');
  if (revision.trim() === '')
    s.fail(lineStart(text, line('revision')), '`revision` is empty', 'a revision id');
  if (!found.has('revises')) {
    s.fail(
      open,
      'defineMigration({...}) has no `revises`',
      "`revises: '<parent id>'`, or `revises: null` for a base",
    );
  }
  const message = requireString('message');
  const flag = (key: 'transactional' | 'irreversible'): boolean | undefined => {
    const lit = get(key);
    if (lit === undefined) return undefined;
    if (lit.kind !== 'boolean')
      return s.fail(lineStart(text, line(key)), `\`${key}\` must be a boolean`, expectedFor(key));
    return lit.value;
  };
  const transactional = flag('transactional') ?? true;
  const irreversible = flag('irreversible') ?? false;
  const createdAt = leadingCreateDate(text);
  return {
    revision,
    revises: list('revises'),
    message,
    dependsOn: list('dependsOn'),
    branchLabels: list('branchLabels'),
    transactional,
    ...(irreversible ? { irreversible } : {}),
    ...(createdAt === undefined ? {} : { createdAt }),
    revisionLine: line('revision'),
  };
}

/** Offset of the first character of a 1-based line (for errors reported by line). */
function lineStart(text: string, line: number): number {
  let pos = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', pos);
    if (next < 0) break;
    pos = next + 1;
  }
  return pos;
}
