import { describe, expect, test } from 'vitest';
import { lintStatements } from '../../src/core/lint/engine.js';
import { createLintSession } from '../../src/core/lint/lint-session.js';
import { changesToOps } from '../../src/core/codegen/changes-to-ops.js';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import { createOpRecorder } from '../../src/core/ops/op-recorder.js';
import { sql } from '../../src/core/ops/sql-expression.js';
import { columnOfType, defineSchema, exclude, integer, table } from '../../src/index.js';
import type { Op } from '../../src/core/ops/op.js';
import { loadParser } from '../../src/parser/parse-sql.js';
import { renderedToLintStatements } from '../../src/parser/lint-input.js';

/** Lints what op calls render, one migration per function, sharing a session (oldest first). */
async function lintOps(...migrations: ((op: Op) => void)[]) {
  await loadParser();
  const session = createLintSession();
  return migrations.flatMap((upgrade) => {
    const recorder = createOpRecorder({ file: 'migrations/x.ts' });
    upgrade(recorder.op);
    return lintStatements(renderedToLintStatements(recorder.take()), { session });
  });
}

describe('the op API’s safe forms lint clean (what autogenerate emits for existing tables)', () => {
  test('concurrent index and concurrent drop', async () => {
    const d = await lintOps((op) => {
      op.createIndex('grants_user_id_idx', 'grants', ['user_id'], { concurrently: true });
      op.dropIndex('grants_old_idx', { concurrently: true });
    });
    // Only the advisory prefer-robust-stmts (info): the renderer writes no IF [NOT] EXISTS.
    expect(d.filter((x) => x.severity !== 'info')).toEqual([]);
    expect(d.map((x) => x.rule)).toEqual(['prefer-robust-stmts', 'prefer-robust-stmts']);
  });

  test('foreign key NOT VALID, validated in the next migration', async () => {
    const d = await lintOps(
      (op) =>
        op.createForeignKey('grants_user_id_fkey', 'grants', {
          columns: ['user_id'],
          references: { table: 'users', columns: ['id'] },
          notValid: true,
        }),
      (op) => op.validateConstraint('grants_user_id_fkey', 'grants'),
    );
    expect(d.map((x) => `${x.rule}: ${x.statement}`)).toEqual([]);
  });

  test('op.commit() puts the validation in a later transaction of the same migration', async () => {
    const addAndValidate = (commit: boolean) => (op: Op) => {
      op.createForeignKey('grants_user_id_fkey', 'grants', {
        columns: ['user_id'],
        references: { table: 'users', columns: ['id'] },
        notValid: true,
      });
      op.createCheckConstraint('grants_user_id_not_null', 'grants', 'user_id IS NOT NULL', {
        notValid: true,
      });
      if (commit) op.commit();
      op.validateConstraint('grants_user_id_fkey', 'grants');
      op.validateConstraint('grants_user_id_not_null', 'grants');
      op.alterColumn('grants', 'user_id', { nullable: false });
      op.dropConstraint('grants_user_id_not_null', 'grants');
    };
    expect((await lintOps(addAndValidate(true))).map((x) => x.rule)).toEqual([]);
    expect((await lintOps(addAndValidate(false))).map((x) => x.code)).toEqual(['RT108', 'RT108']);
  });

  test('NOT NULL through a validated check', async () => {
    const d = await lintOps(
      (op) =>
        op.createCheckConstraint('grants_user_id_not_null', 'grants', 'user_id IS NOT NULL', {
          notValid: true,
        }),
      (op) => {
        op.validateConstraint('grants_user_id_not_null', 'grants');
        op.alterColumn('grants', 'user_id', { nullable: false });
        op.dropConstraint('grants_user_id_not_null', 'grants');
      },
    );
    expect(d.map((x) => `${x.rule}: ${x.statement}`)).toEqual([]);
  });

  test('unsafe forms are flagged', async () => {
    const d = await lintOps((op) => {
      op.createIndex('grants_title_idx', 'grants', ['title']);
      op.createUniqueConstraint('users_email_key', 'users', ['email']);
    });
    expect(d.map((x) => x.rule)).toEqual(
      expect.arrayContaining(['require-concurrent-index-creation', 'disallowed-unique-constraint']),
    );
  });

  test('autogenerate marks EXCLUDE and SET LOGGED / UNLOGGED on a live table with lintIgnore', async () => {
    const bookings = (v2: boolean) =>
      table(
        'bookings',
        { room: integer(), during: columnOfType('tstzrange') },
        (t) => (v2 ? [exclude('bookings_no_overlap').on([t.room, '='], [t.during, '&&'])] : []),
        { unlogged: v2 },
      );
    const [v1, v2] = [false, true].map((v) =>
      declarationToModel(defineSchema({ tables: [bookings(v)] })),
    );
    const code = changesToOps(diffSchemas(v1!, v2!), v2!);
    expect(code).toContain('lintIgnore');
    const d = await lintOps((op) => {
      (new Function('op', 'sql', code) as (o: Op, s: typeof sql) => void)(op, sql);
    });
    expect(d.map((x) => `${x.rule}: ${x.statement}`)).toEqual([]);
    // Without the annotations, both are flagged.
    const bare = await lintOps((op) => {
      op.execute('ALTER TABLE bookings SET UNLOGGED');
      op.execute(
        'ALTER TABLE bookings ADD CONSTRAINT x EXCLUDE USING gist (room WITH =, during WITH &&)',
      );
    });
    expect(bare.map((x) => x.rule)).toEqual([
      'changing-table-persistence',
      'disallowed-unique-constraint',
    ]);
  });
});
