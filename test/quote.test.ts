import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteIdent, quoteLiteral } from '../src/core/sql/quote.js';
import { redactSecrets, redactUrl } from '../src/core/redact.js';

describe('quoting', () => {
  it('doubles embedded double quotes in identifiers', () => {
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
    expect(quoteIdent('User')).toBe('"User"');
  });
  it('uses E-strings only when a backslash is present', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(quoteLiteral(null)).toBe('NULL');
  });
  it('never leaves an unbalanced quote (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => !s.includes('\u0000')),
        (s) => {
          const q = quoteIdent(s);
          expect(q.slice(1, -1).replaceAll('""', '')).not.toContain('"');
        },
      ),
    );
  });
});

describe('redaction', () => {
  it('hides URL passwords', () => {
    expect(redactUrl('postgres://alice:s3cret@db:5432/app')).toBe(
      'postgres://alice:***@db:5432/app',
    );
    expect(redactSecrets('connect postgres://bob:pw@h/db failed', ['pw'])).toBe(
      'connect postgres://bob:***@h/db failed',
    );
  });
});
