/**
 * Verifies one org against its spec, read-only: one activity reads and judges, the workflow publishes the
 * verdict where operators look (search attributes for list filters, a memo for the UI, the report as
 * result) and, only when asked to, starts provisioning to repair drift.
 */
import { proxyActivities, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type * as activities from '../activities/verify-org.js';
import { NON_RETRYABLE_FAILURE_TYPES } from '../provisioning/failure-types.js';
import { HybridDrift, HybridOrg } from '../temporal/search-attributes.js';
import { recordVerification } from './run-metrics.js';
import { needsRemediation, verificationMemo } from '../verification/summary.js';
import type { VerifyInput, VerifyResult } from '../verification/types.js';

const act = proxyActivities<typeof activities>({
  // The SAML round trip and a large org's role listing take seconds; minutes mean the org is not answering.
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    maximumAttempts: 10,
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
  },
});

export async function verifyWorkflow(input: VerifyInput): Promise<VerifyResult> {
  upsertSearchAttributes([{ key: HybridOrg, value: input.provision.org }]);
  const report = await act.verifyOrg(input);
  upsertSearchAttributes([{ key: HybridDrift, value: report.status !== 'ok' }]);
  upsertMemo({ verification: verificationMemo(report) });
  recordVerification(report);
  if (input.remediate && needsRemediation(report)) {
    return { ...report, remediation: await act.startRemediation(input.provision) };
  }
  return report;
}
