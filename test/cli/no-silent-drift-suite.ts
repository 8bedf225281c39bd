import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * No silent drift (issue 14, item 2), shared by PGlite and PostgreSQL: every non-system schema is
 * compared but those `excludeSchemas` names; a `pgSchema` removed from the declaration is a
 * difference; what retort does not model is listed as unmanaged and fails `check --strict`.
 */
export interface DriftProject {
  readonly dir: string;
  readonly env: Record<string, string | undefined>;
  /** Runs SQL on the project's database, outside retort. */
  exec(sql: string): Promise<void>;
}

const WITH_AUDIT = `import { defineSchema, integer, pgSchema, table, text } from 'retort-pg';

const audit = pgSchema('audit');
export const events = audit.table('events', { id: integer().primaryKey(), what: text().notNull() });
export const users = table('users', { id: integer().primaryKey(), email: text().notNull() });
export default defineSchema({ schemas: [audit], tables: [users, events] });
`;

const WITHOUT_AUDIT = `import { defineSchema, integer, table, text } from 'retort-pg';

export const users = table('users', { id: integer().primaryKey(), email: text().notNull() });
export default defineSchema({ tables: [users] });
`;

const config = (extra: string): string =>
  `import { defineConfig } from 'retort-pg';\nexport default defineConfig({ schema: './schema.ts'${extra} });\n`;

interface CheckJson {
  clean: boolean;
  differences: { kind: string; description: string }[];
  unmanaged: { kind: string; schema?: string; name: string }[];
}

export function noSilentDriftSuite(setup: () => Promise<DriftProject>): void {
  let project: DriftProject;
  const retort = (...args: string[]) => runCli(args, { cwd: project.dir, env: project.env });
  const checkJson = async (...args: string[]) => {
    const run = await retort('check', '--json', ...args);
    return { code: run.code, json: JSON.parse(run.stdout) as CheckJson };
  };

  beforeAll(async () => {
    project = await setup();
    writeFileSync(join(project.dir, 'retort.config.ts'), config(", excludeSchemas: ['auth']"));
    writeFileSync(join(project.dir, 'schema.ts'), WITH_AUDIT);
    expect((await retort('revision', '--autogenerate', '-m', 'users and audit')).code).toBe(0);
    expect((await retort('upgrade', 'head')).code).toBe(0);
  }, 300_000);

  it('excludeSchemas: another tool’s schema is neither compared nor reported', async () => {
    await project.exec(
      'CREATE SCHEMA auth; CREATE TABLE auth.identities (id int); CREATE VIEW auth.me AS SELECT 1 AS one;',
    );
    const { code, json } = await checkJson();
    expect(json.differences).toEqual([]);
    expect(json.unmanaged).toEqual([]);
    expect(code).toBe(0);
  }, 300_000);

  it('a schema neither declared nor excluded is a difference (its tables with it)', async () => {
    await project.exec('CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int);');
    const { code, json } = await checkJson();
    expect(code).toBe(1);
    expect(json.differences.map((d) => d.description).join('\n')).toMatch(/billing/);
    // `--exclude` on the command line adds to the config's list.
    const excluded = await checkJson('--exclude', 'billing');
    expect(excluded.code).toBe(0);
    await project.exec('DROP SCHEMA billing CASCADE;');
  }, 300_000);

  it('removing pgSchema(audit) from the declaration: check and autogenerate see it', async () => {
    writeFileSync(join(project.dir, 'schema.ts'), WITHOUT_AUDIT);
    const { code, json } = await checkJson();
    expect(code).toBe(1);
    const described = json.differences.map((d) => d.description).join('\n');
    expect(described).toMatch(/audit/);
    expect(json.differences.map((d) => d.kind)).toEqual(
      expect.arrayContaining(['DropTable', 'DropSchema']),
    );
    // Against the migrations' head too.
    expect((await retort('check', '--migrations')).code).toBe(1);
    const before = readdirSync(join(project.dir, 'migrations')).length;
    const generated = await retort('revision', '--autogenerate', '-m', 'drop audit');
    expect(generated.code).toBe(0);
    const files = readdirSync(join(project.dir, 'migrations')).sort();
    expect(files).toHaveLength(before + 1);
    const written = files
      .map((f) => readFileSync(join(project.dir, 'migrations', f), 'utf8'))
      .find((t) => t.includes('drop audit'));
    expect(written).toMatch(/dropSchema\('audit'|DROP SCHEMA/);
    expect((await retort('upgrade', 'head')).code).toBe(0);
    expect((await checkJson()).code).toBe(0);
  }, 300_000);

  it('what retort does not model is listed as unmanaged; --strict fails on it', async () => {
    await project.exec('CREATE PUBLICATION retort_drift_pub;');
    const plain = await retort('check');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('retort_drift_pub');
    const { code, json } = await checkJson('--strict');
    expect(code).toBe(1);
    expect(json.clean).toBe(false);
    expect(json.unmanaged).toEqual([{ kind: 'publication', name: 'retort_drift_pub' }]);
    await project.exec('DROP PUBLICATION retort_drift_pub;');
    expect((await retort('check', '--strict')).code).toBe(0);
  }, 300_000);
}
