/**
 * OAuth clients: one rule for what the org must change so a client is as the spec wants it, used by
 * provisioning (activities/oauth-client.ts), `plan` and `verify` (drift/diff.ts) and `hybrid import`.
 *
 * A client that exists is adopted and widened, never narrowed: redirect URIs, scopes and role grants it has
 * are kept, the ones the spec wants are added, and it is made active. The fields the spec sets outright
 * (`description`, `accessTokenValiditySeconds`) are set to the spec's value when they differ; left out of the
 * spec, they keep what the client has. Its grant type cannot change in place (preflight refuses). A missing
 * client is created.
 *
 * `PUT /api/v2/oauth/clients/{id}` replaces the whole client (SDK OAuthClientRequest; reference §12 "Whole-
 * object PUTs"): every request starts from the before-state through the one body builder
 * (purecloud/oauth-client-request.ts), so a field not sent (scope, description, token validity, state, role
 * grants beyond ours, legacy roleIds) is never lost. The one field an update leaves out on purpose is
 * `dateToDelete`: the spec wants the client kept (see `scheduledDeletion`).
 */
import { runMarkersIn, withoutRunMarker } from '../provisioning/run-marker.js';
import type { OAuthClientSnapshot, OAuthClientWanted, OnExisting, OrgState } from '../provisioning/types.js';
import { normaliseGrantType, toOAuthClientRequest } from '../purecloud/oauth-client-request.js';
import type { RoleDivision } from '../purecloud/types.js';
import type { CreateOAuthClient, Problem, UpdateOAuthClient } from './changes.js';
import { roleIdsNamed, roleNamesById, unknownRoleProblems } from './role-names.js';

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

/**
 * Token lifetime of a client whose `accessTokenValiditySeconds` the API left out: its documented default
 * (300..172800 s, default 86400: PY SDK `OAuthClientRequest.md`, reference §3.1; the emulator applies it too).
 */
export const DEFAULT_ACCESS_TOKEN_VALIDITY_SECONDS = 86_400;

const roleDivisionKey = (rd: RoleDivision) => `${rd.roleId}/${rd.divisionId}`;

/**
 * The date a client is to be deleted on, if it is: the spec wants it kept. Genesys keeps a deleted client
 * that is more than 30 days old deactivated for seven days before removing it, and it can be restored
 * meanwhile (help "View, edit, delete, or restore OAuth clients", p=188025); the API answers the date as
 * `dateToDelete` (SDK OAuthClient), a writable field of the whole-client PUT (SDK OAuthClientRequest). So an
 * update sends the client active and without `dateToDelete`, and the next read shows whether the deletion was
 * called off: `verify` reports the date for as long as the client has one. That a PUT without the field
 * clears it is unconfirmed (emulator/README.md); the emulator's PUT clears it, as it does any field not sent.
 */
export function scheduledDeletion(client: Pick<OAuthClientSnapshot, 'dateToDelete'>): string | undefined {
  return client.dateToDelete || undefined;
}

/**
 * Role grants the API answered only as the deprecated `roleIds` (SDK OAuthClient/OAuthClientRequest `roleIds`,
 * deprecated in favour of `roleDivisions`, reference §3.1), with no `roleDivisions`. Adding a grant means
 * sending `roleDivisions`, and the PUT replaces the whole client; but no source says in which division a legacy
 * grant is held (Terraform's oauth_client resource reads and writes `roleDivisions` only, genesyscloud/
 * oauth_client/resource_genesyscloud_oauth_client_utils.go), so carrying them over could narrow a grant held in
 * all divisions. Provisioning refuses such a client instead (`oauthClientProblems`); empty when it has none.
 */
export function legacyOnlyRoleIds(client: Pick<OAuthClientSnapshot, 'roleIds' | 'roleDivisions'>): string[] {
  return client.roleDivisions.length === 0 ? [...(client.roleIds ?? [])] : [];
}

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
  const request = toOAuthClientRequest(actual);
  const reasons: string[] = [];
  // An unset state reads as active (the API's default); either way the update makes it explicit.
  if (actual.state !== undefined && actual.state !== 'active')
    reasons.push(`state is ${actual.state}, not active`);
  request.state = 'active';
  const deletion = scheduledDeletion(actual);
  if (deletion !== undefined) {
    reasons.push(`scheduled for deletion on ${deletion} (dateToDelete); the update calls the deletion off`);
    delete request.dateToDelete;
  }
  const missingUris = wanted.redirectUris.filter((uri) => !actual.registeredRedirectUri.includes(uri));
  if (missingUris.length > 0) {
    reasons.push(`redirect URIs lack ${quoted(missingUris)}`);
    request.registeredRedirectUri = [...actual.registeredRedirectUri, ...missingUris];
  }
  // The run marker in a description names the run that created the client (activities/oauth-client.ts):
  // the spec's description is compared without it, and an update keeps it.
  const description = withoutRunMarker(actual.description ?? '');
  if (wanted.description !== undefined && description !== wanted.description) {
    reasons.push(`description is "${description}", not "${wanted.description}"`);
    request.description = [wanted.description, ...runMarkersIn(actual.description ?? '')]
      .filter(Boolean)
      .join(' ');
  }
  const validity = actual.accessTokenValiditySeconds ?? DEFAULT_ACCESS_TOKEN_VALIDITY_SECONDS;
  if (wanted.accessTokenValiditySeconds !== undefined && validity !== wanted.accessTokenValiditySeconds) {
    reasons.push(`access tokens last ${validity} s, not ${wanted.accessTokenValiditySeconds} s`);
    request.accessTokenValiditySeconds = wanted.accessTokenValiditySeconds;
  }
  const hasScopes = actual.scope ?? [];
  const missingScopes = (wanted.scopes ?? []).filter((scope) => !hasScopes.includes(scope));
  if (missingScopes.length > 0) {
    reasons.push(`scopes lack ${quoted(missingScopes)}`);
    request.scope = [...hasScopes, ...missingScopes];
  }
  // Grants are judged on roleDivisions. A client the API answered with legacy roleIds only keeps them: the
  // body sends them as they are and adds no grant, since sending roleDivisions would replace them
  // (`legacyOnlyRoleIds`; the preflight refuses such a client, so provisioning never sends this body).
  const held = new Set(actual.roleDivisions.map(roleDivisionKey));
  // A legacy grant holds its role in some division: enough, as no source says which (`legacyOnlyRoleIds`).
  const heldLegacy = new Set(legacyOnlyRoleIds(actual));
  const lacking = (wantedRoles ?? []).filter(
    (rd) => !held.has(roleDivisionKey(rd)) && !heldLegacy.has(rd.roleId),
  );
  if (lacking.length > 0) {
    const names = quoted(lacking.map((rd) => roleNames.get(rd.roleId) ?? roleDivisionKey(rd)));
    if (legacyOnlyRoleIds(actual).length > 0) {
      reasons.push(`roles lack ${names} (not added: it holds its roles only as legacy roleIds)`);
    } else {
      reasons.push(`roles lack ${names}`);
      request.roleDivisions = [...actual.roleDivisions, ...lacking];
    }
  }
  if (reasons.length === 0) return [];
  return [{ resource: 'oauth-client', action: 'update', name: wanted.name, id: actual.id, reasons, request }];
}

/**
 * The undo of an adopted client: its snapshot written back (`toOAuthClientRequest(before)`), when any field
 * that body would write differs from what the org has now. Lists compare as sets, an unset state as active.
 */
export function needsRestore(before: OAuthClientSnapshot, current: OAuthClientSnapshot): boolean {
  const key = (s: OAuthClientSnapshot) => {
    const { registeredRedirectUri, scope, roleDivisions, roleIds, state, ...rest } = toOAuthClientRequest(s);
    return JSON.stringify({
      ...rest,
      uris: [...(registeredRedirectUri ?? [])].sort(),
      scopes: [...(scope ?? [])].sort(),
      roles: (roleDivisions ?? []).map(roleDivisionKey).sort(),
      roleIds: [...(roleIds ?? [])].sort(),
      state: state ?? 'active',
    });
  };
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
  } else if (first && wanted.grantType === 'CLIENT-CREDENTIALS' && wanted.roles.length > 0) {
    const legacy = legacyOnlyRoleIds(first);
    // Refused only when a role must be added: legacy grants that already hold every wanted role need no PUT.
    const toAdd = roleIdsNamed(wanted.roles, state).filter((id) => !legacy.includes(id));
    if (legacy.length > 0 && toAdd.length > 0) {
      const byId = roleNamesById(state);
      const names = legacy.map((id) => byId.get(id) ?? id);
      invalid(
        `oauthClients "${wanted.name}": client ${first.id} holds its roles (${quoted(names)}) only as the deprecated roleIds, ` +
          'in no division; adding roles would replace them. In Genesys Cloud (Admin > Integrations > OAuth > Edit Application, help p=188025) save its roles ' +
          'again with a division each, then run again',
      );
    }
  }
  return problems;
}
