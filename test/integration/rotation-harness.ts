/**
 * The provisioning harness's pattern for rotation: a real worker in this process (real provisioning and rotation
 * activities, real payload codec) on a private task queue of the global-setup dev server. A test provisions an
 * org first, then rotates its certificate, and can make one rotation activity fail on purpose.
 */
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import * as provisioningActivities from '../../activities/provisioning.js';
import * as rotationActivities from '../../activities/rotation.js';
import { newCodecKeyEntry, startTestWorker } from './support/test-worker.js';

export type RotationActivityName = keyof typeof rotationActivities;

export interface RotationHarness {
  client: Client;
  taskQueue: string;
  /** Set by a test: this activity does its work, then fails non-retryably, on every call. */
  failAfter: RotationActivityName | undefined;
  stop(): Promise<void>;
}

function failingAfter(
  harness: RotationHarness,
  name: string,
  fn: (...args: unknown[]) => Promise<unknown>,
): (...args: unknown[]) => Promise<unknown> {
  return async (...args) => {
    const result = await fn(...args);
    if (harness.failAfter === name) {
      throw ApplicationFailure.nonRetryable(`injected failure in ${name}`, 'InjectedFailure');
    }
    return result;
  };
}

export async function startRotationHarness(
  temporalAddress: string,
  namespace: string,
): Promise<RotationHarness> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process.
  }
  const harness: RotationHarness = {
    client: undefined as unknown as Client,
    taskQueue: '',
    failAfter: undefined,
    stop: async () => {},
  };
  const activities = {
    ...provisioningActivities,
    ...Object.fromEntries(
      Object.entries(rotationActivities).map(([name, fn]) => [
        name,
        failingAfter(harness, name, fn as (...args: unknown[]) => Promise<unknown>),
      ]),
    ),
  };
  const worker = await startTestWorker({
    address: temporalAddress,
    namespace,
    codecKey: newCodecKeyEntry('test-key'),
    activities,
    workflowsPath: fileURLToPath(new URL('./rotation-workflows.ts', import.meta.url)),
    taskQueuePrefix: 'rotate-test',
  });
  return Object.assign(harness, worker);
}
