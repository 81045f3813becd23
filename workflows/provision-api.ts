/** What clients need to address a provisioning run: its id scheme and its query. No activity proxies here. */
import { defineQuery } from '@temporalio/workflow';
import type { ProvisionProgress } from '../provisioning/types.js';

export const provisionProgressQuery = defineQuery<ProvisionProgress>('progress');
export { provisionWorkflowId } from '../provisioning/workflow-id.js';
