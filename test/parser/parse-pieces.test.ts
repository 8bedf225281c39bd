import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseStatements, SqlSyntaxError } from '../../src/parser/parse-sql.js';

/*
 * Long SQL texts are parsed in pieces cut after a `;` that ends a line. A cut inside a string,
 * a dollar-quoted body, a comment, a rule's actions or a BEGIN ATOMIC body must be undone by
 * joining the piece to the next: the statements, their lines and columns are those of one parse.
 */

const tricky = [
  "INSERT INTO t VALUES (1, 'a;\nb');",
  'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$\nBEGIN\n  PERFORM 1;\n  RETURN 2;\nEND;\n$body$;',
  '/* a block comment;\nthat spans lines; */ SELECT 3;',
  '-- a line comment;\nSELECT 4;',
  'CREATE RULE r AS ON INSERT TO t DO ALSO (\n  INSERT INTO u VALUES (1);\n  INSERT INTO u VALUES (2)\n);',
  'CREATE FUNCTION g() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;',
  "INSERT INTO t VALUES (5, E'x\\';\ny');",
];

function text(repeat: number): string {
  const out: string[] = [];
  for (let i = 0; i < repeat; i++) out.push(...tricky, `INSERT INTO t VALUES (${i}, 'row ${i}');`);
  return out.join('\n') + '\n';
}

const shape = (s: { sql: string; line: number; column: number; kind: string }) => ({
  sql: s.sql,
  line: s.line,
  column: s.column,
  kind: s.kind,
});

describe('parsing a long text in pieces', () => {
  beforeAll(loadParser);

  it('gives the statements, lines and columns of one parse, whatever the piece size', () => {
    const sql = text(6);
    const whole = parseStatements(sql, { lineOffset: 7 }).map(shape);
    expect(whole.length).toBe(6 * (tricky.length + 1));
    for (const pieceChars of [64, 150, 500])
      expect(parseStatements(sql, { lineOffset: 7, pieceChars }).map(shape)).toEqual(whole);
  });

  it("reports a syntax error in the middle where one parse reports it, not a piece's cut", () => {
    const sql = text(3) + 'SELEC 1;\n' + text(3);
    const expected = (() => {
      try {
        parseStatements(sql);
      } catch (error) {
        return error as SqlSyntaxError;
      }
      throw new Error('expected a syntax error');
    })();
    expect(expected).toBeInstanceOf(SqlSyntaxError);
    for (const pieceChars of [64, 150, 500]) {
      let caught: unknown;
      try {
        parseStatements(sql, { pieceChars });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SqlSyntaxError);
      expect([(caught as SqlSyntaxError).line, (caught as SqlSyntaxError).column]).toEqual([
        expected.line,
        expected.column,
      ]);
    }
  });

  it('reports an unterminated string at the end as one parse does', () => {
    const sql = text(2) + "INSERT INTO t VALUES ('never closed;\n";
    expect(() => parseStatements(sql, { pieceChars: 64 })).toThrow(SqlSyntaxError);
  });
});
