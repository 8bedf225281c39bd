/**
 * The line in `file` from which the current op call was made, read from a stack trace: the first
 * frame whose path ends with `file`. Best effort: undefined when no frame matches (the migration
 * was bundled, or the loader does not keep line numbers).
 *
 * @example
 * callSiteLine('migrations/0001_users.ts'); // → 12 when called (indirectly) from line 12 of it
 */
export function callSiteLine(file: string): number | undefined {
  const stack = new Error().stack;
  if (stack === undefined) return undefined;
  const wanted = file.replaceAll('\\', '/').replace(/^\.\//, '');
  for (const frame of stack.split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):\d+\)?\s*$/.exec(frame);
    if (match === null) continue;
    let path = (match[1] ?? '').replaceAll('\\', '/');
    if (path.startsWith('file://')) path = decodeURIComponent(path.slice('file://'.length));
    if (path === wanted || path.endsWith(`/${wanted}`)) return Number(match[2]);
  }
  return undefined;
}
