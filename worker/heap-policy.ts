/**
 * The worker's V8 heaps trade a little CPU for much less memory (V8's `--optimize-for-size`: smaller heap growth
 * steps, so garbage is collected before the heap grows past it).
 *
 * Measured with bench:provision --orgs 200 (one worker, 200 runs at once, 2 cores, load 8-10): peak RSS 429-458
 * MiB without it, 324 MiB with `node --optimize-for-size`, 337 MiB set from here (the main thread's heap 138 →
 * 77-89 MiB, all threads' V8 pages 207 → 130-135 MiB), for about 1-4 s more GC CPU out of the 34-39 s the
 * process used. Set from the code rather than on the command line so that every way of starting a worker (npm
 * run worker, hybrid stack up) gets it; before the SDK starts the workflow thread, whose isolate takes the flags
 * in force when it is created.
 */
import { setFlagsFromString } from 'node:v8';

let applied = false;

export function applyWorkerHeapPolicy(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString('--optimize-for-size');
}
