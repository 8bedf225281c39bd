import { readFileSync } from 'node:fs';
import { ExitCode, RetortError } from '../core/errors.js';

/** A revision file that is not valid UTF-8 (e.g. saved as Latin-1). Exit 4. */
export class RevisionFileEncodingError extends RetortError {
  constructor(file: string, offset: number, line: number, bytes: readonly number[]) {
    const shown = bytes.map((b) => `0x${b.toString(16).padStart(2, '0').toUpperCase()}`).join(' ');
    super(
      'REVISION_FILE_ENCODING',
      ExitCode.Revision,
      `${file}:${line}: not valid UTF-8 at byte offset ${offset} (${shown}); retort reads migrations as UTF-8 and will not guess, so no character is silently replaced.`,
      {
        hint: `Convert the file to UTF-8, e.g. \`iconv -f latin1 -t utf-8 ${file} > tmp && mv tmp ${file}\` (use the encoding it was written in).`,
        details: { file, offset, line },
      },
    );
  }
}

/** Byte offset of the first invalid UTF-8 sequence, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = 0; i < n;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * A revision file's text. Invalid UTF-8 is refused with the file, line and byte offset instead
 * of being decoded with U+FFFD (which would silently change data in a data migration).
 *
 * @example
 * const text = readUtf8RevisionText('/app/migrations/ab12_add.sql', 'migrations/ab12_add.sql');
 */
export function readUtf8RevisionText(absolutePath: string, file: string): string {
  const buffer = readFileSync(absolutePath);
  const text = buffer.toString('utf8');
  // Decoding replaced something only if U+FFFD appears; a real U+FFFD in the file is valid.
  if (text.includes('\uFFFD')) {
    const offset = invalidUtf8Offset(buffer);
    if (offset !== -1) {
      let line = 1;
      for (let i = 0; i < offset; i++) if (buffer[i] === 0x0a) line++;
      throw new RevisionFileEncodingError(file, offset, line, [
        ...buffer.subarray(offset, Math.min(offset + 4, buffer.length)),
      ]);
    }
  }
  return text;
}
