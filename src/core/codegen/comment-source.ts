import { tsString } from './ts-literal.js';

/** The `comment: '…'` entry of a declaration's options (absent when there is no comment). */
export function commentEntry(o: {
  readonly comment?: string | undefined;
}): [string, string | undefined] {
  return ['comment', o.comment === undefined ? undefined : tsString(o.comment)];
}
