import { expect, it } from 'vitest';
import { shortTypeName, wrapLongLines } from '../../../src/core/codegen/ts-literal.js';

it('wraps long generated lines one item per line, leaving short ones and strings alone', () => {
  const long =
    "op.addColumn('subscriptions', 'current_period_start', { type: 'timestamptz', nullable: false, default: sql`now()`, comment: 'a, (b)' });";
  expect(wrapLongLines(long, 96)).toBe(
    [
      'op.addColumn(',
      "  'subscriptions',",
      "  'current_period_start',",
      "  { type: 'timestamptz', nullable: false, default: sql`now()`, comment: 'a, (b)' },",
      ');',
    ].join('\n'),
  );
  expect(wrapLongLines("op.dropTable('users');", 96)).toBe("op.dropTable('users');");
  // An item still too long is broken again.
  expect(wrapLongLines(long, 60).split('\n').slice(3, 9)).toEqual([
    '  {',
    "    type: 'timestamptz',",
    '    nullable: false,',
    '    default: sql`now()`,',
    "    comment: 'a, (b)',",
    '  },',
  ]);
});

it('spells types the way migrations are written', () => {
  expect(shortTypeName('timestamp with time zone')).toBe('timestamptz');
  expect(shortTypeName('timestamp(3) with time zone')).toBe('timestamp(3) with time zone');
  expect(shortTypeName('character varying(255)[]')).toBe('varchar(255)[]');
  expect(shortTypeName('text')).toBe('text');
});
