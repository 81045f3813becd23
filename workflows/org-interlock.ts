/** The workflow side of the org-run interlock (run-interlock-api.ts): checked before any change. */
import { ApplicationFailure, patched, proxyActivities } from '@temporalio/workflow';
import type * as orgRunActivities from '../activities/org-runs.js';
import { conflictingRuns, RUN_CONFLICT, type OrgRun } from './run-interlock-api.js';
import { DEFAULT_RETRY_BUDGET_MS, STEP_RETRY } from './step-activities.js';

// One describe call: seconds at most; no heartbeat needed.
const { describeOpenRun } = proxyActivities<typeof orgRunActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: DEFAULT_RETRY_BUDGET_MS,
  retry: STEP_RETRY,
});

/**
 * Client-secret rotations joined the interlock after provisioning and rotation runs were recorded without it:
 * runs started before replay the old look-ups (none for a client-secret rotation, the certificate rotation
 * alone for a provisioning run). CONTRIBUTING.md, "Changing workflow code safely".
 */
export const CLIENT_ROTATION_INTERLOCK_PATCH = 'client-rotation-interlock';

/** What a run started before CLIENT_ROTATION_INTERLOCK_PATCH looked up; null: nothing. */
function asBeforeClientRotationInterlock(run: OrgRun): OrgRun | null {
  if (run.kind === 'rotate-client-secret') return null;
  return run.kind === 'provision' ? { ...run, clientNames: [] } : run;
}

function involvesClientRotation(run: OrgRun): boolean {
  return run.kind === 'rotate-client-secret' || (run.kind === 'provision' && run.clientNames.length > 0);
}

/**
 * Fails (non-retryably, type RunConflict) when a run that `run` must not overlap is open, before the run changes
 * anything; the refusal is the failure of the run's `preflight` row. The look-ups run in parallel.
 */
export async function refuseWhileOtherRunOpen(
  run: OrgRun,
  table: { fail(step: 'preflight', err: unknown): void },
): Promise<void> {
  const checked =
    involvesClientRotation(run) && !patched(CLIENT_ROTATION_INTERLOCK_PATCH)
      ? asBeforeClientRotationInterlock(run)
      : run;
  if (!checked) return;
  const others = conflictingRuns(checked);
  const open = await Promise.all(
    others.map(({ workflowId }) =>
      describeOpenRun.executeWithOptions({ summary: `interlock: is ${workflowId} open?` }, [{ workflowId }]),
    ),
  );
  const index = open.findIndex((o) => o !== null);
  if (index < 0) return;
  const refusal = ApplicationFailure.nonRetryable(others[index]!.refusal(open[index]!), RUN_CONFLICT);
  table.fail('preflight', refusal);
  throw refusal;
}
