import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, isRunning, spawnDetached, stopProcessGroup } from '../../../stack/processes.js';

describe('detached service processes', () => {
  let dir: string;
  const started: number[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'stack-processes-'));
  });
  afterAll(async () => {
    for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  async function start(script: string) {
    const logFile = path.join(dir, `service-${started.length}.log`);
    const launched = await spawnDetached({
      command: process.execPath,
      args: ['-e', script],
      env: process.env,
      cwd: dir,
      logFile,
    });
    started.push(launched.pid);
    return { ...launched, logFile, command: [process.execPath, '-e', script] };
  }

  it('logs to the file, is recognised by pid and command line, and stops on SIGTERM', async () => {
    const service = await start("console.log('ready'); setInterval(() => {}, 1000)");
    // The log starts with a header naming the command; `ready` on a line of its own is the script's output.
    await expect.poll(() => readFile(service.logFile, 'utf8')).toMatch(/^ready$/m);
    expect(await isRunning(service.pid, service.command)).toBe(true);
    // Same pid, other command line: a reused pid is not our service.
    expect(await isRunning(service.pid, [process.execPath, 'something-else.js'])).toBe(false);

    expect(await stopProcessGroup(service.pid, 5000)).toBe('stopped');
    expect(isAlive(service.pid)).toBe(false);
    expect(await isRunning(service.pid, service.command)).toBe(false);
  });

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    const service = await start(
      "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('ready'); setInterval(() => {}, 1000)",
    );
    await expect.poll(() => readFile(service.logFile, 'utf8')).toMatch(/^ready$/m);
    const startedAt = Date.now();
    expect(await stopProcessGroup(service.pid, 500)).toBe('killed');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(500);
    expect(isAlive(service.pid)).toBe(false);
  });
});
