/**
 * At most as many RSA key generations at once as the machine has cores, in this process.
 *
 * A key generation is pure CPU on libuv's thread pool (certificate/bundle.ts). A worker that starts many runs
 * at once (a fleet: 200 orgs) used to hand all their key generations to the pool together: 16 threads (the
 * worker's UV_THREADPOOL_SIZE) shared 2 cores with the event loop and the workflow thread, every key took the
 * time of all of them (p50 1.1 s for a 0.13 s key), and the file writes queued on the same pool behind them.
 * Past the core count, more at once only makes each key later; queued here, keys come out one after another,
 * their runs move on as they do, and the pool keeps threads free for file I/O.
 */
import { availableParallelism } from 'node:os';

export class Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`Slots: size must be 1 or more (got ${size})`);
  }

  /** Runs `task` once a slot is free (first come, first served); the slot is freed however `task` ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.size) this.running++;
    // The slot passes straight from the task that frees it to this one (see below): `running` stays counted.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Tasks running now, and tasks waiting for a slot. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}

/** The process's key generations (provisioning, rotation, `hybrid cert`) share these. */
export const keyGenerationSlots = new Slots(availableParallelism());
