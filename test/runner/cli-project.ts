import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, seedPglite, tempProject, type CliRun } from '../support/cli.js';

export const REV = { users: 'a1a1a1a1a1a1', posts: 'b2b2b2b2b2b2', tags: 'c3c3c3c3c3c3' } as const;

/** The three revisions every CLI test uses: SQL, TypeScript (op API), SQL with CONCURRENTLY. */
export const USERS_SQL = `-- revision: ${REV.users}
-- revises:
-- message: create users

-- retort:upgrade
CREATE TABLE users (
  id serial PRIMARY KEY,
  email text NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);

-- retort:downgrade
DROP TABLE users;
`;

export const POSTS_TS = `import { defineMigration } from 'retort-pg';

export default defineMigration({
  revision: '${REV.posts}',
  revises: '${REV.users}',
  message: 'create posts',
  upgrade(op) {
    op.createTable('posts', {
      id: { type: 'serial', primaryKey: true },
      user_id: { type: 'integer', nullable: false, references: { table: 'users', column: 'id', onDelete: 'cascade' } },
      title: { type: 'text' },
    });
  },
  downgrade(op) {
    op.dropTable('posts');
  },
});
`;

export const TAGS_SQL = `-- revision: ${REV.tags}
-- revises: ${REV.posts}
-- message: tags

-- retort:upgrade
CREATE TABLE tags (id int PRIMARY KEY, name text);
CREATE INDEX CONCURRENTLY tags_name ON tags (name);

-- retort:downgrade
DROP TABLE tags;
`;

/** A temp project with the three revisions and a config pointing at `databaseUrl`. */
export async function cliProject(
  databaseUrl: string,
  extraConfig = '',
): Promise<{
  dir: string;
  run(...args: string[]): Promise<CliRun>;
  write(name: string, text: string): void;
}> {
  const dir = tempProject('retort-runner-cli-');
  const local = /^pglite:\.\/(.+)$/.exec(databaseUrl);
  if (local) await seedPglite(dir, local[1]);
  mkdirSync(join(dir, 'migrations'));
  const write = (name: string, text: string): void => writeFileSync(join(dir, name), text);
  write(
    'retort.config.mjs',
    `export default { migrationsDir: 'migrations', databaseUrl: ${JSON.stringify(databaseUrl)}${extraConfig} };\n`,
  );
  write(`migrations/${REV.users}_create_users.sql`, USERS_SQL);
  write(`migrations/${REV.posts}_create_posts.ts`, POSTS_TS);
  write(`migrations/${REV.tags}_tags.sql`, TAGS_SQL);
  return { dir, write, run: (...args) => runCli(args, { cwd: dir }) };
}
