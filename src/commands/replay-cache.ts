import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VersionTableNames } from '../core/runner/version-table-sql.js';
import type { ScratchPglite } from '../database/scratch-database.js';

/**
 * The replay cache of `.retort/cache` (see replayMigrations):
 * - `replay-<key>.json`: the schema read back at the head of one exact history;
 * - `replay-<key>.tar`: the scratch database's data directory at that head, so a history that
 *   grew by a revision runs only that revision. The newest {@link KEPT_SNAPSHOTS} are kept.
 */

/** What, besides the revisions, decides the state a replay reaches. */
export interface ReplaySalt {
  readonly retort: string;
  readonly pglite: string;
  /** Extensions loadable in the scratch database, sorted. */
  readonly extensions: readonly string[];
  readonly names: VersionTableNames;
}

/** Data directories kept (each the size of a cluster: tens of MB). */
export const KEPT_SNAPSHOTS = 2;
/** Schemas kept (small JSON files). */
const KEPT_MODELS = 20;

/**
 * The keys of a replay's prefixes: `[0]` for the empty history, `[i]` for the state after the
 * first `i` revisions (in upgrade order): the hash of `[i-1]`, the revision's id and its file's
 * bytes. Equal keys mean the same revisions, with the same contents, applied in the same order
 * from the same start.
 */
export function replayChain(
  revisions: readonly { readonly id: string; readonly text: Uint8Array }[],
  salt: ReplaySalt,
): string[] {
  const keys = [hash(`retort replay\n${JSON.stringify(salt)}`)];
  for (const revision of revisions) {
    const content = createHash('sha256').update(revision.text).digest('hex');
    keys.push(hash(`${keys[keys.length - 1]!}\n${revision.id}\n${content}`));
  }
  return keys;
}

/** Where the schema read at `key` is cached (per filter of schemas). */
export function modelFile(cacheDir: string, key: string, schemas?: readonly string[]): string {
  return join(cacheDir, `replay-${hash(`${key}\n${JSON.stringify(schemas ?? null)}`)}.json`);
}

const snapshotPath = (cacheDir: string, key: string): string => join(cacheDir, `replay-${key}.tar`);

/** The saved data directory at `key`, or undefined. Marks it recently used. */
export async function readSnapshot(cacheDir: string, key: string): Promise<Blob | undefined> {
  const path = snapshotPath(cacheDir, key);
  try {
    const bytes = await readFile(path);
    const now = new Date();
    await utimes(path, now, now).catch(() => undefined);
    const { bytesBlob } = await import('../database/pglite-pristine.js');
    return bytesBlob(bytes);
  } catch {
    return undefined;
  }
}

/** Saves the scratch database's data directory as the state at `key`, atomically; best effort. */
export async function writeSnapshot(
  cacheDir: string,
  key: string,
  scratch: ScratchPglite,
): Promise<void> {
  const path = snapshotPath(cacheDir, key);
  try {
    const blob = await scratch.dump();
    await mkdir(cacheDir, { recursive: true });
    const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, new Uint8Array(await blob.arrayBuffer()));
    await rename(temp, path);
  } catch {
    // A read-only project directory only costs speed.
  }
}

/** Removes all but the newest snapshots and schemas; best effort. */
export async function pruneReplayCache(cacheDir: string): Promise<void> {
  try {
    const names = (await readdir(cacheDir)).filter((n) => n.startsWith('replay-'));
    for (const [ext, kept] of [
      ['.tar', KEPT_SNAPSHOTS],
      ['.json', KEPT_MODELS],
    ] as const) {
      const files = await Promise.all(
        names
          .filter((n) => n.endsWith(ext))
          .map(async (n) => ({ n, t: (await stat(join(cacheDir, n))).mtimeMs })),
      );
      files.sort((a, b) => b.t - a.t);
      for (const { n } of files.slice(kept)) await rm(join(cacheDir, n), { force: true });
    }
  } catch {
    // Another process pruned at the same time, or the directory is read-only.
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
