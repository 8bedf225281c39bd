import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { backup, defaultBackupName } from '../../src/commands/backup.js';
import { restore } from '../../src/commands/restore.js';
import { sql } from '../../src/commands/sql.js';
import { upgrade } from '../../src/commands/upgrade.js';
import type { ResolvedConfig } from '../../src/core/config.js';
import { loadConfig } from '../../src/project/config-loader.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

/** Rows each example gets before the backup, so the data round-trips too. */
const SEED: Record<string, string> = {
  grantfinder: `INSERT INTO users (auth0_id, email, full_name) VALUES ('auth0|1', 'ada@example.org', 'Ada'), ('auth0|2', 'bob@example.org', NULL)`,
  raptorflow: `INSERT INTO organizations (name, slug) VALUES ('Acme', 'acme')`,
};

/** The dump without the lines that differ between two dumps of equal databases. */
const comparable = (text: string): string =>
  text
    .split('\n')
    .filter(
      (line) =>
        !/^-- Dumped (from|by)/.test(line) &&
        !/^\\(un)?restrict /.test(line) &&
        !/^SET transaction_timeout/.test(line),
    )
    .join('\n');

/**
 * For each example: upgrade head, add rows, `backup`, `restore` into an empty database, `backup`
 * again: the two dumps (schema and rows) are equal.
 */
export function backupRoundTrip(fresh: () => Promise<string>): void {
  for (const example of ['grantfinder', 'raptorflow']) {
    it(`${example}: backup → restore into an empty database → equal schema and rows`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'retort-backup-'));
      const configFor = async (url: string): Promise<ResolvedConfig> =>
        loadConfig({ cwd: join(EXAMPLES, example), env: { DATABASE_URL: url } });
      const source = await configFor(await fresh());
      await upgrade({ config: source, target: 'head' });
      await sql({ config: source, query: SEED[example] ?? 'SELECT 1' });
      const first = await backup({ config: source, out: join(out, 'first.sql') });
      expect(first.bytes).toBeGreaterThan(1000);
      // Default names are per second: a backup whose name is taken (this second's and the next's)
      // gets a -2 name, never an error and never an overwrite.
      const now = Date.now();
      const taken = [defaultBackupName(new Date(now)), defaultBackupName(new Date(now + 1000))];
      for (const name of taken) writeFileSync(join(out, name), 'kept');
      const again = await backup({ config: { ...source, rootDir: out } });
      expect(taken).not.toContain(again.file);
      expect(again.file).toMatch(/^backup-[\dT-]+(-\d+)?\.sql$/);
      for (const name of taken) expect(readFileSync(join(out, name), 'utf8')).toBe('kept');

      const target = await configFor(await fresh());
      await expect(restore({ config: target, file: join(out, 'first.sql') })).rejects.toMatchObject(
        { code: 'RESTORE_NOT_CONFIRMED' },
      );
      const restored = await restore({ config: target, file: join(out, 'first.sql'), yes: true });
      expect(restored.tables).toBeGreaterThan(5);
      await backup({ config: target, out: join(out, 'second.sql') });
      expect(comparable(readFileSync(join(out, 'second.sql'), 'utf8'))).toBe(
        comparable(readFileSync(join(out, 'first.sql'), 'utf8')),
      );
      // A second restore into the now filled database is refused, nothing changed.
      await expect(
        restore({ config: target, file: join(out, 'first.sql'), yes: true }),
      ).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY', exitCode: 8 });
    }, 600_000);
  }
}
