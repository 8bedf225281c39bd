import { appendFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/project/config-loader.js';
import { migrate } from '../../src/runner/migrate.js';
import { connect } from '../../src/database/connect.js';
import { tempProject } from '../support/cli.js';

/** A project in a temp dir with an embedded PGlite database on disk (survives between runs). */
function project(files: Record<string, string>) {
  const dir = tempProject('retort-pipeline-');
  mkdirSync(join(dir, 'migrations'));
  const write = (name: string, text: string): void => writeFileSync(join(dir, name), text);
  for (const [name, text] of Object.entries(files)) write(`migrations/${name}`, text);
  const config = resolveConfig(
    { migrationsDir: 'migrations', databaseUrl: `pglite:${join(dir, 'db')}` },
    { configFile: undefined, rootDir: dir, env: {} },
  );
  const query = async (sql: string): Promise<Record<string, unknown>[]> => {
    const db = await connect({ url: config.databaseUrl, rootDir: dir });
    try {
      return (await db.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await db.close();
    }
  };
  return { dir, config, write, query };
}

const sqlRevision = (id: string, revises: string, up: string, down = 'SELECT 1;'): string =>
  `-- revision: ${id}\n-- revises: ${revises}\n-- message: m ${id}\n\n-- retort:upgrade\n${up}\n\n-- retort:downgrade\n${down}\n`;

const BASE = sqlRevision(
  'a00000000001',
  '',
  "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, x bigint);\nCREATE TYPE mood AS ENUM ('happy');\nCREATE TABLE feelings (m mood);",
);

describe('one pipeline: the units the linter reads are the ones the runner runs and --sql prints', () => {
  it('defect 1: `-- retort-commit` in a .sql file moves the boundary whatever words the file holds', async () => {
    const p = project({
      'a00000000001_base.sql': BASE,
      'b00000000002_check.sql': sqlRevision(
        'b00000000002',
        'a00000000001',
        'ALTER TABLE t ADD CONSTRAINT t_x_positive CHECK (x > 0) NOT VALID;\n-- retort-commit\nALTER TABLE t VALIDATE CONSTRAINT t_x_positive;',
      ),
    });
    const offline = await migrate({
      config: p.config,
      direction: 'up',
      target: 'a00000000001:head',
      sql: true,
    });
    const text = offline.sql!;
    const add = text.indexOf('ADD CONSTRAINT t_x_positive');
    const validate = text.indexOf('VALIDATE CONSTRAINT t_x_positive');
    expect(add).toBeGreaterThan(0);
    const between = text.slice(add, validate);
    expect(between).toContain('COMMIT;');
    expect(between).toContain('BEGIN;');
    const online = await migrate({ config: p.config, direction: 'up', target: 'head' });
    expect(online.steps.map((s) => s.units)).toEqual([1, 2]);
  }, 120_000);

  it('defect 2: an enum value added then used is split by the parse tree, whatever the quoting', async () => {
    const p = project({
      'a00000000001_base.sql': BASE,
      'b00000000002_sad.sql': sqlRevision(
        'b00000000002',
        'a00000000001',
        "ALTER TYPE mood ADD VALUE 'sad';\nINSERT INTO feelings VALUES ($$sad$$::mood);",
      ),
    });
    const result = await migrate({ config: p.config, direction: 'up', target: 'head' });
    expect(result.steps.map((s) => s.units)).toEqual([1, 2]);
    expect(await p.query('SELECT m::text AS m FROM feelings')).toEqual([{ m: 'sad' }]);
  }, 120_000);

  it('defect 3: a second run in one process reads the files again (statements and checksums)', async () => {
    const p = project({ 'a00000000001_base.sql': BASE });
    const second = (up: string): string => sqlRevision('b00000000002', 'a00000000001', up);
    p.write('migrations/b00000000002_more.sql', second('CREATE TABLE old_name (id bigint);'));
    await migrate({ config: p.config, direction: 'up', target: 'a00000000001' });
    const preview = await migrate({
      config: p.config,
      direction: 'up',
      target: 'a00000000001:head',
      sql: true,
    });
    expect(preview.sql).toContain('old_name');
    p.write('migrations/b00000000002_more.sql', second('CREATE TABLE new_name (id bigint);'));
    await migrate({ config: p.config, direction: 'up', target: 'head' });
    const tables = await p.query(
      "SELECT tablename FROM pg_tables WHERE tablename IN ('old_name', 'new_name')",
    );
    expect(tables).toEqual([{ tablename: 'new_name' }]);
    // An applied file edited between two calls is detected.
    p.write('migrations/b00000000002_more.sql', second('CREATE TABLE third_name (id bigint);'));
    await expect(
      migrate({ config: p.config, direction: 'up', target: 'head' }),
    ).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
    });
  }, 120_000);

  it('defect 4: TypeScript migration code runs once per run (upgrade, --sql, failed then resumed)', async () => {
    const p = project({ 'a00000000001_base.sql': BASE });
    const log = join(p.dir, 'calls.log');
    const calls = (): number =>
      existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0;
    const ts = (id: string, revises: string, body: string): string =>
      `import { appendFileSync } from 'node:fs';\nimport { defineMigration } from 'retort-pg';\nexport default defineMigration({\n  revision: '${id}',\n  revises: '${revises}',\n  message: 'side effect',\n  upgrade(op) {\n    appendFileSync(${JSON.stringify(log)}, 'up\\n');\n${body}\n  },\n  downgrade(op) {},\n});\n`;
    p.write(
      'migrations/b00000000002_effect.ts',
      ts('b00000000002', 'a00000000001', "    op.execute('CREATE TABLE effect (id bigint)');"),
    );
    await migrate({ config: p.config, direction: 'up', target: 'a00000000001:head', sql: true });
    expect(calls()).toBe(1);
    await migrate({ config: p.config, direction: 'up', target: 'head' });
    expect(calls()).toBe(2);

    // Two units; the second fails until a table exists; the run is resumed.
    p.write(
      'migrations/c00000000003_effect.ts',
      ts(
        'c00000000003',
        'b00000000002',
        "    op.execute('CREATE TABLE effect2 (id bigint)');\n    op.commit();\n    op.execute('INSERT INTO later (id) VALUES (1)');",
      ),
    );
    await expect(
      migrate({ config: p.config, direction: 'up', target: 'head' }),
    ).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
    });
    expect(calls()).toBe(3);
    // The half-done refusal quotes the next statement (prepared once for that run).
    const refused = await migrate({ config: p.config, direction: 'up', target: 'head' }).catch(
      (e: Error) => e,
    );
    expect((refused as Error).message).toContain('INSERT INTO later (id) VALUES (1)');
    expect(calls()).toBe(4);
    await p.query('CREATE TABLE later (id bigint)');
    await migrate({ config: p.config, direction: 'up', target: 'head', resume: true });
    expect(calls()).toBe(5);
    expect(await p.query('SELECT id FROM later')).toEqual([{ id: 1 }]);
  }, 180_000);

  it('a data migration runs once, live, each produced statement linted before it is sent', async () => {
    const p = project({ 'a00000000001_base.sql': BASE });
    const log = join(p.dir, 'data.log');
    const data = (id: string, revises: string, body: string): string =>
      `import { appendFileSync } from 'node:fs';\nimport { defineMigration } from 'retort-pg';\nexport default defineMigration({\n  revision: '${id}',\n  revises: '${revises}',\n  message: 'data',\n  async upgrade(op) {\n    appendFileSync(${JSON.stringify(log)}, 'up\\n');\n${body}\n  },\n  downgrade(op) {},\n});\n`;
    p.write(
      'migrations/b00000000002_data.ts',
      data(
        'b00000000002',
        'a00000000001',
        "    op.execute('INSERT INTO t (x) VALUES (5)');\n    const rows = await op.query('SELECT count(*)::int AS n FROM t');\n    if (rows[0].n === 1) op.execute('CREATE TABLE seen_one (id bigint)');\n    else op.execute('CREATE TABLE seen_other (id bigint)');",
      ),
    );
    await migrate({ config: p.config, direction: 'up', target: 'head' });
    expect(readFileSync(log, 'utf8')).toBe('up\n');
    expect(await p.query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'seen_%'")).toEqual([
      { tablename: 'seen_one' },
    ]);
    // A statement produced after a query that the linter refuses: rolled back, nothing kept.
    p.write(
      'migrations/c00000000003_data.ts',
      data(
        'c00000000003',
        'b00000000002',
        "    op.execute('CREATE TABLE kept_not (id bigint)');\n    const rows = await op.query('SELECT 1 AS one');\n    if (rows.length === 1) op.execute('CREATE INDEX t_x ON t (x)');",
      ),
    );
    await expect(
      migrate({ config: p.config, direction: 'up', target: 'head' }),
    ).rejects.toMatchObject({
      code: 'LINT_GATE',
    });
    expect(readFileSync(log, 'utf8')).toBe('up\nup\n');
    expect(await p.query("SELECT tablename FROM pg_tables WHERE tablename = 'kept_not'")).toEqual(
      [],
    );
    expect(await p.query("SELECT indexname FROM pg_indexes WHERE indexname = 't_x'")).toEqual([]);
  }, 180_000);
});

describe('cancellation', () => {
  it('an AbortSignal stops the run between units; the database stays at the last finished one', async () => {
    const p = project({
      'a00000000001_base.sql': BASE,
      'b00000000002_two.sql': sqlRevision(
        'b00000000002',
        'a00000000001',
        'CREATE TABLE two (id bigint);\n-- retort-commit\nCREATE TABLE two_b (id bigint);',
      ),
    });
    const controller = new AbortController();
    const error = await migrate({
      config: p.config,
      direction: 'up',
      target: 'head',
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'unit-done' && event.step.revision.id === 'b00000000002')
          controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MIGRATION_ABORTED', exitCode: 5 });
    expect((error as Error).message).toContain('b00000000002 stopped after 1 of 2 statements');
    const tables = await p.query(
      "SELECT tablename FROM pg_tables WHERE tablename LIKE 'two%' ORDER BY 1",
    );
    expect(tables).toEqual([{ tablename: 'two' }]);
    const resumed = await migrate({
      config: p.config,
      direction: 'up',
      target: 'head',
      resume: true,
    });
    expect(resumed.headsAfter).toEqual(['b00000000002']);
  }, 240_000);
});

describe('the prepared cache: units and lint verdicts by checksum', () => {
  it('a second run reads units and verdicts from the cache, and they are the same', async () => {
    const p = project({
      'a00000000001_base.sql': BASE,
      'b00000000002_more.sql': sqlRevision(
        'b00000000002',
        'a00000000001',
        "ALTER TYPE mood ADD VALUE 'sad';\nINSERT INTO feelings VALUES ($$sad$$::mood);\nCREATE INDEX CONCURRENTLY t_x ON t (x);",
      ),
      'c00000000003_bad.sql': sqlRevision(
        'c00000000003',
        'b00000000002',
        'CREATE INDEX t_id ON t (id);',
      ),
    });
    const script = async (): Promise<string> =>
      (await migrate({ config: p.config, direction: 'up', target: 'base:b00000000002', sql: true }))
        .sql!.split('\n')
        .filter((l) => !l.startsWith('-- retort '))
        .join('\n');
    const cold = await script();
    const cachePath = join(p.dir, '.retort/cache/prepared.json');
    expect(existsSync(cachePath)).toBe(true);
    expect(await script()).toBe(cold);
    const gate = () => migrate({ config: p.config, direction: 'up', target: 'head' });
    await expect(gate()).rejects.toMatchObject({ code: 'LINT_GATE' });
    const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as {
      entries: Record<string, { l?: Record<string, { diagnostics: unknown[] }> }>;
    };
    expect(
      Object.values(cache.entries).filter((e) => e.l !== undefined).length,
    ).toBeGreaterThanOrEqual(3);
    // The cached verdict refuses again; a fixed file has a new checksum and passes.
    await expect(gate()).rejects.toMatchObject({ code: 'LINT_GATE' });
    p.write(
      'migrations/c00000000003_bad.sql',
      sqlRevision('c00000000003', 'b00000000002', 'CREATE INDEX CONCURRENTLY t_id ON t (id);'),
    );
    const result = await gate();
    expect(result.headsAfter).toEqual(['c00000000003']);
  }, 240_000);
});

void appendFileSync;
