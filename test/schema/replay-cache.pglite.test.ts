import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayMigrations } from '../../src/commands/replay-to-head.js';
import { KEPT_SNAPSHOTS, replayChain, type ReplaySalt } from '../../src/commands/replay-cache.js';
import { loadConfig } from '../../src/project/config-loader.js';
import type { SchemaModel } from '../../src/core/model/schema-model.js';
import { bytesBlob } from '../../src/database/pglite-pristine.js';

/** A SQL revision file. */
const revision = (id: string, revises: string | null, up: string, down: string): string =>
  [
    `-- revision: ${id}`,
    `-- revises: ${revises ?? ''}`,
    `-- message: ${id}`,
    '',
    '-- retort:upgrade',
    up,
    '',
    '-- retort:downgrade',
    down,
    '',
  ].join('\n');

const columns = (model: SchemaModel, table: string): string[] =>
  model.tables.find((t) => t.name === table)?.columns.map((c) => `${c.name} ${c.type}`) ?? [];

describe('the replay of the migrations is cached by the chain of revision checksums', () => {
  let dir: string;
  const cache = (): string => join(dir, '.retort', 'cache');
  const write = (file: string, text: string): void =>
    writeFileSync(join(dir, 'migrations', file), text);
  const replay = async () => replayMigrations(await loadConfig({ cwd: dir, env: {} }), [], cache());

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'retort-replay-cache-'));
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(
      join(dir, 'retort.config.mjs'),
      "export default { migrationsDir: 'migrations', databaseUrl: 'pglite:memory' };\n",
    );
    write(
      'a1_users.sql',
      revision('a1', null, 'CREATE TABLE users (id int);', 'DROP TABLE users;'),
    );
    write(
      'b2_email.sql',
      revision(
        'b2',
        'a1',
        'ALTER TABLE users ADD COLUMN email text;',
        'ALTER TABLE users DROP COLUMN email;',
      ),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays everything once, then reads an unchanged history from the cache', async () => {
    const first = await replay();
    expect(first.source).toBe('scratch');
    expect(first.replayed).toEqual(['a1', 'b2']);
    expect(columns(first.model, 'users')).toEqual(['id integer', 'email text']);

    const again = await replay();
    expect(again.source).toBe('cache');
    expect(again.replayed).toEqual([]);
    expect(again.model).toEqual(first.model);
  }, 120_000);

  it('runs only a revision added on top, from the saved state of the history below it', async () => {
    write(
      'c3_posts.sql',
      revision('c3', 'b2', 'CREATE TABLE posts (id int, title text);', 'DROP TABLE posts;'),
    );
    const grown = await replay();
    expect(grown.source).toBe('snapshot');
    expect(grown.replayed).toEqual(['c3']);
    expect(grown.model.tables.map((t) => t.name).sort()).toEqual(['posts', 'users']);
    expect(columns(grown.model, 'users')).toEqual(['id integer', 'email text']);
  }, 120_000);

  it('replays a revision whose file changed, never the stale cached schema', async () => {
    write(
      'b2_email.sql',
      revision(
        'b2',
        'a1',
        'ALTER TABLE users ADD COLUMN email varchar(200);',
        'ALTER TABLE users DROP COLUMN email;',
      ),
    );
    const edited = await replay();
    expect(edited.source).toBe('scratch');
    expect(edited.replayed).toEqual(['a1', 'b2', 'c3']);
    expect(columns(edited.model, 'users')).toEqual(['id integer', 'email character varying(200)']);
    expect(edited.model.tables.map((t) => t.name).sort()).toEqual(['posts', 'users']);
  }, 120_000);

  it('replays a history whose last revision changed from the state below it', async () => {
    write(
      'c3_posts.sql',
      revision('c3', 'b2', 'CREATE TABLE posts (id bigint);', 'DROP TABLE posts;'),
    );
    // The snapshot at b2 is not kept (only the heads' states are saved): everything runs again.
    const edited = await replay();
    expect(edited.replayed).toContain('c3');
    expect(columns(edited.model, 'posts')).toEqual(['id bigint']);
    expect(
      readdirSync(cache()).filter((f) => f.endsWith('.tar') && f.startsWith('replay-')).length,
    ).toBeLessThanOrEqual(KEPT_SNAPSHOTS);
  }, 120_000);
});

describe('replayChain', () => {
  const salt: ReplaySalt = {
    retort: '1.0.0',
    pglite: '0.5.16',
    extensions: [],
    names: { table: 'retort_version', schema: 'public' },
  };
  const text = (s: string) => new TextEncoder().encode(s);
  const base = replayChain(
    [
      { id: 'a', text: text('one') },
      { id: 'b', text: text('two') },
    ],
    salt,
  );

  it('shares the keys of an unchanged prefix and changes every key from an edit on', () => {
    const grown = replayChain(
      [
        { id: 'a', text: text('one') },
        { id: 'b', text: text('two') },
        { id: 'c', text: text('three') },
      ],
      salt,
    );
    expect(grown.slice(0, 3)).toEqual(base);
    const edited = replayChain(
      [
        { id: 'a', text: text('ONE') },
        { id: 'b', text: text('two') },
      ],
      salt,
    );
    expect(edited[0]).toBe(base[0]);
    expect(edited[1]).not.toBe(base[1]);
    expect(edited[2]).not.toBe(base[2]);
  });

  it('changes with the retort version, the PGlite version, the extensions and the version table', () => {
    const revisions = [{ id: 'a', text: text('one') }];
    const at = (s: Partial<ReplaySalt>) => replayChain(revisions, { ...salt, ...s })[1];
    const plain = at({});
    expect(at({ retort: '1.0.1' })).not.toBe(plain);
    expect(at({ pglite: '0.5.17' })).not.toBe(plain);
    expect(at({ extensions: ['pgcrypto'] })).not.toBe(plain);
    expect(at({ names: { table: 'alembic_version', schema: 'public' } })).not.toBe(plain);
  });
});

describe('bytesBlob: a saved data directory handed to PGlite without a copy through streams', () => {
  it('is a Blob of its bytes for every reader', async () => {
    const blob = bytesBlob(new Uint8Array([1, 2, 3, 65]));
    expect(blob).toBeInstanceOf(Blob);
    expect(blob.size).toBe(4);
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3, 65]);
    expect([...new Uint8Array(await blob.slice(1, 3).arrayBuffer())]).toEqual([2, 3]);
    expect(await blob.slice(3).text()).toBe('A');
    const streamed: number[] = [];
    for await (const chunk of blob.stream()) streamed.push(...chunk);
    expect(streamed).toEqual([1, 2, 3, 65]);
  });
});
