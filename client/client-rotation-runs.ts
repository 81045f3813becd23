/** The open client-secret rotation of one client of an org, for the commands that act on it. */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { rotateClientSecretWorkflowId } from '../workflows/rotate-client-secret-api.js';
import type { rotateClientSecretWorkflow } from '../workflows/rotate-client-secret.js';
import { isRunOpen } from './follow-run.js';

/** The rotation's handle; throws, ending with `whenNone`, when no rotation of that client is open. */
export async function openClientRotation(
  client: Client,
  org: string,
  clientName: string,
  whenNone: string,
): Promise<WorkflowHandle<typeof rotateClientSecretWorkflow>> {
  const handle = client.workflow.getHandle<typeof rotateClientSecretWorkflow>(
    rotateClientSecretWorkflowId(org, clientName),
  );
  if (!(await isRunOpen(handle))) {
    throw new Error(
      `no client-secret rotation of "${clientName}" in ${org} is running (${handle.workflowId}); ${whenNone}`,
    );
  }
  return handle;
}
