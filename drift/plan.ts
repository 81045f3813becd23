/** `plan`: what provisioning would do to the org, read in-process through the Genesys client, no Temporal. */
import { createGenesysClient } from '../purecloud/index.js';
import type { ProvisionInput } from '../provisioning/types.js';
import { resolveSecret } from '../secrets/secret-ref.js';
import { diffOrg } from './diff.js';
import { readOrgState } from '../org-state/read-org-state.js';
import type { DriftItem } from './types.js';

export async function planProvisioning(input: ProvisionInput): Promise<DriftItem[]> {
  const genesys = createGenesysClient({
    environment: input.target.environment,
    clientId: await resolveSecret(input.target.clientId, 'credentials.clientId'),
    clientSecret: await resolveSecret(input.target.clientSecret, 'credentials.clientSecret'),
  });
  try {
    return diffOrg(input, await readOrgState(genesys, input));
  } finally {
    await genesys.close();
  }
}
