import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/core/runner/split-statements.js';
import { loadParser, parseStatements } from '../../src/parser/parse-sql.js';

describe('splitStatements (lexical, for the runner)', () => {
  it('splits at top-level semicolons only, with lines', () => {
    const text = [
      '-- header; not a statement',
      'CREATE TABLE a (s text DEFAULT \';\', "we;ird" int);',
      "/* block; /* nested; */ still; */ INSERT INTO a VALUES (E'it\\'s;', 'x''y;');",
      'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;',
      'SELECT $1::int, $$a;b$$',
      '',
      ';;',
    ].join('\n');
    expect(splitStatements(text, 10)).toEqual([
      { sql: 'CREATE TABLE a (s text DEFAULT \';\', "we;ird" int)', line: 12 },
      { sql: "INSERT INTO a VALUES (E'it\\'s;', 'x''y;')", line: 13 },
      { sql: 'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql', line: 14 },
      { sql: 'SELECT $1::int, $$a;b$$', line: 15 },
    ]);
  });

  it('gives up on BEGIN ATOMIC bodies', () => {
    expect(
      splitStatements('CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;'),
    ).toBeUndefined();
  });

  it('agrees with PostgreSQL’s parser on statement count and lines', async () => {
    await loadParser();
    const text =
      "CREATE TYPE mood AS ENUM ('a;', 'b');\n\nALTER TABLE t\n  ADD COLUMN c int; -- trailing\nCOMMENT ON TABLE t IS 'x;y';\nDO $$ BEGIN PERFORM 1; END $$;";
    const parsed = parseStatements(text).map((p) => ({ sql: p.sql, line: p.line }));
    expect(splitStatements(text)).toEqual(parsed);
  });
});
