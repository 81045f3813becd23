/**
 * The worker threads the Temporal SDK starts to run workflow code (@temporalio/worker's threaded-vm.js), made
 * visible to the bench so it can say how busy they are and what their V8 heaps hold. The SDK keeps them private:
 * the bench wraps `worker_threads.Worker` before the worker is created, and records each thread started from
 * then on. Bench-only: nothing in the product imports this.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Worker as ThreadWorker } from 'node:worker_threads';

const require = createRequire(import.meta.url);
// The CommonJS exports object, which the SDK reads `Worker` from at the moment it starts a thread.
const workerThreads = require('node:worker_threads') as typeof import('node:worker_threads');

const threads: ThreadWorker[] = [];
/** Their OS thread ids (Linux), for their CPU time: Node does not name its threads, so they are told apart so. */
const threadIds = new Set<string>();

function osThreads(): string[] {
  try {
    return readdirSync('/proc/self/task');
  } catch {
    return [];
  }
}

/** Call before Worker.create: from then on every worker thread started in this process is recorded. */
export function recordWorkerThreads(): void {
  const Original = workerThreads.Worker;
  if ((Original as { recorded?: boolean }).recorded) return;
  class Recorded extends Original {
    static recorded = true;
    constructor(...args: ConstructorParameters<typeof Original>) {
      const before = new Set(osThreads());
      // The constructor starts the OS thread before it returns.
      super(...args);
      threads.push(this);
      for (const tid of osThreads()) if (!before.has(tid)) threadIds.add(tid);
    }
  }
  workerThreads.Worker = Recorded;
}

export function isWorkflowThread(tid: string): boolean {
  return threadIds.has(tid);
}

export function workflowThreads(): readonly ThreadWorker[] {
  return threads;
}
