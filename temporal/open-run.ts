import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';

export interface OpenRun {
  workflowId: string;
  runId: string;
}

/**
 * The run open under the handle's workflow id, or null when there is none (never started, or closed). Used by
 * the CLI (attach or refuse) and by the interlock activity, which share one Temporal client API.
 */
export async function openRunOf(handle: WorkflowHandle): Promise<OpenRun | null> {
  try {
    const description = await handle.describe();
    return description.status.name === 'RUNNING'
      ? { workflowId: handle.workflowId, runId: description.runId }
      : null;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}
