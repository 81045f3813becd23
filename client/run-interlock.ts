/** The CLI side of the org-run interlock (workflows/run-interlock-api.ts): refuse before starting. */
import type { Client } from '@temporalio/client';
import { openRunOf } from '../temporal/open-run.js';
import { conflictingRuns, type OrgRun } from '../workflows/run-interlock-api.js';

export class RunConflictError extends Error {
  override name = 'RunConflictError';
}

/** Throws RunConflictError, naming the open run and what to do, when a run that `run` must not overlap is open. */
export async function refuseIfOtherRunOpen(client: Client, run: OrgRun): Promise<void> {
  for (const other of conflictingRuns(run)) {
    const open = await openRunOf(client.workflow.getHandle(other.workflowId));
    if (open) throw new RunConflictError(other.refusal(open));
  }
}
