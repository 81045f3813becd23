// Key generations are queued at the core count (certificate/key-generation-slots.ts): never more than the slots
// run at once, the waiting ones start first come first served, a failed task frees its slot, and every key
// generation of the process goes through the shared slots.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { generateRsaKeyPair } from '../../../certificate/bundle.js';
import { keyGenerationSlots, Slots } from '../../../certificate/key-generation-slots.js';

/** A task the test finishes by hand, so nothing depends on timing. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Slots', () => {
  it('runs at most `size` tasks at once and starts the waiting ones in arrival order', async () => {
    const slots = new Slots(2);
    const tasks = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = tasks.map((t, i) =>
      slots.run(async () => {
        started.push(i);
        await t.promise;
        return i;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    expect(slots.load).toEqual({ running: 2, waiting: 2 });

    tasks[1]!.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    expect(slots.load).toEqual({ running: 2, waiting: 1 });

    tasks[0]!.resolve();
    tasks[2]!.resolve();
    tasks[3]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot of a task that fails, and passes its error on', async () => {
    const slots = new Slots(1);
    const failing = deferred();
    const first = slots.run(() => failing.promise);
    const second = slots.run(async () => 'second ran');
    await settle();
    expect(slots.load).toEqual({ running: 1, waiting: 1 });
    failing.reject(new Error('key generation failed'));
    await expect(first).rejects.toThrow('key generation failed');
    expect(await second).toBe('second ran');
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a size below 1', () => {
    expect(() => new Slots(0)).toThrow(/size must be 1 or more/);
  });
});

describe('keyGenerationSlots', () => {
  it('has one slot per core, and generateRsaKeyPair waits for one', async () => {
    expect(keyGenerationSlots.size).toBe(availableParallelism());
    const holders = Array.from({ length: keyGenerationSlots.size }, () => deferred());
    const held = holders.map((h) => keyGenerationSlots.run(() => h.promise));
    const key = generateRsaKeyPair(2048);
    await settle();
    // Every slot is taken: the key generation waits instead of starting a thread-pool job.
    expect(keyGenerationSlots.load.waiting).toBe(1);
    for (const h of holders) h.resolve();
    await Promise.all(held);
    const keys = await key;
    expect(keys.publicKey.n.bitLength()).toBe(2048);
    expect(keyGenerationSlots.load).toEqual({ running: 0, waiting: 0 });
  });
});
