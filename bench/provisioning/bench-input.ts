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
import { resolveSpecSecrets } from '../../spec/secrets.js';

export async function benchInput(
  emulatorUrl: string,
  org: CreatedOrg,
  outputRoot: string,
): Promise<ProvisionInput> {
  const slug = org.thirdPartyOrgName.toLowerCase();
  const yaml = `
org: ${slug}
environment: ${emulatorUrl}
credentials: { clientId: env:B_CLIENT_ID, clientSecret: env:B_CLIENT_SECRET }
oauthClients:
  - { name: PureEngage WDE, grantType: SAML2-BEARER, redirectUris: [https://apps.mypurecloud.com] }
  - { name: Agent Pacing Service (ewt), grantType: CLIENT-CREDENTIALS, roles: [employee] }
certificate: { days: 30, subject: "CN=PureEngage SAML,O=Bench", password: env:B_KEY_PASSWORD }
identityProvider: { issuerURI: "http://www.genesys.com/pureengage/${slug}", ssoTargetURI: http://example.com/target }
altocloud: { roles: [employee] }
admins: [{ name: Jane Admin, email: jane@${slug}.example.com }]
output: ${join(outputRoot, slug)}
`;
  const spec = parseSpec(yaml);
  const secrets = await resolveSpecSecrets(spec, {
    env: {
      B_CLIENT_ID: org.adminClientId,
      B_CLIENT_SECRET: org.adminClientSecret,
      B_KEY_PASSWORD: 'correct horse battery staple',
    },
  });
  return toProvisionInput(spec, secrets);
}
