/**
 * Verification activities: read the org and judge it (read-only), and start provisioning to repair it.
 */
import { activityInfo, Context } from '@temporalio/activity';
import { diffOrg } from '../drift/diff.js';
import { handoffChecks } from '../handoff/freshness-check.js';
import { readOrgState } from '../org-state/read-org-state.js';
import type { ProvisionInput } from '../provisioning/types.js';
import {
  certificateDaysRemaining,
  certificateExpiryCheck,
  driftCheck,
  troubleshootingChecks,
  validateThresholds,
  worstStatus,
} from '../verification/checks.js';
import { samlBearerCheck } from '../verification/saml-bearer-check.js';
import type { VerificationCheck, VerificationReport, VerifyInput } from '../verification/types.js';
import { provisionWorkflowId } from '../provisioning/workflow-id.js';
import { runMetadata } from '../temporal/run-metadata.js';
import { mapFailures, nonRetryable } from './failures.js';
import { genesysClientFor } from './genesys-session.js';

async function verifyOrgUnmapped(input: VerifyInput): Promise<VerificationReport> {
  try {
    validateThresholds(input.expiry);
  } catch (error) {
    throw nonRetryable('InvalidInput', (error as Error).message);
  }
  const { provision } = input;
  const genesys = await genesysClientFor(provision.target);
  const state = await readOrgState(genesys, provision);
  const drift = diffOrg(provision, state);
  const now = new Date();
  // Both read local files; the sign-in also waits on the org: neither needs the other.
  const [handoff, signIn] = await Promise.all([
    handoffChecks(provision.outputDir, state),
    input.testUser ? samlBearerCheck(genesys, provision, state, input.testUser.email) : undefined,
  ]);
  const checks: VerificationCheck[] = [
    ...drift.map(driftCheck),
    ...(state.pureEngage ? [certificateExpiryCheck(state, input.expiry, now)] : []),
    ...troubleshootingChecks(state, provision.identityProvider),
    ...handoff,
    ...(signIn ? [signIn] : []),
  ];
  return {
    org: provision.org,
    checkedAt: new Date().toISOString(),
    status: worstStatus(checks),
    checks,
    // For the worker's gauges (workflows/run-metrics.ts).
    driftItems: drift.filter((item) => item.action !== 'none').length,
    certificateDaysRemaining: state.pureEngage ? certificateDaysRemaining(state, now) : undefined,
  };
}

/**
 * Starts `provision/<org>` on this worker's task queue through the worker's own client (same codec), or
 * attaches to the run already open (USE_EXISTING): a drifted org is never provisioned twice at once.
 * An activity rather than a child workflow because child workflows cannot attach to an open run.
 */
async function startRemediationUnmapped(
  input: ProvisionInput,
): Promise<{ workflowId: string; runId: string }> {
  const handle = await Context.current().client.workflow.start('provisionWorkflow', {
    workflowId: provisionWorkflowId(input.org),
    taskQueue: activityInfo().taskQueue,
    args: [input],
    ...runMetadata({
      kind: 'remediate',
      org: input.org,
      environment: input.target.environment,
      detail: `started by ${activityInfo().workflowExecution?.workflowId ?? 'a verification'} to repair drift`,
    }),
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}

export const verifyOrg = mapFailures(verifyOrgUnmapped);
export const startRemediation = mapFailures(startRemediationUnmapped);
