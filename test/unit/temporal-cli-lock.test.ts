import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../temporal-cli/file-lock.js';

let dir: string;
let lock: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'file-lock-test-'));
  lock = path.join(dir, 'build.lock');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Another process that takes the lock the same way (wx + pid), holds it for `holdMs`, then releases it.
 * `released` is the child's clock just before it removes the lock: the parent's 'exit' event comes later, and on
 * a loaded machine after the parent has already (rightly) taken the lock, so it cannot date the release.
 */
function holdLockInChild(holdMs: number): Promise<{ released: Promise<number> }> {
  const script = `
    const fs = require('node:fs');
    fs.writeFileSync(${JSON.stringify(lock)}, process.pid + '\\n', { flag: 'wx' });
    console.log('locked');
    setTimeout(() => {
      const releasing = Date.now();
      fs.unlinkSync(${JSON.stringify(lock)});
      console.log('released ' + releasing);
      process.exit(0);
    }, ${holdMs});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const released = new Promise<number>((resolve, reject) =>
    // 'close', not 'exit': the last line may still be in the pipe when the process exits.
    child.on('close', () => {
      const at = /released (\d+)/.exec(output)?.[1];
      if (at === undefined) reject(new Error(`the lock holder did not report its release: ${output}`));
      else resolve(Number(at));
    }),
  );
  return new Promise((resolve) => child.stdout.once('data', () => resolve({ released })));
}

describe('withFileLock', () => {
  it('waits while another live process holds the lock and runs once it is released', async () => {
    const { released } = await holdLockInChild(800);
    let waitingFor: number | undefined;

    const enteredAt = await withFileLock(lock, async () => Date.now(), {
      pollMs: 50,
      onWait: (pid) => (waitingFor = pid),
    });

    expect(waitingFor).toBeGreaterThan(0);
    expect(enteredAt).toBeGreaterThanOrEqual(await released);
  });

  it('writes its pid into the lock while held and removes the file afterwards', async () => {
    const content = await withFileLock(lock, () => readFile(lock, 'utf8'));
    expect(content.trim()).toBe(String(process.pid));
    await expect(stat(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over an empty lock file older than the grace period (holder died before writing its pid)', async () => {
    await writeFile(lock, '');
    const past = new Date(Date.now() - 60_000);
    await utimes(lock, past, past);
    await expect(withFileLock(lock, async () => 'ran', { emptyLockGraceMs: 1000 })).resolves.toBe('ran');
  });

  it('never lets two holders overlap', async () => {
    let inside = 0;
    let maxInside = 0;
    const critical = async () => {
      inside++;
      maxInside = Math.max(maxInside, inside);
      await new Promise((r) => setTimeout(r, 30));
      inside--;
    };
    await Promise.all(Array.from({ length: 5 }, () => withFileLock(lock, critical, { pollMs: 10 })));
    expect(maxInside).toBe(1);
  });

  it('releases the lock when the protected work throws', async () => {
    await expect(withFileLock(lock, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(stat(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
