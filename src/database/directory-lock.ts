import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname } from 'node:path';
import { ExitCode, RetortError } from '../core/errors.js';
import { redactUrl } from '../core/redact.js';

/**
 * One process at a time per embedded database directory: an exclusive lock file created
 * atomically next to it (`.retort/db.lock`).
 *
 * Why a lock file and not a library: PGlite's data directory tolerates exactly one open
 * process, and what the user needs to see is *who* holds it (pid, command, since when) — which a
 * lock file carries as its content. Node has no flock(2); proper-lockfile detects staleness by
 * mtime (a holder must keep touching the file from a timer, and a busy event loop during a long
 * migration would let a second process "steal" a live lock), so staleness here is decided by the
 * holder's pid instead: on the same host, a pid that no longer runs — or, on Linux, runs with a
 * different start time (pid reuse) — is stale.
 *
 * - Creating: the content is written to a private temp file and `link(2)`ed to the lock path,
 *   which fails with EEXIST when the lock exists, so the lock is never visible half written.
 * - Breaking a stale lock: serialised by a second link-created file (`.lock.break`), re-reading
 *   the lock under it before unlinking, so two processes breaking the same stale lock never
 *   remove a fresh one. A breaker file older than 10 s is itself stale (its process died inside
 *   those few microseconds).
 * - Releasing: only the holder unlinks its lock, checked by a random nonce; an `exit` handler
 *   releases it when the process ends without closing the database.
 */

/** What the lock file says about its holder. */
export interface LockHolderInfo {
  readonly pid: number;
  readonly hostname: string;
  /** The holder's command line, e.g. `retort upgrade head` (URLs redacted). */
  readonly command: string;
  /** ISO time the lock was taken. */
  readonly since: string;
  /** `retort db serve`: the loopback port it serves the database on. */
  readonly port?: number;
  readonly host?: string;
  /** Linux: the holder's start time in clock ticks since boot (detects pid reuse). */
  readonly startTicks?: number;
  readonly nonce: string;
}

export interface DirectoryLock {
  readonly path: string;
  readonly info: LockHolderInfo;
  /** Rewrites the lock's content (e.g. to publish the served port); still held. */
  update(extra: Partial<Pick<LockHolderInfo, 'port' | 'host'>>): Promise<void>;
  release(): Promise<void>;
}

/** The embedded database is open in another process for longer than the wait allowed. */
export class EmbeddedDatabaseBusyError extends RetortError {
  constructor(
    databaseDir: string,
    holder: LockHolderInfo | undefined,
    waitedMs: number,
    readOnly: boolean,
  ) {
    const who = holder
      ? `pid ${holder.pid}${holder.hostname !== hostname() ? ` on ${holder.hostname}` : ''} (\`${holder.command}\`, since ${holder.since})`
      : 'another process';
    const lead = readOnly
      ? `The embedded database ${databaseDir} is busy: ${who} has it open`
      : `The embedded database ${databaseDir} is open in ${who}`;
    super('DATABASE_BUSY', ExitCode.Lock, `${lead}; gave up after ${waitedMs} ms.`, {
      hint: readOnly
        ? 'An embedded database is open in one process at a time. Run this again when that command is done, or run `retort db serve` in one terminal: every other retort command then connects through it.'
        : 'Wait for that command to finish and run again, or raise run.lockWaitMs. If that process is gone for good, delete the lock file named in details.lockFile.',
      details: { holder, waitedMs, lockFile: lockPathOf(databaseDir) },
    });
  }
}

/** `.retort/db` → `.retort/db.lock`. */
export function lockPathOf(databaseDir: string): string {
  return `${databaseDir}.lock`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The command line, for the lock file: `retort upgrade head`, URLs redacted. */
export function currentCommand(): string {
  const args = process.argv.slice(2).map((a) => (a.includes('://') ? redactUrl(a) : a));
  const bin = basename(process.argv[1] ?? 'node').replace(/\.[cm]?js$/, '');
  return [bin === 'retort' || bin === 'main' ? 'retort' : bin, ...args].join(' ').slice(0, 300);
}

/** Linux: field 22 of /proc/<pid>/stat; undefined elsewhere or when unreadable. */
function startTicksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the holder is certainly gone (same host only; another host's holder is live). */
export function isStale(holder: LockHolderInfo): boolean {
  if (holder.hostname !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  if (holder.startTicks !== undefined) {
    const now = startTicksOf(holder.pid);
    if (now !== undefined && now !== holder.startTicks) return true;
  }
  return false;
}

function parse(text: string): LockHolderInfo | undefined {
  try {
    const value = JSON.parse(text) as LockHolderInfo;
    return typeof value.pid === 'number' && typeof value.nonce === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The current holder of a database directory's lock, or undefined when it is free or stale. */
export async function readLockHolder(databaseDir: string): Promise<LockHolderInfo | undefined> {
  const holder = await readRaw(lockPathOf(databaseDir));
  return holder && !isStale(holder.info) ? holder.info : undefined;
}

async function readRaw(path: string): Promise<{ info: LockHolderInfo; text: string } | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    const info = parse(text);
    return info ? { info, text } : undefined;
  } catch {
    return undefined;
  }
}

async function createExclusive(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, content, { mode: 0o644 });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Removes a stale lock whose content is `staleText`, under the breaker file. */
async function breakStale(path: string, staleText: string | undefined): Promise<void> {
  const breaker = `${path}.break`;
  if (!(await createExclusive(breaker, String(process.pid)))) {
    const age = await stat(breaker).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > 10_000) await unlink(breaker).catch(() => undefined);
    return;
  }
  try {
    const now = await readFile(path, 'utf8').catch(() => undefined);
    if (now !== undefined && now === staleText) await unlink(path).catch(() => undefined);
  } finally {
    await unlink(breaker).catch(() => undefined);
  }
}

export interface AcquireOptions {
  /** How long to wait for a live holder, in ms (`run.lockWaitMs`). */
  readonly waitMs: number;
  /** Read-only commands get a "busy" message instead of a writer's. */
  readonly readOnly?: boolean;
  /** Called once when the lock is taken by someone else and we start waiting. */
  readonly onWait?: (holder: LockHolderInfo) => void;
  /**
   * When the holder serves the database (`retort db serve`), return it instead of waiting:
   * the caller connects through its socket.
   */
  readonly acceptServed?: boolean;
}

export type AcquireResult =
  | { readonly kind: 'held'; readonly lock: DirectoryLock }
  | { readonly kind: 'served'; readonly holder: LockHolderInfo };

/**
 * Takes the exclusive lock of a database directory, waiting up to `waitMs` for a live holder.
 *
 * @example
 * const r = await acquireDirectoryLock('/app/.retort/db', { waitMs: 30000 });
 * if (r.kind === 'held') try { … } finally { await r.lock.release(); }
 */
export async function acquireDirectoryLock(
  databaseDir: string,
  options: AcquireOptions,
): Promise<AcquireResult> {
  const path = lockPathOf(databaseDir);
  await mkdir(dirname(path), { recursive: true });
  const ticks = startTicksOf(process.pid);
  let info: LockHolderInfo = {
    pid: process.pid,
    hostname: hostname(),
    command: currentCommand(),
    since: new Date().toISOString(),
    ...(ticks === undefined ? {} : { startTicks: ticks }),
    nonce: randomBytes(8).toString('hex'),
  };
  const started = Date.now();
  let delay = 20;
  let told = false;
  let unreadableSince: number | undefined;
  for (;;) {
    if (await createExclusive(path, JSON.stringify(info))) break;
    const raw = await readRaw(path);
    if (raw === undefined) {
      // Unparsable: not written by this code (link makes ours complete). Stale after 10 s.
      unreadableSince ??= Date.now();
      if (Date.now() - unreadableSince > 10_000) {
        const text = await readFile(path, 'utf8').catch(() => undefined);
        await breakStale(path, text);
      }
    } else if (isStale(raw.info)) {
      await breakStale(path, raw.text);
      continue;
    } else {
      unreadableSince = undefined;
      if (options.acceptServed && raw.info.port !== undefined)
        return { kind: 'served', holder: raw.info };
      if (!told) {
        told = true;
        options.onWait?.(raw.info);
      }
    }
    const waited = Date.now() - started;
    if (waited >= options.waitMs) {
      throw new EmbeddedDatabaseBusyError(
        databaseDir,
        raw?.info,
        waited,
        options.readOnly === true,
      );
    }
    await sleep(Math.min(delay, Math.max(1, options.waitMs - waited)));
    delay = Math.min(delay * 2, 250);
  }

  let held = true;
  const onExit = (): void => {
    // Synchronous: the process is ending. Only our own lock (same nonce) is removed.
    try {
      if (parse(readFileSync(path, 'utf8'))?.nonce === info.nonce) unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
  process.once('exit', onExit);
  const lock: DirectoryLock = {
    path,
    get info() {
      return info;
    },
    async update(extra) {
      info = { ...info, ...extra };
      // Rewritten through a temp file + rename: readers never see it half written.
      const temp = `${path}.${process.pid}.update.tmp`;
      await writeFile(temp, JSON.stringify(info));
      const { rename } = await import('node:fs/promises');
      await rename(temp, path);
    },
    async release() {
      if (!held) return;
      held = false;
      process.removeListener('exit', onExit);
      const now = await readRaw(path);
      if (now?.info.nonce === info.nonce) await unlink(path).catch(() => undefined);
    },
  };
  return { kind: 'held', lock };
}
