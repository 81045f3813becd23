/** Following one open workflow run from the CLI: shared by provisioning and certificate rotation. */
import type { WorkflowHandle } from '@temporalio/client';
import { openRunOf } from '../temporal/open-run.js';

/** Whether a run is open under the handle's workflow id (none, or a closed one, is false). */
export async function isRunOpen(handle: WorkflowHandle): Promise<boolean> {
  return (await openRunOf(handle)) !== null;
}

export interface FollowOptions<R, P> {
  /** The run's result (or failure). */
  result: Promise<R>;
  /** Reads the run's progress, e.g. through a query; polling a query costs no history events. */
  read: () => Promise<P>;
  /** What counts as a change worth reporting. */
  changeKey: (progress: P) => string;
  onChange: (progress: P) => void;
  intervalMs: number;
  /** Stops following (the run goes on): the returned promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Reports every change of progress while the run is open, once more at the end, then returns its result. */
export async function followRun<R, P>(options: FollowOptions<R, P>): Promise<R> {
  const { result, read, changeKey, onChange, intervalMs, signal } = options;
  const stopped = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  stopped.catch(() => undefined);
  let settled = false;
  result.then(
    () => (settled = true),
    () => (settled = true),
  );
  let last = '';
  const report = async () => {
    try {
      const progress = await read();
      const key = changeKey(progress);
      if (key !== last) onChange(progress);
      last = key;
    } catch {
      // A query can fail while no worker is up yet or the run is closing; the result settles either way.
    }
  };
  while (!settled) {
    await Promise.race([report(), stopped]);
    await Promise.race([
      result.catch(() => undefined),
      new Promise((r) => setTimeout(r, intervalMs)),
      stopped,
    ]);
  }
  await report();
  return result;
}
