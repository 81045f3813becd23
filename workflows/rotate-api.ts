/** What clients need to address a rotation run: its id scheme, its query and its signal. No activity proxies. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { RotationStatus } from '../provisioning/rotation-types.js';

export const rotationStatusQuery = defineQuery<RotationStatus>('rotationStatus');

/** Ends the grace period now: the old certificate is removed at once instead of when the timer fires. */
export const finishRotationNowSignal = defineSignal('finishRotationNow');

/** One rotation per org: starting again while one is open attaches to it instead of generating a third key. */
export function rotateWorkflowId(org: string): string {
  return `rotate/${org}`;
}
