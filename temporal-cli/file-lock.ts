import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FileLockOptions {
  /** How often a waiter checks the lock again. */
  pollMs?: number;
  /** A lock file still empty after this long belongs to a process that died between creating and writing it. */
  emptyLockGraceMs?: number;
  /** Called once when this process starts waiting for another holder. */
  onWait?: (holderPid: number | undefined) => void;
}

/**
 * Runs `fn` while holding an exclusive lock file. The file is created with `wx` (fails if it exists) and holds the
 * owner's pid, so a lock left behind by a crashed process is detected and broken instead of blocking forever.
 * Only processes on this host are recognised; a cache shared over a network file system is out of scope.
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  opts: FileLockOptions = {},
): Promise<T> {
  await acquire(lockPath, opts);
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

async function acquire(lockPath: string, opts: FileLockOptions): Promise<void> {
  const pollMs = opts.pollMs ?? 500;
  let announcedWait = false;
  for (;;) {
    if (await tryCreate(lockPath)) return;
    const holder = await readHolder(lockPath);
    if (holder === 'gone') continue;
    if (await isStale(lockPath, holder, opts.emptyLockGraceMs ?? 10_000)) {
      await breakStaleLock(lockPath, holder);
      continue;
    }
    if (!announcedWait) {
      announcedWait = true;
      opts.onWait?.(holder);
    }
    await sleep(pollMs);
  }
}

async function tryCreate(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx', 0o644);
    try {
      await handle.writeFile(`${process.pid}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  }
}

/** The holder's pid, undefined while the file is still empty, 'gone' if it vanished meanwhile. */
async function readHolder(lockPath: string): Promise<number | undefined | 'gone'> {
  try {
    const text = (await readFile(lockPath, 'utf8')).trim();
    const pid = Number.parseInt(text, 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'gone';
    throw error;
  }
}

async function isStale(
  lockPath: string,
  holder: number | undefined,
  emptyLockGraceMs: number,
): Promise<boolean> {
  if (holder !== undefined) return !isProcessAlive(holder);
  try {
    const info = await stat(lockPath);
    return Date.now() - info.mtimeMs > emptyLockGraceMs;
  } catch {
    return false;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isErrno(error, 'EPERM');
  }
}

/**
 * Two waiters may both see the same dead holder. Renaming is atomic, so only one moves the stale file aside; if
 * what it moved turns out to be a fresh lock taken in between, it is linked back (link fails rather than
 * overwrite, so a third process's lock is never clobbered).
 */
async function breakStaleLock(lockPath: string, staleHolder: number | undefined): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${Date.now()}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  const moved = await readHolder(aside);
  if (moved !== 'gone' && moved !== staleHolder) {
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
