import { ALTOCLOUD_DOMAIN } from './altocloud-permissions.js';
import { isEnvironmentUrl, regionHostOfUrl } from './environment.js';
import type { ProvisioningSpec } from './schema.js';

/**
 * Choices the schema accepts but that contradict the hybrid checklist or are likely mistakes. Each warning
 * starts with the field path; none holds a secret. Empty for a spec that follows the checklist.
 */
export function specWarnings(spec: ProvisioningSpec): string[] {
  const warnings: string[] = [];
  const idp = spec.identityProvider;
  if (!idp.autoProvisionUsers) {
    warnings.push(
      'identityProvider.autoProvisionUsers: false means PureEngage agents without a Genesys Cloud user cannot ' +
        'sign in through SAML; the hybrid checklist expects true',
    );
  }
  if (idp.disabled) {
    warnings.push(
      'identityProvider.disabled: true leaves the PureEngage identity provider off, so no agent can sign in ' +
        'through it; the hybrid checklist expects false',
    );
  }
  if (spec.altocloud.roles.length === 0) {
    warnings.push(
      'altocloud.roles: empty, so no role gets the Altocloud permissions; agents will not see journeys',
    );
  }
  const outside = spec.altocloud.permissions.filter((p) => !p.startsWith(`${ALTOCLOUD_DOMAIN}:`));
  if (outside.length > 0) {
    warnings.push(
      `altocloud.permissions: grants permissions outside the journey domain: ${outside.join(', ')}`,
    );
  }
  if (isEnvironmentUrl(spec.environment)) {
    const host = regionHostOfUrl(spec.environment);
    if (host !== undefined) {
      warnings.push(
        `environment: a URL is taken as one base for both API and login (the emulator's layout); ` +
          `for the real region write environment: ${host}`,
      );
    }
  }
  return warnings;
}
