/** What clients need to address a client-secret rotation: its id scheme, query and signal. No activity proxies. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ClientSecretRotationStatus } from '../provisioning/client-secret-rotation-types.js';

export const clientSecretRotationStatusQuery = defineQuery<ClientSecretRotationStatus>(
  'clientSecretRotationStatus',
);

/** Ends the grace period now: the old client is deactivated and deleted at once. */
export const finishClientRotationNowSignal = defineSignal('finishClientRotationNow');

/** One rotation per org and client; starting again while one is open attaches to it. */
export function rotateClientSecretWorkflowId(org: string, clientName: string): string {
  return `rotate-client-secret/${org}/${clientName}`;
}
