/**
 * A real provisioning worker in this process (support/test-worker.ts) whose activities the caller may wrap;
 * the caller installs the Runtime, so it can capture the worker's log.
 */
import * as provisioningActivities from '../../../activities/provisioning.js';
import { startTestWorker, type TestWorker } from '../support/test-worker.js';

export { newCodecKeyEntry } from '../support/test-worker.js';
export type ProvisioningActivities = typeof provisioningActivities;
export type CodecWorker = TestWorker;

export function startCodecWorker(options: {
  address: string;
  namespace: string;
  codecKey: string;
  /** Replaces or wraps activities by name; the rest are the real provisioning activities. */
  wrap?: (activities: ProvisioningActivities) => Partial<ProvisioningActivities>;
}): Promise<CodecWorker> {
  return startTestWorker({
    address: options.address,
    namespace: options.namespace,
    codecKey: options.codecKey,
    activities: { ...provisioningActivities, ...options.wrap?.(provisioningActivities) },
    taskQueuePrefix: 'secrets-test',
  });
}
