import type { OrgState } from './types.js';

/**
 * Control-API view of one org: everything a test wants to compare, nothing secret, nothing volatile.
 * Client secrets and tokens are left out; timestamps are left out so that two dumps of the same content
 * compare equal; every list is sorted so the order of creation does not matter.
 */
export interface OrgStateDump {
  id: string;
  name: string;
  thirdPartyOrgName: string;
  homeDivision: { id: string; name: string };
  roles: {
    id: string;
    name: string;
    description: string;
    defaultRoleId?: string;
    default: boolean;
    permissions: string[];
    permissionPolicies: { domain: string; entityName: string; actionSet: string[] }[];
  }[];
  clients: {
    id: string;
    name: string;
    description?: string;
    authorizedGrantType: string;
    accessTokenValiditySeconds: number;
    registeredRedirectUri: string[];
    scope: string[];
    roleDivisions: { roleId: string; divisionId: string }[];
    state: string;
  }[];
  identityProvider: Record<string, unknown> | null;
  /** Generic identity providers (`POST /api/v2/identityproviders`), by name then id. */
  identityProviders: Record<string, unknown>[];
  /** `invitationsSent` only when at least one invitation went out. */
  users: {
    id: string;
    name: string;
    email: string;
    divisionId: string;
    state: string;
    invitationsSent?: number;
  }[];
  grants: { subjectId: string; roleId: string; divisionId: string }[];
}

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b));
const sortedStrings = (xs: string[]) => [...xs].sort();

export function dumpOrg(org: OrgState): OrgStateDump {
  return {
    id: org.id,
    name: org.name,
    thirdPartyOrgName: org.thirdPartyOrgName,
    homeDivision: { id: org.homeDivision.id, name: org.homeDivision.name },
    roles: org.roles
      .map((r) => ({
        id: r.id,
        name: r.name,
        description: r.description,
        ...(r.defaultRoleId === undefined ? {} : { defaultRoleId: r.defaultRoleId }),
        default: r.default,
        permissions: sortedStrings(r.permissions),
        permissionPolicies: r.permissionPolicies
          .map((p) => ({ domain: p.domain, entityName: p.entityName, actionSet: sortedStrings(p.actionSet) }))
          .sort(byKey((p) => `${p.domain}:${p.entityName}:${p.actionSet.join(',')}`)),
      }))
      .sort(byKey((r) => `${r.name}\u0000${r.id}`)),
    clients: org.clients
      .map((c) => ({
        id: c.id,
        name: c.name,
        ...(c.description === undefined ? {} : { description: c.description }),
        authorizedGrantType: c.authorizedGrantType,
        accessTokenValiditySeconds: c.accessTokenValiditySeconds,
        registeredRedirectUri: sortedStrings(c.registeredRedirectUri),
        scope: sortedStrings(c.scope),
        roleDivisions: [...c.roleDivisions].sort(byKey((rd) => `${rd.roleId}:${rd.divisionId}`)),
        state: c.state,
      }))
      .sort(byKey((c) => `${c.name}\u0000${c.id}`)),
    identityProvider: org.identityProvider ? { ...org.identityProvider } : null,
    identityProviders: org.customIdentityProviders
      .map((p) => ({ ...p }))
      .sort(byKey((p) => `${p.name}\u0000${p.id}`)),
    users: org.users
      .map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        divisionId: u.divisionId,
        state: u.state,
        ...(u.invitationsSent ? { invitationsSent: u.invitationsSent } : {}),
      }))
      .sort(byKey((u) => `${u.email}\u0000${u.id}`)),
    grants: org.userGrants
      .map((g) => ({ subjectId: g.subjectId, roleId: g.roleId, divisionId: g.divisionId }))
      .sort(byKey((g) => `${g.subjectId}:${g.roleId}:${g.divisionId}`)),
  };
}
