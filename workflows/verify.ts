/**
 * Verifies one org against its spec, read-only: one activity reads and judges, the workflow publishes the
 * verdict where operators look (search attributes for list filters, a memo for the UI, the report as
 * result) and, only when asked to, starts provisioning to repair drift.
 */
import { proxyActivities, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type * as activities from '../activities/verify-org.js';
import { HybridDrift, HybridOrg } from '../temporal/search-attributes.js';
import { STEP_ACTIVITY_OPTIONS, STEP_RETRY } from './step-activities.js';
import { needsRemediation, verificationMemo } from '../verification/summary.js';
import type { VerifyInput, VerifyResult } from '../verification/types.js';

// The SAML round trip and a large org's role listing take seconds; minutes mean the org is not answering.
// The steps' policy with fewer attempts: a verification that cannot read the org says so, the next one retries.
const act = proxyActivities<typeof activities>({
  ...STEP_ACTIVITY_OPTIONS,
  retry: { ...STEP_RETRY, maximumAttempts: 10 },
});

export async function verifyWorkflow(input: VerifyInput): Promise<VerifyResult> {
  upsertSearchAttributes([{ key: HybridOrg, value: input.provision.org }]);
  const report = await act.verifyOrg(input);
  upsertSearchAttributes([{ key: HybridDrift, value: report.status !== 'ok' }]);
  upsertMemo({ verification: verificationMemo(report) });
  if (input.remediate && needsRemediation(report)) {
    return { ...report, remediation: await act.startRemediation(input.provision) };
  }
  return report;
}
