/** The caller's organization: `/api/v2/organizations/me`. */
import type { PlatformApi } from './platform-api.js';
import type { Organization } from './types.js';

export interface OrganizationApi {
  /** Includes `thirdPartyOrgName`, the org short name the SAML2 bearer grant needs. */
  me(): Promise<Organization>;
}

export function organizationApi(api: PlatformApi): OrganizationApi {
  return { me: () => api.call<Organization>('GET', '/api/v2/organizations/me') };
}
