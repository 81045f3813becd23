/** The CLI side of the provision/rotate interlock (workflows/run-interlock-api.ts): refuse before starting. */
import type { Client } from '@temporalio/client';
import { openRunOf } from '../temporal/open-run.js';
import {
  conflictingWorkflowId,
  runConflictMessage,
  type OrgRunKind,
} from '../workflows/run-interlock-api.js';

export class RunConflictError extends Error {
  override name = 'RunConflictError';
}

/** Throws RunConflictError, naming the open run and what to do, when the org's other kind of run is open. */
export async function refuseIfOtherRunOpen(client: Client, kind: OrgRunKind, org: string): Promise<void> {
  const open = await openRunOf(client.workflow.getHandle(conflictingWorkflowId(kind, org)));
  if (open) throw new RunConflictError(runConflictMessage(kind, org, open));
}
