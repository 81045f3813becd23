/** What the stubbed-workflow tests share: their worker, and waiting for a run's state or failure. */
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { startStubWorker, type StubWorker } from './stub-worker.js';

/** The run's failure; fails the test when the run did not fail. */
export async function failureOf(result: Promise<unknown>): Promise<WorkflowFailedError> {
  const error = await result.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  return error as WorkflowFailedError;
}

/** Polls a query until `done` holds (the run is open meanwhile). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A stub worker for the test file: started before its tests, stopped after them. */
export function useStubWorker(): { readonly worker: StubWorker } {
  let worker: StubWorker | undefined;
  beforeAll(async () => {
    worker = await startStubWorker(inject('temporalAddress'), inject('temporalNamespace'));
  });
  afterAll(async () => {
    await worker?.stop();
  });
  return {
    get worker() {
      if (!worker) throw new Error('the stub worker starts in beforeAll');
      return worker;
    },
  };
}
