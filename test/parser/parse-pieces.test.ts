import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLinter } from '../../src/core/lint/engine.js';
import { loadParser, parseStatements, SqlSyntaxError } from '../../src/parser/parse-sql.js';
import { readRevisionFiles, type RevisionFile } from '../../src/project/revision-files.js';
import { lintWalk } from '../../src/runner/lint-revisions.js';
import { createMigrationLoader } from '../../src/runner/prepared-migration.js';

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

describe('linting a long text in bounded memory', () => {
  beforeAll(loadParser);

  /** A revision file of `count` INSERTs (and `tail` at the end of its upgrade). */
  async function bigRevision(count: number, tail = ''): Promise<RevisionFile> {
    const dir = mkdtempSync(join(tmpdir(), 'retort-bounded-'));
    const rows: string[] = [];
    for (let i = 0; i < count; i++)
      rows.push(`INSERT INTO k (id, note) VALUES (${i}, 'row ${i}');`);
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(
      join(dir, 'migrations', 'b00000000000_big.sql'),
      `-- revision: b00000000000\n-- message: big\n\n-- retort:upgrade\n${rows.join('\n')}\n${tail}\n-- retort:downgrade\n`,
    );
    const [file] = await readRevisionFiles(join(dir, 'migrations'), dir, { cache: false });
    return file!;
  }

  it('lints each statement once its piece is parsed, before the rest of the text', async () => {
    const file = await bigRevision(5000, 'SELEC 1;\n');
    let linted = 0;
    await expect(
      lintWalk(createMigrationLoader(), file, true, () => {
        linted++;
      }),
    ).rejects.toBeInstanceOf(SqlSyntaxError);
    // Trees were handed to the linter piece by piece: most of the text was linted before the
    // parser reached the error at its end.
    expect(linted).toBeGreaterThan(2500);
  });

  it('keeps a small record per statement, not its tree (heap growth per statement)', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const file = await bigRevision(5000);
    const linter = createLinter();
    const heap: number[] = [];
    let n = 0;
    const prepared = await lintWalk(createMigrationLoader(), file, true, (statement) => {
      linter.lint(statement);
      if (++n === 1000 || n === 5000) {
        gc();
        heap.push(process.memoryUsage().heapUsed);
      }
    });
    // A statement's tree is ~400 bytes, its record (text slice, line, unit) under 150: the heap
    // grows by the records only, whatever the number of statements.
    expect((heap[1]! - heap[0]!) / 4000).toBeLessThan(300);
    expect(linter.finish()).toEqual([]);
    expect(prepared.statements).toHaveLength(5000);
    expect(prepared.statements.some((s) => s.ast !== undefined)).toBe(false);
  });
});
