/**
 * From a validated spec to the provisioning workflow's input.
 *
 * Secrets: with the payload codec encrypting history (the normal path) the CLI resolves them here and they
 * travel as values, so the worker needs none of the user's variables or files. Without a codec they stay
 * references that the worker resolves in its own environment.
 */
import type { ProvisioningSpec } from '../spec/schema.js';
import type { ResolvedSpecSecrets } from '../spec/secrets.js';
import type { ProvisionInput } from './types.js';

export function toProvisionInput(spec: ProvisioningSpec, secrets?: ResolvedSpecSecrets): ProvisionInput {
  return {
    org: spec.org,
    target: {
      environment: spec.environment,
      clientId: secrets ? { value: secrets.clientId } : spec.credentials.clientId,
      clientSecret: secrets ? { value: secrets.clientSecret } : spec.credentials.clientSecret,
    },
    oauthClients: spec.oauthClients.map((c) => ({
      name: c.name,
      grantType: c.grantType,
      redirectUris: c.redirectUris,
      roles: c.roles,
      description: c.description,
      accessTokenValiditySeconds: c.accessTokenValiditySeconds,
      division: c.division,
      ...(c.scopes ? { scopes: c.scopes } : {}),
    })),
    certificate: {
      options: {
        days: spec.certificate.days,
        keyBits: spec.certificate.keyBits,
        subject: spec.certificate.subject,
        keyFormat: spec.certificate.keyFormat,
      },
      password: secrets ? { value: secrets.keyPassword } : spec.certificate.password,
    },
    identityProvider: spec.identityProvider,
    altocloud: { roles: spec.altocloud.roles, permissions: spec.altocloud.permissions },
    admins: spec.admins,
    onExisting: spec.onExisting,
    outputDir: spec.output,
    ...(spec.retryBudgetSeconds !== undefined && { retryBudgetMs: spec.retryBudgetSeconds * 1000 }),
  };
}
