/**
 * OAuth clients: one rule for what the org must change so a client is as the spec wants it.
 *
 * A client that exists is adopted and widened, never narrowed: redirect URIs, scopes and role grants it has
 * are kept, the ones the spec wants are added, and it is made active. Its grant type cannot change in place
 * (preflight refuses). A missing client is created.
 *
 * `PUT /api/v2/oauth/clients/{id}` replaces the whole client (SDK OAuthClientRequest; reference §12 "Whole-
 * object PUTs"): every request is built from the before-state, so a field not sent (scope, description, token
 * validity, state, role grants beyond ours) is never lost.
 */
import { normaliseGrantType } from '../provisioning/grant-types.js';
import type { OAuthClientSnapshot, OAuthClientWanted, OnExisting, OrgState } from '../provisioning/types.js';
import type { OAuthClientRequest, OAuthGrantType, RoleDivision } from '../purecloud/types.js';
import type { CreateOAuthClient, Problem, UpdateOAuthClient } from './changes.js';
import { roleIdsNamed, unknownRoleProblems } from './role-names.js';

/** Where a client's role grants go, resolved against the org: role ids (known roles only) and a division id. */
export interface OAuthClientGrants {
  roleIds: string[];
  divisionId: string;
}

/** The spec names the home division by name, '*' for all divisions, or nothing (home). */
export function divisionIdFor(division: string | undefined, state: OrgState): string {
  if (division === '*') return '*';
  if (division === undefined || division === state.homeDivision.name) return state.homeDivision.id;
  return division;
}

export function oauthClientGrants(wanted: OAuthClientWanted, state: OrgState): OAuthClientGrants {
  return {
    roleIds: roleIdsNamed(wanted.roles, state),
    divisionId: divisionIdFor(wanted.division, state),
  };
}

/** Only client-credentials clients hold roles; for other grant types the API refuses role divisions. */
function roleDivisionsOf(wanted: OAuthClientWanted, grants: OAuthClientGrants): RoleDivision[] | undefined {
  return wanted.grantType === 'CLIENT-CREDENTIALS'
    ? grants.roleIds.map((roleId) => ({ roleId, divisionId: grants.divisionId }))
    : undefined;
}

/** A snapshot as a PUT body: what the client had, so that writing it back changes nothing (and undoes). */
export function requestFromSnapshot(s: OAuthClientSnapshot): OAuthClientRequest {
  return {
    name: s.name,
    authorizedGrantType: normaliseGrantType(s.authorizedGrantType) as OAuthGrantType,
    description: s.description,
    registeredRedirectUri: s.registeredRedirectUri,
    roleDivisions: s.roleDivisions.length > 0 ? s.roleDivisions : undefined,
    // The PUT replaces the whole model: without them, widening a client would take its scopes away.
    scope: s.scope?.length ? s.scope : undefined,
    accessTokenValiditySeconds: s.accessTokenValiditySeconds,
    state: s.state === 'deleted' ? undefined : (s.state as OAuthClientRequest['state']),
  };
}

const roleDivisionKey = (rd: RoleDivision) => `${rd.roleId}/${rd.divisionId}`;
const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

/**
 * What the client must change; every reason names one difference. The update's request is the whole
 * model: the snapshot with the missing URIs and grants added and the state made active.
 */
export function decideOAuthClient(
  wanted: OAuthClientWanted,
  existing: readonly OAuthClientSnapshot[],
  grants: OAuthClientGrants,
  roleNames: ReadonlyMap<string, string> = new Map(),
): (CreateOAuthClient | UpdateOAuthClient)[] {
  const wantedRoles = roleDivisionsOf(wanted, grants);
  const actual = existing[0];
  if (!actual) {
    return [
      {
        resource: 'oauth-client',
        action: 'create',
        name: wanted.name,
        reasons: [`no OAuth client named "${wanted.name}"`],
        request: {
          name: wanted.name,
          authorizedGrantType: wanted.grantType,
          description: wanted.description,
          registeredRedirectUri: wanted.redirectUris.length > 0 ? wanted.redirectUris : undefined,
          roleDivisions: wantedRoles,
          accessTokenValiditySeconds: wanted.accessTokenValiditySeconds,
          state: 'active',
          scope: wanted.scopes?.length ? wanted.scopes : undefined,
        },
      },
    ];
  }
  const request = requestFromSnapshot(actual);
  const reasons: string[] = [];
  // An unset state reads as active (the API's default); either way the update makes it explicit.
  if (actual.state !== undefined && actual.state !== 'active')
    reasons.push(`state is ${actual.state}, not active`);
  request.state = 'active';
  const missingUris = wanted.redirectUris.filter((uri) => !actual.registeredRedirectUri.includes(uri));
  if (missingUris.length > 0) {
    reasons.push(`redirect URIs lack ${quoted(missingUris)}`);
    request.registeredRedirectUri = [...actual.registeredRedirectUri, ...missingUris];
  }
  const hasScopes = actual.scope ?? [];
  const missingScopes = (wanted.scopes ?? []).filter((scope) => !hasScopes.includes(scope));
  if (missingScopes.length > 0) {
    reasons.push(`scopes lack ${quoted(missingScopes)}`);
    request.scope = [...hasScopes, ...missingScopes];
  }
  const held = new Set(actual.roleDivisions.map(roleDivisionKey));
  const lacking = (wantedRoles ?? []).filter((rd) => !held.has(roleDivisionKey(rd)));
  if (lacking.length > 0) {
    reasons.push(
      `roles lack ${quoted(lacking.map((rd) => roleNames.get(rd.roleId) ?? roleDivisionKey(rd)))}`,
    );
    request.roleDivisions = [...actual.roleDivisions, ...lacking];
  }
  if (reasons.length === 0) return [];
  return [{ resource: 'oauth-client', action: 'update', name: wanted.name, id: actual.id, reasons, request }];
}

/**
 * The undo of an adopted client: its snapshot written back, when what the org has now differs from it in
 * what provisioning changes (redirect URIs, scopes, role grants, state).
 */
export function needsRestore(before: OAuthClientSnapshot, current: OAuthClientSnapshot): boolean {
  const key = (s: OAuthClientSnapshot) =>
    JSON.stringify({
      uris: [...s.registeredRedirectUri].sort(),
      roles: s.roleDivisions.map(roleDivisionKey).sort(),
      scopes: [...(s.scope ?? [])].sort(),
      state: s.state ?? 'active',
    });
  return key(before) !== key(current);
}

/** What stops provisioning from making this client as wanted. */
export function oauthClientProblems(
  wanted: OAuthClientWanted,
  state: OrgState,
  onExisting: OnExisting,
): Problem[] {
  const problems: Problem[] = unknownRoleProblems(wanted.roles, state);
  const invalid = (message: string) => problems.push({ kind: 'invalid', message });
  if (
    wanted.division !== undefined &&
    wanted.division !== '*' &&
    wanted.division !== state.homeDivision.name
  ) {
    invalid(
      `oauthClients "${wanted.name}": division "${wanted.division}" is not the home division ("${state.homeDivision.name}"); ` +
        "name the home division, use '*' for all divisions, or omit it",
    );
  }
  const existing = state.oauthClients[wanted.name] ?? [];
  const first = existing[0];
  if (existing.length > 1) {
    invalid(
      `oauthClients "${wanted.name}": ${existing.length} clients already bear this name; rename or delete all but one`,
    );
  } else if (first && normaliseGrantType(first.authorizedGrantType) !== wanted.grantType) {
    invalid(
      `oauthClients "${wanted.name}": a client of that name exists with grant type ${first.authorizedGrantType}, not ${wanted.grantType}; rename one of them`,
    );
  } else if (first && onExisting === 'fail') {
    problems.push({ kind: 'already-exists', message: `OAuth client "${wanted.name}" (${first.id})` });
  }
  return problems;
}
