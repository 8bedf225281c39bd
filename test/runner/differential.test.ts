import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RevisionGraph } from '../../src/core/revisions/revision-graph.js';
import { planUpgrade } from '../../src/core/revisions/plan-steps.js';
import type { LintStatement } from '../../src/core/lint/diagnostic.js';
import type { Statement } from '../../src/core/sql/statement.js';
import { connect } from '../../src/database/connect.js';
import { ensureVersionTables } from '../../src/database/version-table.js';
import { readRevisionFiles, type RevisionFile } from '../../src/project/revision-files.js';
import type { ExecutionTarget } from '../../src/runner/execution-target.js';
import { lintWalk } from '../../src/runner/lint-revisions.js';
import { offlineTarget } from '../../src/runner/offline-target.js';
import { onlineTarget } from '../../src/runner/online-target.js';
import {
  createMigrationLoader,
  type MigrationLoader,
} from '../../src/runner/prepared-migration.js';
import { runPlan } from '../../src/runner/run-plan.js';
import { REPO_ROOT } from '../support/cli.js';

/*
 * The promise of one pipeline: the statements and transaction boundaries the linter saw are the
 * ones the runner sent and the ones --sql printed, for every migration of the lint corpus, the
 * safe-forms shapes and both examples.
 */

interface Group {
  readonly tx: boolean;
  readonly sql: string[];
}

const names = { schema: 'public', table: 'retort_version' };
const settings = {
  names,
  transaction: 'per-migration' as const,
  lockTimeoutMs: 5000,
  statementTimeoutMs: 0,
  lockRetries: 0,
  toolVersion: 'test',
};

/** What the linter reads, as transaction groups (its statements' transactional/commitBefore). */
async function linterGroups(loader: MigrationLoader, file: RevisionFile): Promise<Group[]> {
  const linted: LintStatement[] = [];
  await lintWalk(loader, file, false, (s) => linted.push(s));
  const groups: Group[] = [];
  let open: { tx: boolean; sql: string[] } | undefined;
  for (const s of linted) {
    if (s.transactional === false) {
      groups.push({ tx: false, sql: [s.sql] });
      open = undefined;
      continue;
    }
    if (open === undefined || s.commitBefore === true) {
      open = { tx: true, sql: [] };
      groups.push(open);
    }
    open.sql.push(s.sql);
  }
  return groups;
}

/** Wraps a target, recording every statement it is given and where transactions open and close. */
function recording(inner: ExecutionTarget): { target: ExecutionTarget; groups: Group[] } {
  const groups: Group[] = [];
  let open: Group | undefined;
  const target: ExecutionTarget = {
    get online() {
      return inner.online;
    },
    get inTransaction() {
      return inner.inTransaction;
    },
    async begin(s) {
      await inner.begin(s);
      open = { tx: true, sql: [] };
      groups.push(open);
    },
    async commit(last) {
      await inner.commit(last);
      open = undefined;
    },
    async rollback() {
      await inner.rollback();
      open = undefined;
    },
    async statement(statement: Statement) {
      await inner.statement(statement);
      if (open) open.sql.push(statement.sql);
      else groups.push({ tx: false, sql: [statement.sql] });
    },
    bookkeeping: (sql) => inner.bookkeeping(sql),
    comment: (text) => inner.comment(text),
    ...(inner.query ? { query: inner.query.bind(inner) } : {}),
    ...(inner.lockHolders ? { lockHolders: inner.lockHolders.bind(inner) } : {}),
    ...(inner.transaction
      ? {
          transaction: {
            async run(s, statements, bookkeeping) {
              await inner.transaction!.run(s, statements, bookkeeping);
              groups.push({ tx: true, sql: statements.map((st) => st.sql) });
            },
          },
        }
      : {}),
  };
  return { target, groups };
}

/** A migrations directory of SQL revisions, one per text, in a chain. */
function sqlProject(texts: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'retort-diff-'));
  texts.forEach((text, i) => {
    const id = `d${i.toString(16).padStart(11, '0')}`;
    const parent = i === 0 ? '' : `d${(i - 1).toString(16).padStart(11, '0')}`;
    writeFileSync(
      join(dir, `${id}_m.sql`),
      `-- revision: ${id}\n-- revises: ${parent}\n-- message: m\n\n-- retort:upgrade\n${text}\n\n-- retort:downgrade\nSELECT 1;\n`,
    );
  });
  return dir;
}

async function compareOffline(dir: string, rootDir: string): Promise<number> {
  const files = await readRevisionFiles(dir, rootDir, { cache: false });
  const graph = new RevisionGraph(files);
  const byId = new Map(files.map((f) => [f.id, f]));
  const steps = planUpgrade(graph, [], 'heads');
  const loader = createMigrationLoader();
  const offline = offlineTarget();
  const { target, groups } = recording(offline);
  await runPlan({ ...settings, steps, target, files: byId, loader });
  const expected: Group[] = [];
  for (const step of steps)
    expected.push(...(await linterGroups(loader, step.revision as RevisionFile)));
  // Empty migrations still open and close their bookkeeping transaction.
  expect(groups.filter((g) => g.sql.length > 0)).toEqual(expected.filter((g) => g.sql.length > 0));
  // --sql prints each statement, in that order.
  const text = offline.text();
  let at = 0;
  for (const g of expected) {
    for (const sql of g.sql) {
      const found = text.indexOf(`${sql.trimEnd()};`, at);
      expect(found, sql).toBeGreaterThanOrEqual(at);
      at = found;
    }
  }
  return expected.reduce((n, g) => n + g.sql.length, 0);
}

describe('linter units == runner statements == --sql', () => {
  it('every migration of the lint corpus (each file one migration)', async () => {
    const corpus = join(REPO_ROOT, 'test/lint/corpus');
    const texts = readdirSync(corpus)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => readFileSync(join(corpus, f), 'utf8'));
    const dir = sqlProject(texts);
    expect(await compareOffline(dir, dir)).toBeGreaterThan(100);
  }, 300_000);

  it('the boundary shapes: CONCURRENTLY, enum value added then used, retort-commit, non-transactional file', async () => {
    const dir = sqlProject([
      "CREATE TABLE a (id bigint PRIMARY KEY, m text);\nCREATE INDEX CONCURRENTLY a_m ON a (m);\nCREATE TYPE mood AS ENUM ('x');",
      "ALTER TYPE mood ADD VALUE 'sad';\nSELECT $$sad$$::mood;\nSELECT E'sad'::mood, 'other';",
      'ALTER TABLE a ADD CONSTRAINT a_m CHECK (m <> $$$$) NOT VALID;\n-- retort-commit\nALTER TABLE a VALIDATE CONSTRAINT a_m;',
    ]);
    expect(await compareOffline(dir, dir)).toBe(8);
  }, 120_000);

  for (const example of ['grantfinder', 'raptorflow']) {
    it(`the ${example} example: online on PGlite, recorded at the target, and offline`, async () => {
      const root = join(REPO_ROOT, 'examples', example);
      const files = await readRevisionFiles(join(root, 'migrations'), root, { cache: false });
      const graph = new RevisionGraph(files);
      const byId = new Map(files.map((f) => [f.id, f]));
      const steps = planUpgrade(graph, [], 'heads');
      const db = await connect({ url: 'pglite:memory', rootDir: root });
      try {
        await ensureVersionTables(db, names);
        const loader = createMigrationLoader();
        const { target, groups } = recording(onlineTarget(db));
        await runPlan({ ...settings, steps, target, files: byId, loader });
        const expected: Group[] = [];
        for (const step of steps) {
          const prepared = await loader.prepare(step.revision as RevisionFile, 'up');
          if (prepared.data) {
            // Linted live, statement by statement: what it sent is one transaction.
            const sent = groups.filter((x) => x.sql.length > 0);
            const g = sent[expected.filter((x) => x.sql.length > 0).length];
            expect(g?.tx).toBe(true);
            expected.push(g!);
            continue;
          }
          expected.push(...(await linterGroups(loader, step.revision as RevisionFile)));
        }
        expect(groups.filter((g) => g.sql.length > 0)).toEqual(
          expected.filter((g) => g.sql.length > 0),
        );
      } finally {
        await db.close();
      }
      if (
        !files.some(
          (f) => f.format === 'ts' && /\.query\s*[(<]/.test(readFileSync(f.absolutePath, 'utf8')),
        )
      ) {
        await compareOffline(join(root, 'migrations'), root);
      }
    }, 300_000);
  }
});

void mkdirSync;
