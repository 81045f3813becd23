/**
 * The spec every bench org is provisioned with, in the documented YAML form and through the real loader:
 * two OAuth clients, one Altocloud role, one admin, the certificate and the identity provider, as in the
 * integration tests.
 */
import { join } from 'node:path';
import type { CreatedOrg } from '../../emulator/routes/control.js';
import { toProvisionInput } from '../../provisioning/spec-to-input.js';
import type { ProvisionInput } from '../../provisioning/types.js';
import { parseSpec } from '../../spec/load.js';
import { sampleSpecEnv, sampleSpecYaml } from '../../spec/sample-spec.js';
import { resolveSpecSecrets } from '../../spec/secrets.js';

export async function benchInput(
  emulatorUrl: string,
  org: CreatedOrg,
  outputRoot: string,
): Promise<ProvisionInput> {
  const slug = org.thirdPartyOrgName.toLowerCase();
  const yaml = sampleSpecYaml({
    org: slug,
    environment: emulatorUrl,
    output: join(outputRoot, slug),
    subjectOrganization: 'Bench',
  });
  const spec = parseSpec(yaml);
  const secrets = await resolveSpecSecrets(spec, { env: sampleSpecEnv(org) });
  return toProvisionInput(spec, secrets);
}
