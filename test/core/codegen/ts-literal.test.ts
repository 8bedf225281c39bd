import { expect, it } from 'vitest';
import { shortTypeName, wrapLongLines } from '../../../src/core/codegen/ts-literal.js';

it('wraps long generated lines as Prettier does, leaving short ones and strings alone', () => {
  const long =
    "op.addColumn('subscriptions', 'current_period_start', { type: 'timestamptz', nullable: false, default: sql`now()`, comment: 'a, (b)' });";
  // The last object argument is hugged.
  expect(wrapLongLines(long, 96)).toBe(
    [
      "op.addColumn('subscriptions', 'current_period_start', {",
      "  type: 'timestamptz',",
      '  nullable: false,',
      '  default: sql`now()`,',
      "  comment: 'a, (b)',",
      '});',
    ].join('\n'),
  );
  expect(wrapLongLines("op.dropTable('users');", 96)).toBe("op.dropTable('users');");
  // When the opening line would not fit, one argument per line; an item still too long is broken again.
  expect(wrapLongLines(`    ${long}`, 50)).toBe(
    [
      '    op.addColumn(',
      "      'subscriptions',",
      "      'current_period_start',",
      '      {',
      "        type: 'timestamptz',",
      '        nullable: false,',
      '        default: sql`now()`,',
      "        comment: 'a, (b)',",
      '      },',
      '    );',
    ].join('\n'),
  );
});

it('spells types the way migrations are written', () => {
  expect(shortTypeName('timestamp with time zone')).toBe('timestamptz');
  expect(shortTypeName('timestamp(3) with time zone')).toBe('timestamptz(3)');
  expect(shortTypeName('timestamp(6) without time zone[]')).toBe('timestamp(6)[]');
  expect(shortTypeName('time with time zone')).toBe('timetz');
  expect(shortTypeName('character varying(255)[]')).toBe('varchar(255)[]');
  expect(shortTypeName('character(2)')).toBe('char(2)');
  expect(shortTypeName('bit varying(8)')).toBe('varbit(8)');
  expect(shortTypeName('text')).toBe('text');
  expect(shortTypeName('double precision')).toBe('double precision');
});
