/**
 * The one PUT body of an OAuth client: the client as it is, every writable field kept.
 *
 * `PUT /api/v2/oauth/clients/{id}` replaces the whole client (SDK `OAuthClientRequest`, index.d.ts; reference
 * §12 "Whole-object PUTs"): a field not sent is gone. So every PUT starts from this body, whatever it then
 * changes: deactivating before a delete (./oauth-clients.ts), widening an adopted client and restoring it
 * (decisions/oauth-client.ts), rotation's twin and state changes (activities/client-secret-rotation.ts).
 * Pure (types only), so the decisions and workflow code may use it too.
 */
import type { OAuthClient, OAuthClientRequest, OAuthGrantType } from './types.js';

/**
 * The API still answers with legacy spellings (SAML2BEARER, CLIENT_CREDENTIALS), as older SDK models and
 * Terraform write them; we send the hyphenated ones (reference §3.1). The spec accepts them too.
 */
export const LEGACY_OAUTH_GRANT_TYPES: Readonly<Record<string, OAuthGrantType>> = {
  SAML2BEARER: 'SAML2-BEARER',
  CLIENT_CREDENTIALS: 'CLIENT-CREDENTIALS',
};

export function normaliseGrantType(value: string): string {
  const upper = value.toUpperCase();
  return LEGACY_OAUTH_GRANT_TYPES[upper] ?? upper;
}

/**
 * The writable fields of SDK `OAuthClientRequest` as a client was read: an API model (`OAuthClient`) or the
 * snapshot of one recorded in workflow history (provisioning/types.ts `OAuthClientSnapshot`). Never the secret.
 */
export type OAuthClientFields = Pick<
  OAuthClient,
  | 'name'
  | 'authorizedGrantType'
  | 'accessTokenValiditySeconds'
  | 'description'
  | 'registeredRedirectUri'
  | 'roleIds'
  | 'scope'
  | 'roleDivisions'
  | 'dateToDelete'
> & { state?: string };

/**
 * The request that writes the client back as it is: a PUT of it changes nothing. Callers change what they
 * mean to change on a copy. Empty lists are left out (the API answers absent lists as empty); state
 * `deleted` (listings of removed clients) is not a state a request can set, so it is left out too.
 */
export function toOAuthClientRequest(client: OAuthClientFields): OAuthClientRequest {
  const request: OAuthClientRequest = {
    name: client.name,
    authorizedGrantType: normaliseGrantType(client.authorizedGrantType) as OAuthGrantType,
  };
  if (client.accessTokenValiditySeconds !== undefined)
    request.accessTokenValiditySeconds = client.accessTokenValiditySeconds;
  if (client.description !== undefined) request.description = client.description;
  if (client.registeredRedirectUri?.length) request.registeredRedirectUri = [...client.registeredRedirectUri];
  if (client.scope?.length) request.scope = [...client.scope];
  // roleIds is the deprecated mirror of roleDivisions; sending both invites a validation error.
  if (client.roleDivisions?.length)
    request.roleDivisions = client.roleDivisions.map((rd) => ({
      roleId: rd.roleId,
      divisionId: rd.divisionId,
    }));
  else if (client.roleIds?.length) request.roleIds = [...client.roleIds];
  if (client.state !== undefined && client.state !== 'deleted')
    request.state = client.state as OAuthClientRequest['state'];
  if (client.dateToDelete !== undefined) request.dateToDelete = client.dateToDelete;
  return request;
}
