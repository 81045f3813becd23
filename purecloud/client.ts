/** `createGenesysClient`: one connection to a Genesys Cloud org (or the emulator), grouped by resource. */
import type { Dispatcher } from 'undici';
import { ClientCredentialsTokenCache } from './auth.js';
import { authorizationApi, type AuthorizationApi } from './authorization.js';
import { GenesysConfigurationError } from './errors.js';
import { HttpTransport, type HttpTransportOptions } from './http.js';
import { identityProvidersApi, type IdentityProvidersApi } from './identity-providers.js';
import { oauthClientUsageApi, type OAuthClientUsageApi } from './oauth-client-usage.js';
import { oauthClientsApi, type OAuthClientsApi } from './oauth-clients.js';
import { organizationApi, type OrganizationApi } from './organization.js';
import { permissionsApi, type PermissionsApi } from './permissions.js';
import { PlatformApi } from './platform-api.js';
import { SecretScrubber } from './redact.js';
import { resolveGenesysEndpoints } from './regions.js';
import { rolesApi, type RolesApi } from './roles.js';
import { tokenApi, type TokenApi } from './token.js';
import { usersApi, type UsersApi } from './users.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_USER_AGENT = 'hybrid-provisioner/0.1 (purecloud client; undici)';

export interface GenesysConnectionOptions {
  /** Region host (`mypurecloud.ie`), SDK region key (`eu_west_1`) or emulator origin (`http://127.0.0.1:8080`). */
  environment: string;
  /** A client-credentials OAuth client of the org. */
  clientId: string;
  clientSecret: string;
  /** Per-request limit for response headers and for the body, each; default 30 s. */
  timeoutMs?: number;
  userAgent?: string;
  /**
   * Use this undici dispatcher instead of the client's own keep-alive Agent (tests pass a MockAgent).
   * `close()` leaves an injected dispatcher open: its owner closes it.
   */
  dispatcher?: Dispatcher;
  /** Sees every exchange (the worker counts them); see HttpTransportOptions.onResponse. */
  onResponse?: HttpTransportOptions['onResponse'];
  /** Paces requests (the worker's per-org budget); see HttpTransportOptions.beforeRequest. */
  beforeRequest?: HttpTransportOptions['beforeRequest'];
}

export interface GenesysClient {
  readonly apiBaseUrl: string;
  readonly loginBaseUrl: string;
  /** The id of the OAuth client this connection acts as (to read its own roles). */
  readonly clientId: string;
  readonly oauthClients: OAuthClientsApi;
  readonly oauthClientUsage: OAuthClientUsageApi;
  readonly identityProviders: IdentityProvidersApi;
  readonly roles: RolesApi;
  readonly permissions: PermissionsApi;
  readonly users: UsersApi;
  readonly authorization: AuthorizationApi;
  readonly organization: OrganizationApi;
  readonly token: TokenApi;
  /** Closes the keep-alive connections; later calls fail with a GenesysNetworkError. */
  close(): Promise<void>;
}

function requireText(field: 'clientId' | 'clientSecret', value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new GenesysConfigurationError(
      field,
      'it is empty; give the id and secret of a client-credentials OAuth client',
    );
  }
  return value;
}

function validTimeout(value: number | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(value) || value <= 0) {
    throw new GenesysConfigurationError(
      'timeoutMs',
      `must be a positive whole number of milliseconds, got ${value}`,
    );
  }
  return value;
}

export function createGenesysClient(options: GenesysConnectionOptions): GenesysClient {
  const { apiBaseUrl, loginBaseUrl } = resolveGenesysEndpoints(options.environment);
  const clientId = requireText('clientId', options.clientId);
  const clientSecret = requireText('clientSecret', options.clientSecret);
  const transport = new HttpTransport({
    timeoutMs: validTimeout(options.timeoutMs),
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    dispatcher: options.dispatcher,
    onResponse: options.onResponse,
    beforeRequest: options.beforeRequest,
  });
  const scrubber = new SecretScrubber().add(clientSecret);
  const tokens = new ClientCredentialsTokenCache(transport, loginBaseUrl, clientId, clientSecret, scrubber);
  const api = new PlatformApi(transport, apiBaseUrl, tokens, scrubber);

  return {
    apiBaseUrl,
    loginBaseUrl,
    clientId,
    oauthClients: oauthClientsApi(api),
    oauthClientUsage: oauthClientUsageApi(api),
    identityProviders: identityProvidersApi(api),
    roles: rolesApi(api),
    permissions: permissionsApi(api),
    users: usersApi(api),
    authorization: authorizationApi(api),
    organization: organizationApi(api),
    token: tokenApi(transport, loginBaseUrl, scrubber),
    close: () => transport.close(),
  };
}
