/** Public surface of the Genesys Cloud client. It knows nothing of Temporal; activities map its errors. */
export { createGenesysClient, DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT } from './client.js';
export type { GenesysClient, GenesysConnectionOptions } from './client.js';
export {
  GenesysError,
  GenesysHttpError,
  GenesysApiError,
  GenesysAuthError,
  GenesysNetworkError,
  GenesysConfigurationError,
  kindOfStatus,
} from './errors.js';
export type { GenesysErrorKind, GenesysErrorDetail, GenesysNetworkFailure } from './errors.js';
export { GENESYS_REGION_HOSTS, resolveGenesysEndpoints, resolveGenesysHosts } from './regions.js';
export type { GenesysRegionKey, GenesysEndpoints } from './regions.js';
export type { OAuthClientsApi } from './oauth-clients.js';
export type { IdentityProvidersApi } from './identity-providers.js';
export type { RolesApi, RoleQuery } from './roles.js';
export type { PermissionsApi } from './permissions.js';
export type { UsersApi, FindUserOptions } from './users.js';
export type { AuthorizationApi } from './authorization.js';
export type { OrganizationApi } from './organization.js';
export type { TokenApi, Saml2BearerInput } from './token.js';
export type { IssuedToken } from './auth.js';
export type * from './types.js';
