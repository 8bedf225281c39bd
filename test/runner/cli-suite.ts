import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cliProject, REV, USERS_SQL } from './cli-project.js';

/** The commands end to end through the real binary; the same on PGlite and PostgreSQL. */
/** Every CLI call spawns a process and, on PGlite, boots the embedded database: minutes on a busy machine. */
const SLOW = 300_000;

export function cliSuite(databaseUrl: () => Promise<string>): void {
  it(
    'upgrade, current, history --indicate-current, downgrade, stamp',
    async () => {
      const p = await cliProject(await databaseUrl());
      expect((await p.run('current')).stdout).toBe('(none: the database is at base)\n');
      const up = await p.run('upgrade', 'head');
      expect(up.stderr).toContain(`upgrade ${REV.users}  create users  (2 statements,`);
      expect(up.stderr).toContain(`upgrade ${REV.tags}  tags  (2 statements,`);
      expect(up.stdout).toMatch(/^Upgraded 3 revisions in .*; now at c3c3c3c3c3c3\.\n$/);
      expect(up.code).toBe(0);
      expect((await p.run('current')).stdout).toBe(`${REV.tags} (head)\n`);
      expect((await p.run('current', '--verbose')).stdout).toContain(
        `Path: migrations/${REV.tags}_tags.sql`,
      );
      expect((await p.run('history', '--indicate-current')).stdout).toContain(
        `${REV.posts} -> ${REV.tags} (head) (current)`,
      );

      const down = await p.run('downgrade', '-1', '--json');
      expect(down.code).toBe(0);
      const json = JSON.parse(down.stdout) as {
        headsAfter: string[];
        steps: { revision: string }[];
      };
      expect(json.headsAfter).toEqual([REV.posts]);
      expect(json.steps.map((s) => s.revision)).toEqual([REV.tags]);
      expect((await p.run('current')).stdout).toBe(`${REV.posts}\n`);

      expect((await p.run('stamp', REV.users)).code).toBe(0);
      expect((await p.run('current')).stdout).toBe(`${REV.users}\n`);
      expect((await p.run('stamp', 'head')).code).toBe(0);
      expect((await p.run('current')).stdout).toBe(`${REV.tags} (head)\n`);
      expect((await p.run('stamp', REV.posts, '--purge')).code).toBe(0);
      expect((await p.run('downgrade', 'base')).code).toBe(0);
      expect((await p.run('current')).stdout).toBe('(none: the database is at base)\n');
      const again = await p.run('upgrade', 'head');
      expect(again.code).toBe(0);
      expect((await p.run('downgrade', 'base')).code).toBe(0);
    },
    SLOW,
  );

  it(
    'refuses an edited applied file (exit 8) until it is accepted',
    async () => {
      const p = await cliProject(await databaseUrl());
      expect((await p.run('upgrade', REV.users)).code).toBe(0);
      p.write(
        `migrations/${REV.users}_create_users.sql`,
        USERS_SQL.replace('-- retort:upgrade', '-- edited\n-- retort:upgrade'),
      );
      const refused = await p.run('upgrade', 'head');
      expect(refused.code).toBe(8);
      expect(refused.stderr).toContain(`migrations/${REV.users}_create_users.sql`);
      expect(refused.stderr).toContain(`--accept-checksum ${REV.users}`);
      expect((await p.run('current')).stdout).toBe(`${REV.users}\n`);
      // Line endings and a BOM are not edits.
      p.write(
        `migrations/${REV.users}_create_users.sql`,
        `\uFEFF${USERS_SQL.replace(/\n/g, '\r\n')}`,
      );
      expect((await p.run('upgrade', REV.posts)).code).toBe(0);
      p.write(
        `migrations/${REV.users}_create_users.sql`,
        USERS_SQL.replace('-- retort:upgrade', '-- edited\n-- retort:upgrade'),
      );
      const accepted = await p.run('upgrade', 'head', '--accept-checksum', REV.users);
      expect(accepted.code).toBe(0);
      expect(accepted.stdout).toContain(`Accepted the edited file of ${REV.users}`);
      expect((await p.run('downgrade', 'base')).code).toBe(0);
    },
    SLOW,
  );

  it(
    'a failing migration: exit 5, revision, file:line, statement, SQLSTATE; nothing applied',
    async () => {
      const p = await cliProject(await databaseUrl());
      p.write(
        `migrations/${REV.tags}_tags.sql`,
        `-- revision: ${REV.tags}\n-- revises: ${REV.posts}\n-- message: tags\n\n-- retort:upgrade\nCREATE TABLE tags (id int);\n\nINSERT INTO tags\n  VALUES ('not a number');\n\n-- retort:downgrade\nDROP TABLE tags;\n`,
      );
      expect((await p.run('upgrade', REV.posts)).code).toBe(0);
      const failed = await p.run('upgrade', 'head');
      expect(failed.code).toBe(5);
      expect(failed.stderr).toContain(`revision ${REV.tags}`);
      expect(failed.stderr).toContain(`migrations/${REV.tags}_tags.sql:9`);
      expect(failed.stderr).toContain("VALUES ('not a number')");
      expect(failed.stderr).toContain('SQLSTATE 22P02');
      expect((await p.run('current')).stdout).toBe(`${REV.posts}\n`);
      const json = JSON.parse((await p.run('upgrade', 'head', '--json')).stdout) as {
        error: string;
        details: { sqlState: string; line: number };
      };
      expect(json).toMatchObject({
        error: 'MIGRATION_FAILED',
        details: { sqlState: '22P02', line: 9 },
      });
      expect((await p.run('downgrade', 'base')).code).toBe(0);
    },
    SLOW,
  );

  it(
    '"relation already exists" explains the likely cause and names stamp',
    async () => {
      const p = await cliProject(await databaseUrl());
      expect((await p.run('upgrade', REV.users)).code).toBe(0);
      expect((await p.run('stamp', 'base', '--purge')).code).toBe(0);
      const failed = await p.run('upgrade', REV.users);
      expect(failed.code).toBe(5);
      expect(failed.stderr).toContain('42P07');
      expect(failed.stderr).toMatch(/hint: .*applied by hand.*retort stamp a1a1a1a1a1a1/);
      expect((await p.run('stamp', REV.users)).code).toBe(0);
      expect((await p.run('downgrade', 'base')).code).toBe(0);
    },
    SLOW,
  );

  it(
    'takes over a database stamped by Alembic',
    async () => {
      const url = await databaseUrl();
      const p = await cliProject(url, ", versionTable: 'alembic_version'");
      // Exactly what Alembic creates and writes.
      const { connect } = await import('../../src/database/connect.js');
      const db = await connect({ url, rootDir: p.dir });
      try {
        await db.exec(
          `CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
         CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);
         CREATE UNIQUE INDEX users_email ON users (email);
         INSERT INTO alembic_version (version_num) VALUES ('${REV.users}');`,
        );
      } finally {
        await db.close();
      }
      expect((await p.run('current')).stdout).toBe(`${REV.users}\n`);
      const up = await p.run('upgrade', 'head');
      expect(up.code).toBe(0);
      expect(up.stderr).not.toContain(`upgrade ${REV.users}`);
      expect((await p.run('current')).stdout).toBe(`${REV.tags} (head)\n`);
      expect((await p.run('downgrade', 'base')).code).toBe(0);
      expect(readFileSync(join(p.dir, 'retort.config.mjs'), 'utf8')).toContain('alembic_version');
    },
    SLOW,
  );

  it(
    '--sql prints the script without connecting; op.query offline is a clear error',
    async () => {
      const p = await cliProject('postgres://nobody:s3cret-pw@203.0.113.1:1/nowhere');
      const sql = await p.run('upgrade', 'head', '--sql');
      expect(sql.code).toBe(0);
      expect(sql.stdout).not.toMatch(/s3cret|203\.0\.113|nobody/);
      expect(sql.stdout).toMatch(/BEGIN;\n[\s\S]*CREATE TABLE users[\s\S]*COMMIT;/);
      expect(sql.stdout).toContain(
        `INSERT INTO "public"."retort_version" (version_num) VALUES ('${REV.users}')`,
      );
      expect(sql.stdout).toContain(
        `UPDATE "public"."retort_version" SET version_num = '${REV.tags}' WHERE version_num = '${REV.posts}'`,
      );
      const stamped = await p.run('stamp', REV.posts, '--sql');
      expect(stamped.code).toBe(0);
      expect(stamped.stdout).toContain(
        `INSERT INTO "public"."retort_version" (version_num) VALUES ('${REV.posts}')`,
      );
      expect(stamped.stdout).not.toContain('CREATE TABLE users');
      const ranged = await p.run('upgrade', `${REV.posts}:head`, '--sql');
      expect(ranged.stdout).not.toContain('CREATE TABLE users');
      const down = await p.run('downgrade', `head:${REV.users}`, '--sql');
      expect(down.stdout).toContain('DROP TABLE tags;');
      expect(down.stdout).not.toContain('DROP TABLE users;');
      p.write(
        `migrations/${REV.tags}_tags.ts`,
        `import { defineMigration } from 'retort-pg';\nexport default defineMigration({\n  revision: '${REV.tags}',\n  revises: '${REV.posts}',\n  message: 'data',\n  async upgrade(op) {\n    await op.query('SELECT 1');\n  },\n  downgrade() {},\n});\n`,
      );
      p.write(`migrations/${REV.tags}_tags.sql`, '');
      const { rmSync } = await import('node:fs');
      rmSync(join(p.dir, `migrations/${REV.tags}_tags.sql`));
      const offline = await p.run('upgrade', 'head', '--sql');
      expect(offline.code).toBe(4);
      expect(offline.stderr).toMatch(/op\.query/);
    },
    SLOW,
  );
}
