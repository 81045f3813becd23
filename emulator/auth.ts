import { expandPolicies, permissionParts, policyGrantsParts, type PermissionPolicy } from './catalog.js';
import { ApiError } from './errors.js';
import type { EmulatorStore } from './store/state.js';
import type { ClientRecord, OrgState, RoleRecord, TokenRecord, UserRecord } from './store/types.js';

/** Who is calling: the org and client behind the bearer token, and the user for SAML2-bearer tokens. */
export interface Principal {
  token: TokenRecord;
  org: OrgState;
  client: ClientRecord;
  user?: UserRecord;
  roles: RoleRecord[];
}

/**
 * Resolves `Authorization: Bearer <token>`. Permissions are evaluated live from the subject's current roles
 * (not frozen at issue time) so a role update takes effect on the next call.
 */
export function authenticate(
  store: EmulatorStore,
  authorization: string | undefined,
  now: number,
): Principal {
  const m = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) {
    throw new ApiError(
      401,
      'authentication.required',
      'No authentication bearer token specified in authorization header.',
    );
  }
  const token = store.tokens.get(m[1] as string);
  if (!token) throw new ApiError(401, 'bad.credentials', 'Invalid login credentials.');
  if (token.expiresAt <= now) {
    store.tokens.delete(token.token);
    throw new ApiError(
      401,
      'credentials.expired',
      'The supplied credentials have expired. Request a new access token.',
    );
  }
  const org = store.orgs.get(token.orgId);
  const client = org?.clients.find((c) => c.id === token.clientId);
  if (!org || !client || client.state !== 'active') {
    // The client was deleted or deactivated: its tokens die with it.
    throw new ApiError(401, 'bad.credentials', 'Invalid login credentials.');
  }
  if (token.userId === undefined) return { token, org, client, roles: clientRoles(org, client) };
  const user = org.users.find((u) => u.id === token.userId && u.state !== 'deleted');
  if (!user) throw new ApiError(401, 'bad.credentials', 'Invalid login credentials.');
  return { token, org, client, user, roles: userRoles(org, user.id) };
}

export function clientRoles(org: OrgState, client: ClientRecord): RoleRecord[] {
  return rolesById(
    org,
    client.roleDivisions.map((rd) => rd.roleId),
  );
}

export function userRoles(org: OrgState, userId: string): RoleRecord[] {
  return rolesById(
    org,
    org.userGrants.filter((g) => g.subjectId === userId).map((g) => g.roleId),
  );
}

function rolesById(org: OrgState, ids: string[]): RoleRecord[] {
  const wanted = new Set(ids);
  return org.roles.filter((r) => wanted.has(r.id));
}

export function hasPermission(roles: RoleRecord[], permission: string): boolean {
  const parts = permissionParts(permission);
  return roles.some(
    (r) =>
      r.permissions.includes(permission) || r.permissionPolicies.some((p) => policyGrantsParts(p, parts)),
  );
}

/** 403 `missing.any.permissions` unless the caller holds at least one of `permissions`. */
export function requireAny(principal: Principal, ...permissions: string[]): void {
  if (permissions.some((p) => hasPermission(principal.roles, p))) return;
  const list = permissions.join(', ');
  throw new ApiError(
    403,
    'missing.any.permissions',
    `Unable to perform the requested action. You must have at least one of the following permissions assigned: [${list}]`,
    { messageParams: { permissions: list } },
  );
}

/** 403 `missing.permissions` unless the caller holds every one of `permissions`. */
export function requireAll(principal: Principal, ...permissions: string[]): void {
  const missing = permissions.filter((p) => !hasPermission(principal.roles, p));
  if (missing.length === 0) return;
  const list = missing.join(', ');
  throw new ApiError(
    403,
    'missing.permissions',
    `Unable to perform the requested action. You are missing the following permission(s): [${list}]`,
    { messageParams: { permissions: list } },
  );
}

export function rolesPolicies(roles: RoleRecord[]): PermissionPolicy[] {
  return roles.flatMap((r) => r.permissionPolicies);
}

export function rolesPermissions(roles: RoleRecord[]): string[] {
  return expandPolicies(
    rolesPolicies(roles),
    roles.flatMap((r) => r.permissions),
  );
}

/**
 * Role-holding rule: a caller can only give a client roles it holds itself. Terraform's `oauth_client` docs:
 * "The roles must also already be assigned to the OAuth Client used by Terraform" (its acceptance test: "Must
 * use a role already assigned to the TF OAuth client"); help.mypurecloud.com "Create an OAuth client"
 * (p=188025) lists "The same roles as the OAuth Client you plan to edit". Applies to create and update, to
 * every role of the request (not only the added ones: to edit a client you need its roles). Divisions are
 * not compared (only the home division is emulated). The status and code (403 `not.authorized`, a code the
 * real API uses for other refusals) are unconfirmed: see emulator/README.md.
 */
export function requireHeldRoles(principal: Principal, roleDivisions: { roleId: string }[]): void {
  const held = new Set(principal.roles.map((r) => r.id));
  const lacking = [...new Set(roleDivisions.map((rd) => rd.roleId))].filter((id) => !held.has(id));
  if (lacking.length === 0) return;
  const names = lacking.map((id) => principal.org.roles.find((r) => r.id === id)?.name ?? id).join(', ');
  throw new ApiError(
    403,
    'not.authorized',
    `You cannot grant roles you do not hold yourself: the calling client lacks [${names}]. Grant those roles to the calling client first.`,
    { messageParams: { roles: names } },
  );
}
