import { describe, expect, test } from 'vitest';
import { lintStatements } from '../../src/core/lint/engine.js';
import { createLintSession } from '../../src/core/lint/lint-session.js';
import { createOpRecorder } from '../../src/core/ops/op-recorder.js';
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
});
