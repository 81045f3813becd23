/** What clients need to address a provisioning run: its id scheme and its query. No activity proxies here. */
import { defineQuery } from '@temporalio/workflow';
import type { ProvisionProgress } from '../provisioning/types.js';

export const provisionProgressQuery = defineQuery<ProvisionProgress>('progress');

/** One workflow per org: starting again while a run is open attaches to it instead of racing it. */
export function provisionWorkflowId(org: string): string {
  return `provision/${org}`;
}
