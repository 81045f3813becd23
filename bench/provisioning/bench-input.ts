/**
 * The spec every bench org is provisioned (and verified) with, in the documented YAML form and through the real
 * loader: two OAuth clients, one Altocloud role, one admin, the certificate and the identity provider, as in the
 * integration tests; with a test user for verification's SAML sign-in when one is named.
 */
import { join } from 'node:path';
import type { CreatedOrg } from '../../emulator/routes/control.js';
import { toProvisionInput } from '../../provisioning/spec-to-input.js';
import type { ProvisionInput } from '../../provisioning/types.js';
import { parseSpec } from '../../spec/load.js';
import { sampleSpecEnv, sampleSpecYaml } from '../../spec/sample-spec.js';
import { resolveSpecSecrets } from '../../spec/secrets.js';
import { toVerifyInput } from '../../verification/spec-to-verify-input.js';
import type { VerifyInput } from '../../verification/types.js';

async function benchSpec(
  emulatorUrl: string,
  org: CreatedOrg,
  outputRoot: string,
  verification?: { testUserEmail: string },
) {
  const slug = org.thirdPartyOrgName.toLowerCase();
  const yaml = sampleSpecYaml({
    org: slug,
    environment: emulatorUrl,
    output: join(outputRoot, slug),
    subjectOrganization: 'Bench',
    // Valid long enough that verification's expiry check passes (warn under 90 days), as in the verify tests.
    ...(verification && { testUserEmail: verification.testUserEmail, certificateDays: 400 }),
  });
  const spec = parseSpec(yaml);
  return { spec, secrets: await resolveSpecSecrets(spec, { env: sampleSpecEnv(org) }) };
}

export async function benchInput(
  emulatorUrl: string,
  org: CreatedOrg,
  outputRoot: string,
): Promise<ProvisionInput> {
  const { spec, secrets } = await benchSpec(emulatorUrl, org, outputRoot);
  return toProvisionInput(spec, secrets);
}

/** Verification of the bench spec, signing in as `agent@<org>.example.com` through the SAML2 bearer client. */
export async function benchVerifyInput(
  emulatorUrl: string,
  org: CreatedOrg,
  outputRoot: string,
): Promise<VerifyInput> {
  const testUserEmail = `agent@${org.thirdPartyOrgName.toLowerCase()}.example.com`;
  const { spec, secrets } = await benchSpec(emulatorUrl, org, outputRoot, { testUserEmail });
  return toVerifyInput(spec, secrets);
}
