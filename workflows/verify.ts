/**
 * Verifies one org against its spec, read-only: one activity reads and judges, the workflow publishes the
 * verdict where operators look (search attributes for list filters, a memo for the UI, the report as
 * result) and, only when asked to, starts provisioning to repair drift.
 */
import { patched, proxyActivities, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type * as activities from '../activities/verify-org.js';
import { HybridDrift, HybridOrg } from '../temporal/search-attributes.js';
import { recordVerification } from './run-metrics.js';
import { STEP_ACTIVITY_OPTIONS, STEP_RETRY } from './step-activities.js';
import { needsRemediation, verificationMemo } from '../verification/summary.js';
import type { VerifyInput, VerifyResult } from '../verification/types.js';
import { tagOrgRun } from './run-attributes.js';

// The SAML round trip and a large org's role listing take seconds; minutes mean the org is not answering.
// The steps' policy with fewer attempts: a verification that cannot read the org says so, the next one retries.
const act = proxyActivities<typeof activities>({
  ...STEP_ACTIVITY_OPTIONS,
  retry: { ...STEP_RETRY, maximumAttempts: 10 },
});

/**
 * Verification runs are tagged like every org-level run (org, environment, then the verdict as status), so
 * `HybridEnvironment = "mypurecloud.ie" AND HybridStatus = "fail"` finds them. Runs started before this change
 * (a schedule's verification in flight during an upgrade) were tagged with the org alone: patched() replays
 * them exactly as recorded. Phase-out steps: CONTRIBUTING.md.
 */
export const VERIFY_RUN_STATUS_PATCH = 'verify-run-status';

function tagVerificationRun(input: VerifyInput): ((status: string) => void) | undefined {
  if (patched(VERIFY_RUN_STATUS_PATCH))
    return tagOrgRun(input.provision.org, input.provision.target.environment);
  upsertSearchAttributes([{ key: HybridOrg, value: input.provision.org }]);
  return undefined;
}

export async function verifyWorkflow(input: VerifyInput): Promise<VerifyResult> {
  const setStatus = tagVerificationRun(input);
  const report = await act.verifyOrg.executeWithOptions({ summary: 'verify: read and compare the org' }, [
    input,
  ]);
  upsertSearchAttributes([{ key: HybridDrift, value: report.status !== 'ok' }]);
  setStatus?.(report.status);
  upsertMemo({ verification: verificationMemo(report) });
  recordVerification(report);
  if (input.remediate && needsRemediation(report)) {
    return {
      ...report,
      remediation: await act.startRemediation.executeWithOptions(
        { summary: 'remediate: start provisioning' },
        [input.provision],
      ),
    };
  }
  return report;
}
