import { proxyActivities } from '@temporalio/workflow';
// Types only: the activity runs on the worker, outside the sandbox (its node:fs and node-forge cannot be bundled).
import type * as certificateActivities from '../activities/certificate.js';

const { generateCertificate } = proxyActivities<typeof certificateActivities>({
  // Key generation is seconds even at 4096 bits; two minutes covers a slow disk without hiding a hang.
  startToCloseTimeout: '2 minutes',
  retry: {
    // Bad options, an unset password variable or an occupied --out cannot be fixed by trying again.
    nonRetryableErrorTypes: ['InvalidInput'],
    // Anything else (a transient file-system error) gets a few tries, then fails the run so the caller hears of it.
    maximumAttempts: 5,
  },
  // The Temporal UI's label for the activity (user metadata).
  summary: 'certificate: generate the SAML signing bundle',
});

/** Generates and writes the SAML signing certificate bundle; the result describes the certificate, no key. */
export async function certificateWorkflow(
  input: certificateActivities.GenerateCertificateInput,
): Promise<certificateActivities.GenerateCertificateResult> {
  return generateCertificate(input);
}
