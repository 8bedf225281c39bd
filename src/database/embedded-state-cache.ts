import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { acquireDirectoryLock } from './directory-lock.js';

/**
 * What a read-only command read from the embedded database, kept until the database directory
 * changes: `check` on an unchanged embedded database starts no PGlite (its start is most of a
 * command's time).
 *
 * The directory's fingerprint is every file's path, size, inode, modification and change time
 * (nanoseconds), taken under the directory's exclusive lock right after PGlite closed it, and
 * compared under the lock again. PostgreSQL writes every committed change to its WAL files at
 * commit, and anything retort or `retort db serve` does goes through the lock, so a database that
 * changed has a different fingerprint; a served database (`retort db serve` holds the lock) is
 * always read through its socket, never from here.
 */

interface CachedRead {
  readonly fingerprint: string;
  readonly value: unknown;
}

/**
 * A fingerprint of a data directory's files (metadata only; no file is read). Synchronous calls:
 * a cluster has over a thousand files, and one promise per stat costs several times more.
 */
export function dataDirFingerprint(dir: string): string {
  const hash = createHash('sha256');
  const walk = (at: string, prefix: string): void => {
    const entries = readdirSync(at, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) {
        walk(path, `${prefix}${entry.name}/`);
        continue;
      }
      const s = statSync(path, { bigint: true });
      hash.update(`${prefix}${entry.name}\0${s.size}\0${s.ino}\0${s.mtimeNs}\0${s.ctimeNs}\n`);
    }
  };
  walk(dir, '');
  return hash.digest('hex');
}

/**
 * `read(onClosed)` opens the database, reads and closes it, calling `onClosed` after PGlite
 * closed the directory and before its lock is released (openPglite's `onClosed`); its result is
 * kept in `cacheFile` with the directory's fingerprint. Later calls return it while the
 * directory's fingerprint is unchanged. The value must be plain JSON.
 */
export async function readThroughEmbeddedCache<T>(
  dir: string,
  cacheFile: string,
  lockWaitMs: number,
  read: (onClosed: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const cached = await readCachedRead(cacheFile);
  if (cached !== undefined) {
    const now = await fingerprintUnderLock(dir, lockWaitMs);
    if (now !== undefined && now === cached.fingerprint) return cached.value as T;
  }
  let fingerprint: string | undefined;
  const value = await read(async () => {
    try {
      fingerprint = dataDirFingerprint(dir);
    } catch {
      fingerprint = undefined;
    }
  });
  if (fingerprint !== undefined) await writeCachedRead(cacheFile, { fingerprint, value });
  return value;
}

/** The fingerprint taken under the directory's lock; undefined when `db serve` holds it. */
async function fingerprintUnderLock(dir: string, waitMs: number): Promise<string | undefined> {
  try {
    await stat(dir);
  } catch {
    return undefined;
  }
  const acquired = await acquireDirectoryLock(dir, { waitMs, readOnly: true, acceptServed: true });
  if (acquired.kind === 'served') return undefined;
  try {
    return dataDirFingerprint(dir);
  } catch {
    return undefined;
  } finally {
    await acquired.lock.release();
  }
}

async function readCachedRead(file: string): Promise<CachedRead | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<CachedRead>;
    return typeof parsed.fingerprint === 'string' && 'value' in parsed
      ? (parsed as CachedRead)
      : undefined;
  } catch {
    return undefined;
  }
}

async function writeCachedRead(file: string, entry: CachedRead): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, JSON.stringify(entry), { mode: 0o600 });
    await rename(temp, file);
  } catch {
    // A read-only project only costs speed.
  }
}
