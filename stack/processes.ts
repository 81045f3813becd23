/** Background processes that outlive the CLI: started detached, recognised by pid and command line, stopped by pid. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

export interface DetachedProcess {
  pid: number;
  /** Where this start's output begins in the log file (earlier runs' output comes before it). */
  logOffset: number;
  child: ChildProcess;
  /** Resolves with a description of how the process ended (`exit code 1`, `signal SIGKILL`). */
  exited: Promise<string>;
}

export interface SpawnDetachedOptions {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
}

/**
 * Starts a process in its own session (so Ctrl-C on the CLI or its exit does not reach it) with stdout and stderr
 * appended to `logFile` (mode 0600: logs may name local paths and ids). Resolves once it has been spawned.
 */
export async function spawnDetached(opts: SpawnDetachedOptions): Promise<DetachedProcess> {
  await mkdir(path.dirname(opts.logFile), { recursive: true, mode: 0o700 });
  const logOffset = await fileSize(opts.logFile);
  const fd = openSync(opts.logFile, 'a', 0o600);
  try {
    writeSync(fd, `\n=== ${new Date().toISOString()} ${[opts.command, ...opts.args].join(' ')}\n`);
    const child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`));
      child.once('error', (error) => resolve(`could not start: ${error.message}`));
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(new Error(`could not start ${opts.command}: ${error.message}`)));
    });
    // The CLI may exit while the service keeps running.
    child.unref();
    return { pid: child.pid as number, logOffset, child, exited };
  } finally {
    closeSync(fd);
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Whether the pid names a live process; a zombie (exited, not yet reaped by its parent) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: no such process; EPERM: someone else's, so not one of ours either.
    return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // Field 3 of /proc/<pid>/stat, after the parenthesised command name (which may itself contain spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false; // No procfs (macOS): kill(pid, 0) has to do.
  }
}

const execFileAsync = promisify(execFile);

/** The process's command line as one space-joined string, or undefined when there is no such process. */
export async function commandLineOf(pid: number): Promise<string | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter(Boolean).join(' ');
  } catch {
    // No procfs (macOS): ask ps.
  }
  try {
    // -ww: never cut the line to a terminal width, or it would not match the recorded command.
    const { stdout } = await execFileAsync('ps', ['-ww', '-p', String(pid), '-o', 'args=']);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** True when `pid` is alive and still runs `command`, i.e. the pid was not reused by another program. */
export async function isRunning(pid: number, command: readonly string[]): Promise<boolean> {
  if (!isAlive(pid)) return false;
  const actual = await commandLineOf(pid);
  return actual === command.join(' ');
}

/**
 * SIGTERM to the process group the service leads (detached: its pid is the group id), then SIGKILL after
 * `graceMs`. Resolves with how it ended.
 */
export async function stopProcessGroup(pid: number, graceMs: number): Promise<'stopped' | 'killed'> {
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'stopped';
    await sleep(100);
  }
  signalGroup(pid, 'SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  return 'killed';
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone (or was never a group); try the process itself.
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
