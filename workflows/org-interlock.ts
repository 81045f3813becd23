/** The workflow side of the provision/rotate interlock (run-interlock-api.ts): checked before any change. */
import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type * as orgRunActivities from '../activities/org-runs.js';
import {
  conflictingWorkflowId,
  RUN_CONFLICT,
  runConflictMessage,
  type OrgRunKind,
} from './run-interlock-api.js';
import { DEFAULT_RETRY_BUDGET_MS, STEP_RETRY } from './step-activities.js';

// One describe call: seconds at most; no heartbeat needed.
const { describeOpenRun } = proxyActivities<typeof orgRunActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: DEFAULT_RETRY_BUDGET_MS,
  retry: STEP_RETRY,
});

/**
 * Fails (non-retryably, type RunConflict) when the org's other kind of run is open, before the run changes
 * anything; the refusal is the failure of the run's `preflight` row.
 */
export async function refuseWhileOtherRunOpen(
  kind: OrgRunKind,
  org: string,
  table: { fail(step: 'preflight', err: unknown): void },
): Promise<void> {
  const workflowId = conflictingWorkflowId(kind, org);
  const open = await describeOpenRun.executeWithOptions({ summary: `interlock: is ${workflowId} open?` }, [
    { workflowId },
  ]);
  if (!open) return;
  const refusal = ApplicationFailure.nonRetryable(runConflictMessage(kind, org, open), RUN_CONFLICT);
  table.fail('preflight', refusal);
  throw refusal;
}
