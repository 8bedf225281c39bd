/** A statement found by {@link splitStatements}. */
export interface SplitStatement {
  /** Text without leading comments, surrounding whitespace and the terminating semicolon. */
  readonly sql: string;
  /** 1-based line where the statement starts (after `lineOffset`). */
  readonly line: number;
}

const IDENT = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * Splits SQL text at top-level semicolons, lexically: quotes ('' and E''), quoted identifiers,
 * dollar quoting, line and (nested) block comments. The runner uses it instead of the WebAssembly
 * parser to stay small and fast; text with `BEGIN ATOMIC` bodies (semicolons inside a statement)
 * returns `undefined` so the caller can use the real parser.
 *
 * @example
 * splitStatements("SELECT ';'; -- x\nSELECT $$a;b$$;"); // [{ sql: "SELECT ';'", line: 1 }, { sql: 'SELECT $$a;b$$', line: 2 }]
 */
export function splitStatements(text: string, lineOffset = 0): SplitStatement[] | undefined {
  const out: SplitStatement[] = [];
  let line = 1;
  let start = -1; // index of the first significant character of the current statement
  let startLine = 1;
  const n = text.length;
  const begin = (i: number): void => {
    if (start < 0) {
      start = i;
      startLine = line;
    }
  };
  const countLines = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) line++;
  };
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (text[j] === '/' && text[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (text[j] === '*' && text[j + 1] === '/') {
          depth--;
          j += 2;
        } else j++;
      }
      countLines(i, j);
      i = j;
    } else if (c === ';') {
      if (start >= 0) {
        out.push({ sql: text.slice(start, i).trim(), line: startLine + lineOffset });
        start = -1;
      }
      i++;
    } else if (c === "'" || c === '"') {
      begin(i);
      const escapes =
        c === "'" &&
        (text[i - 1] === 'E' || text[i - 1] === 'e') &&
        !IDENT.test(text[i - 2] ?? ' ');
      let j = i + 1;
      for (; j < n; j++) {
        if (escapes && text[j] === '\\') j++;
        else if (text[j] === c) {
          if (text[j + 1] === c) j++;
          else break;
        }
      }
      countLines(i, j);
      i = j + 1;
    } else if (c === '$' && !IDENT.test(text[i - 1] ?? ' ')) {
      begin(i);
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(
        text.slice(i, i + 65),
      )?.[0];
      if (!tag) {
        i++;
        continue;
      }
      const end = text.indexOf(tag, i + tag.length);
      const j = end < 0 ? n : end + tag.length;
      countLines(i, j);
      i = j;
    } else {
      begin(i);
      if (
        (c === 'A' || c === 'a') &&
        /^atomic\b/i.test(text.slice(i, i + 7)) &&
        /\bbegin\s+$/i.test(text.slice(Math.max(0, i - 20), i))
      )
        return undefined;
      i++;
    }
  }
  if (start >= 0) {
    const sql = text.slice(start).trim();
    if (sql.length > 0) out.push({ sql, line: startLine + lineOffset });
  }
  return out;
}
