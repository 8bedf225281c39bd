/** Version prefix of stored checksums; bump it when {@link normaliseForChecksum} changes. */
export const CHECKSUM_ALGORITHM = 'v1';

/**
 * What a checksum covers: the file text without a BOM and with LF line endings, so a checkout
 * with CRLF or an editor adding a BOM does not count as an edit.
 *
 * @example
 * normaliseForChecksum('\uFEFFa\r\nb'); // 'a\nb'
 */
export function normaliseForChecksum(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}
