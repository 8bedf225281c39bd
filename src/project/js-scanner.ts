import { MalformedRevisionFileError } from './revision-file-errors.js';

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORDS = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'instanceof',
  'yield',
  'await',
]);

/** Characters that matter when skipping a balanced region: brackets, quotes, slashes. */
const INTERESTING = /[{}()[\]'"`/]/g;
const SINGLE_QUOTED = /'(?:[^'\\\n]|\\[\s\S])*'/y;
const DOUBLE_QUOTED = /"(?:[^"\\\n]|\\[\s\S])*"/y;
/** Inside a template literal: its end, an escape, or a `${`. */
const TEMPLATE_STOP = /[`\\$]/g;

export const isIdentStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
export const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57);

/**
 * A small JavaScript/TypeScript scanner: enough to walk an object literal and skip everything
 * else as whole units (comments, strings, template literals, regular expressions, bracketed
 * regions) without executing or fully parsing the code. Errors name the file and line.
 *
 * @example
 * const s = new Scanner("{ a: 'x' }", 'f.ts');
 * s.skipToken(); // '{'
 */
export class Scanner {
  pos = 0;
  /** The last significant token's text (for the regex-or-division decision). */
  private prev = '';

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  lineAt(pos: number): number {
    let line = 1;
    for (let i = this.text.indexOf('\n'); i >= 0 && i < pos; i = this.text.indexOf('\n', i + 1))
      line++;
    return line;
  }

  fail(pos: number, problem: string, expected: string): never {
    throw new MalformedRevisionFileError({
      file: this.file,
      line: this.lineAt(pos),
      problem,
      expected,
    });
  }

  /** Skips whitespace and comments. */
  skipTrivia(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff || c === 0xa0) this.pos++;
      else if (c === 47 && t.charCodeAt(this.pos + 1) === 47) {
        const end = t.indexOf('\n', this.pos);
        this.pos = end < 0 ? t.length : end + 1;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        const end = t.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail(this.pos, 'unterminated comment', '`*/`');
        this.pos = end + 2;
      } else return;
    }
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** Reads an identifier at the current position, or returns undefined. */
  identifier(): string | undefined {
    const start = this.pos;
    if (!isIdentStart(this.text.charCodeAt(start))) return undefined;
    let end = start + 1;
    while (end < this.text.length && isIdentPart(this.text.charCodeAt(end))) end++;
    this.pos = end;
    this.prev = this.text.slice(start, end);
    return this.prev;
  }

  /** Reads a '…' or "…" string literal, decoding escapes. */
  quoted(): string {
    const t = this.text;
    const quote = t.charCodeAt(this.pos);
    const start = this.pos;
    let out = '';
    let chunk = ++this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail(start, 'unterminated string', `a closing ${t[start]}`);
      const c = t.charCodeAt(this.pos);
      if (c === quote) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        break;
      }
      if (c === 10 && quote !== 96)
        this.fail(start, 'unterminated string', `a closing ${t[start]}`);
      if (c === 92) {
        out += t.slice(chunk, this.pos) + this.escape();
        chunk = this.pos;
        continue;
      }
      if (quote === 96 && c === 36 && t.charCodeAt(this.pos + 1) === 123) {
        // A template with an expression is not a literal; the caller decides what that means.
        out += t.slice(chunk, this.pos) + '\u0000';
        this.pos += 2;
        this.skipBalanced('}');
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
    this.prev = 'string';
    return out;
  }

  /** Skips a string or template literal without building its value (the common case). */
  skipQuoted(): void {
    const t = this.text;
    const quote = t.charCodeAt(this.pos);
    const start = this.pos;
    if (quote !== 96) {
      const re = quote === 39 ? SINGLE_QUOTED : DOUBLE_QUOTED;
      re.lastIndex = start;
      if (!re.test(t)) this.fail(start, 'unterminated string', `a closing ${t[start]}`);
      this.pos = re.lastIndex;
      this.prev = 'string';
      return;
    }
    this.pos++;
    for (;;) {
      TEMPLATE_STOP.lastIndex = this.pos;
      const match = TEMPLATE_STOP.exec(t);
      if (match === null) this.fail(start, 'unterminated string', 'a closing `');
      const i = match.index;
      const c = t.charCodeAt(i);
      if (c === 96) {
        this.pos = i + 1;
        break;
      }
      if (c === 92) this.pos = i + 2;
      else if (t.charCodeAt(i + 1) === 123) {
        this.pos = i + 2;
        this.skipBalanced('}');
      } else this.pos = i + 1;
    }
    this.prev = 'string';
  }

  private escape(): string {
    const t = this.text;
    const next = t[this.pos + 1] ?? '';
    this.pos += 2;
    switch (next) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case '0':
        return '\0';
      case '\r':
        if (t[this.pos] === '\n') this.pos++;
        return '';
      case '\n':
        return '';
      case 'x': {
        const hex = t.slice(this.pos, this.pos + 2);
        this.pos += 2;
        return String.fromCharCode(parseInt(hex, 16));
      }
      case 'u': {
        if (t[this.pos] === '{') {
          const end = t.indexOf('}', this.pos);
          const hex = t.slice(this.pos + 1, end);
          this.pos = end + 1;
          return String.fromCodePoint(parseInt(hex, 16));
        }
        const hex = t.slice(this.pos, this.pos + 4);
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        return next;
    }
  }

  private regex(): void {
    const t = this.text;
    let inClass = false;
    this.pos++;
    while (this.pos < t.length) {
      const ch = t[this.pos];
      if (ch === '\\') this.pos += 2;
      else if (ch === '\n') return;
      else {
        this.pos++;
        if (ch === '[') inClass = true;
        else if (ch === ']') inClass = false;
        else if (ch === '/' && !inClass) break;
      }
    }
    while (this.pos < t.length && isIdentPart(t.charCodeAt(this.pos))) this.pos++;
    this.prev = 'regex';
  }

  /** Skips one token (after trivia) and returns it: punctuation as itself, others by kind. */
  skipToken(): string {
    this.skipTrivia();
    const t = this.text;
    const ch = t[this.pos];
    if (ch === undefined) return '';
    if (ch === '"' || ch === "'" || ch === '`') {
      this.skipQuoted();
      return 'string';
    }
    if (isIdentStart(t.charCodeAt(this.pos))) return this.identifier() ?? '';
    if (ch === '/') {
      const p = this.prev;
      const regexAllowed =
        p === '' || REGEX_AFTER_WORDS.has(p) || /^[(,=:[!&|?{};+\-*%<>~^]$/.test(p);
      if (regexAllowed) {
        this.regex();
        return 'regex';
      }
    }
    if (ch >= '0' && ch <= '9') {
      while (this.pos < t.length && /[0-9a-zA-Z_.]/.test(t[this.pos]!)) this.pos++;
      this.prev = 'number';
      return 'number';
    }
    // `=>` is one token so the `>` does not look like an operator before a regex.
    if (ch === '=' && t[this.pos + 1] === '>') {
      this.pos += 2;
      this.prev = '=>';
      return '=>';
    }
    this.pos++;
    this.prev = ch;
    return ch;
  }

  /** Skips tokens up to and including the `close` that balances an already consumed opener. */
  skipBalanced(close: string): void {
    // Jumps from one character that matters to the next with a native regex search: method
    // bodies are most of a file, and a character-by-character loop is slow before the JIT warms
    // up (a cold start reading a thousand files never warms it up).
    const stack = [close];
    const start = this.pos;
    const t = this.text;
    while (stack.length > 0) {
      INTERESTING.lastIndex = this.pos;
      const match = INTERESTING.exec(t);
      if (match === null) {
        this.fail(start, 'unbalanced brackets', `a closing ${stack[stack.length - 1]}`);
      }
      const i = match.index;
      const ch = t[i]!;
      this.pos = i;
      if (ch === '(' || ch === '[' || ch === '{') {
        stack.push(ch === '(' ? ')' : ch === '[' ? ']' : '}');
        this.pos++;
        this.prev = ch;
      } else if (ch === ')' || ch === ']' || ch === '}') {
        if (ch !== stack.pop()) this.fail(i, `unexpected ${ch}`, 'balanced brackets');
        this.pos++;
        this.prev = ch;
      } else if (ch === '/') {
        const next = t.charCodeAt(i + 1);
        if (next === 47 || next === 42) this.skipTrivia();
        else if (this.regexAllowedAt(i)) this.regex();
        else {
          this.pos++;
          this.prev = '/';
        }
      } else {
        this.skipQuoted();
      }
    }
  }

  /** Whether a `/` at `i` starts a regular expression, judging by the code just before it. */
  private regexAllowedAt(i: number): boolean {
    const t = this.text;
    let j = i - 1;
    while (j >= 0 && /\s/.test(t[j]!)) j--;
    if (j < 0) return true;
    const c = t.charCodeAt(j);
    if (isIdentPart(c)) {
      let k = j;
      while (k > 0 && isIdentPart(t.charCodeAt(k - 1))) k--;
      return REGEX_AFTER_WORDS.has(t.slice(k, j + 1));
    }
    return '(,=:[!&|?{};+-*%<>~^'.includes(t[j]!);
  }

  /** Skips a property value: tokens up to a `,` or `}` at this nesting level (not consumed). */
  skipValue(): void {
    for (;;) {
      this.skipTrivia();
      const ch = this.peek();
      if (ch === '' || ch === ',' || ch === '}') return;
      const tok = this.skipToken();
      if (tok === '(') this.skipBalanced(')');
      else if (tok === '[') this.skipBalanced(']');
      else if (tok === '{') this.skipBalanced('}');
    }
  }
}
