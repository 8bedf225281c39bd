import { expect } from 'vitest';

/**
 * Generated TypeScript with its line wrapping undone (autogenerate and pull wrap long calls at
 * 100 columns, Prettier-style): assertions name an op call or a builder chain as one line, and
 * still pass when the printer decides to break it.
 *
 * @example
 * flat("op.createIndex('i', 't', ['a'], {\n  concurrently: true,\n});") // "op.createIndex('i', 't', ['a'], { concurrently: true });"
 */
export function flat(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/,\s+([}\]])/g, ' $1')
    .replace(/,\s+\)/g, ')')
    .replace(/([[(]) /g, '$1')
    .replace(/ ([\])])/g, '$1');
}

/** `expect(text).toContain(…)` on generated code, both sides {@link flat}tened. */
export function expectText(text: string): {
  toContain(expected: string): void;
  not: { toContain(expected: string): void };
} {
  return {
    toContain: (expected) => expect(flat(text)).toContain(flat(expected)),
    not: { toContain: (expected) => expect(flat(text)).not.toContain(flat(expected)) },
  };
}
