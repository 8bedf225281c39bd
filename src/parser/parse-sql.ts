import type * as LibPgQueryModule from 'libpg-query';
import { ExitCode, RetortError } from '../core/errors.js';

/**
 * The real PostgreSQL parser (libpg-query, WebAssembly), loaded on first use only: commands that
 * never look inside SQL never pay for it.
 */
type LibPgQuery = typeof LibPgQueryModule;
let parser: LibPgQuery | undefined;

/** Loads the WebAssembly parser. Call once before {@link parseStatements}. */
export async function loadParser(): Promise<void> {
  if (parser) return;
  const mod = await import('libpg-query');
  await mod.loadModule();
  parser = mod;
}

/** One statement of a SQL text, with its parse tree. */
export interface ParsedStatement {
  /** The statement text, trimmed, without the trailing semicolon. */
  readonly sql: string;
  /** 1-based line (in the whole text, after `lineOffset`) where the statement starts. */
  readonly line: number;
  /** 1-based column of the statement start. */
  readonly column: number;
  /** The statement node: an object with one key, the node type (`CreateStmt`, `IndexStmt`, …). */
  readonly ast: Record<string, unknown>;
  /** The node type, e.g. `AlterTableStmt`. */
  readonly kind: string;
}

export class SqlSyntaxError extends RetortError {
  readonly line: number;
  readonly column: number;
  constructor(
    message: string,
    details: { file?: string | undefined; line: number; column: number; near?: string },
  ) {
    const where = `${details.file ?? '<sql>'}:${details.line}:${details.column}`;
    super('SQL_SYNTAX', ExitCode.Revision, `${where}: ${message}`, {
      hint: 'Fix the SQL at that position; retort parses migrations with PostgreSQL’s own parser.',
      details,
    });
    this.line = details.line;
    this.column = details.column;
  }
}

export interface ParseOptions {
  /** File the text came from, for error messages. */
  file?: string | undefined;
  /** Lines before this text in its file (for SQL sections that start mid-file). */
  lineOffset?: number;
  /** Piece size for long texts (tests make it small); default {@link PARSE_PIECE_CHARS}. */
  pieceChars?: number;
}

/**
 * Texts longer than this are parsed in pieces: libpg-query's WebAssembly memory is bounded (a
 * 50 MB data migration exhausted it) and its JSON answer for a whole big text is a second copy.
 */
export const PARSE_PIECE_CHARS = 4 * 1024 * 1024;

/**
 * Splits and parses SQL with PostgreSQL's grammar. Comments-only text gives `[]`. A syntax error
 * throws {@link SqlSyntaxError} naming file, line and column.
 *
 * A long text is cut after a `;` that ends a line, near every {@link PARSE_PIECE_CHARS}, and the
 * pieces parsed in turn. A cut inside a string, a dollar-quoted body, a comment, a rule's
 * parenthesised actions or a BEGIN ATOMIC body leaves an unterminated token or clause, which the
 * parser always refuses: that piece is joined to the next and parsed again, up to three times;
 * an error that persists is the text's own, and is reported.
 */
export function parseStatements(text: string, options: ParseOptions = {}): ParsedStatement[] {
  const size = options.pieceChars ?? PARSE_PIECE_CHARS;
  if (text.length <= size) return parsePiece(text, options);
  const lineOffset = options.lineOffset ?? 0;
  const out: ParsedStatement[] = [];
  let start = 0;
  let startLine = lineOffset;
  let end = cutAfter(text, start, size);
  let joins = 0;
  while (start < text.length) {
    const piece = text.slice(start, end);
    try {
      out.push(...parsePiece(piece, { ...options, lineOffset: startLine }));
    } catch (error) {
      // Joined three times and still refused: the text's own error (or a single token of
      // megabytes), reported where one parse would report it.
      if (!(error instanceof SqlSyntaxError) || end >= text.length || joins === 3) throw error;
      joins++;
      end = cutAfter(text, end, size);
      continue;
    }
    for (let i = piece.indexOf('\n'); i !== -1; i = piece.indexOf('\n', i + 1)) startLine++;
    start = end;
    joins = 0;
    end = cutAfter(text, start, size);
  }
  return out;
}

/** The end of the piece that starts at `from`: after the first `;` + newline past the size. */
function cutAfter(text: string, from: number, size: number): number {
  const at = text.indexOf(';\n', from + size);
  return at === -1 ? text.length : at + 2;
}

function parsePiece(text: string, options: ParseOptions): ParsedStatement[] {
  if (!parser) throw new Error('loadParser() must be awaited before parseStatements()');
  const lineOffset = options.lineOffset ?? 0;
  // libpg-query reports byte offsets into the UTF-8 encoding. Statements come in order, so the
  // line and column are counted from the previous statement's start: one pass over the text
  // (decoding from the start each time made linting a 40,000-statement file quadratic).
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  let cursorByte = 0;
  let cursorLine = 1;
  let cursorColumn = 1;
  const position = (byteOffset: number): { line: number; column: number } => {
    if (byteOffset < cursorByte) {
      cursorByte = 0;
      cursorLine = 1;
      cursorColumn = 1;
    }
    const chunk = decoder.decode(bytes.subarray(cursorByte, byteOffset));
    const lastNewline = chunk.lastIndexOf('\n');
    if (lastNewline === -1) {
      cursorColumn += chunk.length;
    } else {
      let newlines = 0;
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) newlines++;
      cursorLine += newlines;
      cursorColumn = chunk.length - lastNewline;
    }
    cursorByte = byteOffset;
    return { line: cursorLine + lineOffset, column: cursorColumn };
  };
  let result: {
    stmts?: { stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number }[];
  };
  try {
    result = parser.parseSync(text) as typeof result;
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number; message?: string } })
      .sqlDetails;
    if (details === undefined && !(error instanceof Error)) {
      // Not a syntax error: the WebAssembly parser aborted (its memory is bounded; a text of tens
      // of megabytes exhausts it) and threw a bare object.
      throw new RetortError(
        'SQL_TOO_LARGE',
        ExitCode.Revision,
        `${options.file ?? '<sql>'}: PostgreSQL's parser (libpg-query) could not parse this SQL text of ${(byteLength(text) / 1048576).toFixed(1)} MB in one piece.`,
        {
          hint: 'Split the data into several revisions of a few MB each, or load it with COPY from a file outside the migration.',
        },
      );
    }
    const message = details?.message ?? (error instanceof Error ? error.message : String(error));
    // cursorPosition is the 0-based character offset of the offending token (taking one off
    // put an error at the start of a line on the line before).
    const cursor = Math.max(0, details?.cursorPosition ?? 0);
    const prefix = text.slice(0, Math.min(cursor, text.length));
    const lines = prefix.split('\n');
    throw new SqlSyntaxError(message, {
      file: options.file,
      line: lines.length + lineOffset,
      column: (lines.at(-1)?.length ?? 0) + 1,
    });
  }
  const out: ParsedStatement[] = [];
  for (const entry of result.stmts ?? []) {
    const start = entry.stmt_location ?? 0;
    const end =
      entry.stmt_len === undefined || entry.stmt_len === 0 ? bytes.length : start + entry.stmt_len;
    const raw = decoder.decode(bytes.subarray(start, end));
    // Leading comments and whitespace belong to no statement; the position is where SQL starts.
    const lead = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/.exec(raw)?.[0] ?? '';
    const sql = raw.slice(lead.length).trim().replace(/;\s*$/, '');
    const pos = position(start + byteLength(lead));
    const kind = Object.keys(entry.stmt)[0] ?? 'Unknown';
    out.push({ sql, line: pos.line, column: pos.column, ast: entry.stmt, kind });
  }
  return out;
}

/** UTF-8 length of a string without allocating its encoding. */
function byteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
