import type * as LibPgQueryModule from 'libpg-query';
import { ExitCode, RetortError } from '../core/errors.js';

/**
 * The real PostgreSQL parser (libpg-query, WebAssembly), loaded on first use only: commands that
 * never look inside SQL never pay for it.
 */
type ParseTree = {
  stmts?: { stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number }[];
};
let parse: ((text: string) => ParseTree) | undefined;

/**
 * libpg-query's WebAssembly module, as its `parseSync` uses it. Called directly, the text is
 * copied in and the JSON tree read out by native code (TextEncoder, `indexOf(0)`, TextDecoder)
 * where `parseSync` walks both byte by byte in JavaScript: a sixth of a data migration's parse.
 */
interface PgQueryWasm {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(pointer: number): void;
  _wasm_parse_query_raw(text: number): number;
  _wasm_free_parse_result(result: number): void;
  getValue(pointer: number, type: 'i32'): number;
  UTF8ToString(pointer: number): string;
}

/** Loads the WebAssembly parser. Call once before {@link parseStatements}. */
export async function loadParser(): Promise<void> {
  if (parse) return;
  const factory = (await import(WASM_MODULE as string).then(
    (m: { default?: unknown }) => m.default,
    () => undefined,
  )) as (() => Promise<Partial<PgQueryWasm>>) | undefined;
  const wasm = typeof factory === 'function' ? await factory() : undefined;
  if (wasm !== undefined && isPgQueryWasm(wasm)) {
    parse = (text) => parseWith(wasm, text);
    return;
  }
  // Another build of libpg-query: its own (slower) entry point.
  const lib: typeof LibPgQueryModule = await import('libpg-query');
  await lib.loadModule();
  parse = (text) => lib.parseSync(text) as ParseTree;
}

const WASM_MODULE = 'libpg-query/wasm/libpg-query.js';

function isPgQueryWasm(m: Partial<PgQueryWasm>): m is PgQueryWasm {
  return (
    m.HEAPU8 instanceof Uint8Array &&
    typeof m._malloc === 'function' &&
    typeof m._free === 'function' &&
    typeof m._wasm_parse_query_raw === 'function' &&
    typeof m._wasm_free_parse_result === 'function' &&
    typeof m.getValue === 'function' &&
    typeof m.UTF8ToString === 'function'
  );
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** libpg-query's `parseSync`: the same calls, the same result, the same errors. */
function parseWith(wasm: PgQueryWasm, text: string): ParseTree {
  if (text === '') throw new Error('Query cannot be empty');
  const bytes = encoder.encode(text);
  const input = wasm._malloc(bytes.length + 1);
  wasm.HEAPU8.set(bytes, input);
  wasm.HEAPU8[input + bytes.length] = 0;
  let result = 0;
  try {
    result = wasm._wasm_parse_query_raw(input);
    if (!result) throw new Error('Failed to parse query: memory allocation failed');
    // PgQueryParseResult { char *parse_tree; char *stderr_buffer; PgQueryError *error; }
    const tree = wasm.getValue(result, 'i32');
    const error = wasm.getValue(result + 8, 'i32');
    if (error) {
      // PgQueryError { char *message; char *funcname; char *filename; int lineno; int cursorpos; }
      const messagePointer = wasm.getValue(error, 'i32');
      const message = messagePointer ? wasm.UTF8ToString(messagePointer) : 'Unknown error';
      const cursor = wasm.getValue(error + 16, 'i32');
      throw Object.assign(new Error(message), {
        sqlDetails: { message, cursorPosition: cursor > 0 ? cursor - 1 : 0 },
      });
    }
    if (!tree) throw new Error('No parse tree generated');
    // The heap may have grown (a new buffer) during the parse.
    const heap = wasm.HEAPU8;
    return JSON.parse(decoder.decode(heap.subarray(tree, heap.indexOf(0, tree)))) as ParseTree;
  } finally {
    wasm._free(input);
    if (result) wasm._wasm_free_parse_result(result);
  }
}

/** One statement of a SQL text, with its parse tree. */
export interface ParsedStatement {
  /** The statement text, trimmed, without the trailing semicolon. */
  readonly sql: string;
  /** 1-based line (in the whole text, after `lineOffset`) where the statement starts. */
  readonly line: number;
  /** 1-based column of the statement start. */
  readonly column: number;
  /** 0-based offset (UTF-16 code units) of the statement start in the text given to the parser. */
  readonly offset: number;
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
 * Texts longer than this are parsed in pieces, each piece's trees handed on and dropped before
 * the next is parsed: memory holds one piece's trees, whatever the length of the text (a 50 MB
 * data migration kept 2 GB of trees), and libpg-query's WebAssembly memory stays small (one
 * parse of 50 MB exhausted it; small pieces also parse faster than big ones).
 */
export const PARSE_PIECE_CHARS = 64 * 1024;

/**
 * A piece refused by the parser is joined to the next (doubling it) while it is shorter than
 * this; a longer one's error is reported as the text's own.
 */
const JOINED_PIECE_MAX_CHARS = 16 * 1024 * 1024;

/**
 * Splits and parses SQL with PostgreSQL's grammar. Comments-only text gives `[]`. A syntax error
 * throws {@link SqlSyntaxError} naming file, line and column.
 */
export function parseStatements(text: string, options: ParseOptions = {}): ParsedStatement[] {
  const out: ParsedStatement[] = [];
  forEachStatement(text, options, (statement) => out.push(statement));
  return out;
}

/**
 * {@link parseStatements}, statement by statement: `visit` gets each statement with its tree, in
 * order, and nothing keeps the trees afterwards (unless the visitor does).
 *
 * A long text is cut after a `;` that ends a line, near every {@link PARSE_PIECE_CHARS}, and the
 * pieces parsed in turn; a piece's statements are visited once the whole piece has parsed. A
 * cut inside a string, a dollar-quoted body, a comment, a rule's parenthesised actions or a BEGIN
 * ATOMIC body leaves an unterminated token or clause, which the parser always refuses: that
 * piece is joined to the next (its length doubling each time) and parsed again; an error that
 * persists is the text's own, and is reported where one parse reports it.
 *
 * @example
 * await loadParser();
 * forEachStatement('SELECT 1; SELECT 2;', {}, (s) => console.log(s.kind, s.line)); // SelectStmt 1 (twice)
 */
export function forEachStatement(
  text: string,
  options: ParseOptions,
  visit: (statement: ParsedStatement) => void,
): void {
  const size = options.pieceChars ?? PARSE_PIECE_CHARS;
  const lineOffset = options.lineOffset ?? 0;
  if (text.length <= size) {
    for (const statement of parsePiece(text, options, lineOffset, 0)) visit(statement);
    return;
  }
  let start = 0;
  let startLine = lineOffset;
  let end = cutAfter(text, start, size);
  while (start < text.length) {
    const piece = text.slice(start, end);
    let statements: ParsedStatement[];
    try {
      statements = parsePiece(piece, options, startLine, start);
    } catch (error) {
      // A cut inside a token or clause: join the next piece (as long again) and parse again.
      // Still refused once long: the text's own error (or a single token of megabytes),
      // reported where one parse would report it.
      if (
        !(error instanceof SqlSyntaxError) ||
        end >= text.length ||
        piece.length >= Math.max(JOINED_PIECE_MAX_CHARS, 4 * size)
      )
        throw error;
      end = cutAfter(text, end, piece.length);
      continue;
    }
    for (const statement of statements) visit(statement);
    for (let i = piece.indexOf('\n'); i !== -1; i = piece.indexOf('\n', i + 1)) startLine++;
    start = end;
    end = cutAfter(text, start, size);
  }
}

/** The end of the piece that starts at `from`: after the first `;` + newline past the size. */
function cutAfter(text: string, from: number, size: number): number {
  const at = text.indexOf(';\n', from + size);
  return at === -1 ? text.length : at + 2;
}

/** Comments and whitespace before a statement's first token. */
const LEAD = /(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/y;
const NON_ASCII = /[^\t\n\r\x20-\x7e]/;

/**
 * Parses one text (a piece of a longer one, `base` its offset there, `lineOffset` the lines
 * before it in the file).
 */
function parsePiece(
  text: string,
  options: ParseOptions,
  lineOffset: number,
  base: number,
): ParsedStatement[] {
  if (!parse) throw new Error('loadParser() must be awaited before parseStatements()');
  let result: ParseTree;
  try {
    result = parse(text);
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
  // libpg-query reports byte offsets into the UTF-8 encoding. Statements come in order, so each
  // offset is found from the previous one (one pass over the text, no decoding): in an ASCII
  // text bytes and characters coincide. Lines are counted the same way.
  const ascii = !NON_ASCII.test(text);
  let charAt = 0;
  let byteAt = 0;
  const toChar = (byteOffset: number): number => {
    if (ascii) return Math.min(byteOffset, text.length);
    while (byteAt < byteOffset && charAt < text.length) {
      const bytes = utf8Bytes(text.charCodeAt(charAt));
      byteAt += bytes;
      charAt += bytes === 4 ? 2 : 1;
    }
    return charAt;
  };
  let line = 1;
  let lineStart = 0;
  let nextNewline = text.indexOf('\n');
  const out: ParsedStatement[] = [];
  for (const entry of result.stmts ?? []) {
    const startByte = entry.stmt_location ?? 0;
    const start = toChar(startByte);
    const end =
      entry.stmt_len === undefined || entry.stmt_len === 0
        ? text.length
        : toChar(startByte + entry.stmt_len);
    // Leading comments and whitespace belong to no statement; the position is where SQL starts.
    LEAD.lastIndex = start;
    LEAD.exec(text);
    const at = Math.min(LEAD.lastIndex, end);
    let sql = text.slice(at, end).trim();
    if (sql.endsWith(';')) sql = sql.slice(0, -1);
    while (nextNewline !== -1 && nextNewline < at) {
      line++;
      lineStart = nextNewline + 1;
      nextNewline = text.indexOf('\n', lineStart);
    }
    let kind = 'Unknown';
    for (const key in entry.stmt) {
      kind = key;
      break;
    }
    out.push({
      sql,
      line: line + lineOffset,
      column: at - lineStart + 1,
      offset: base + at,
      ast: entry.stmt,
      kind,
    });
  }
  return out;
}

/** UTF-8 length of a string without allocating its encoding. */
function byteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const bytes = utf8Bytes(text.charCodeAt(i));
    n += bytes;
    if (bytes === 4) i++;
  }
  return n;
}

/** UTF-8 bytes of the character whose first UTF-16 unit is `c` (4: a surrogate pair, two units). */
function utf8Bytes(c: number): number {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3;
}
