import { defaultRoleDefinitions } from '../catalog.js';
import { newId, newSecret } from '../ids.js';
import { extend } from '../objects.js';
import type { ClientRecord, OrgState, RoleRecord } from './types.js';

export interface NewOrgOptions {
  id?: string;
  name: string;
  thirdPartyOrgName: string;
  adminClientId?: string;
  adminClientSecret?: string;
  /** Names of the roles the admin client holds; default `DEFAULT_ADMIN_CLIENT_ROLES`. */
  adminClientRoles?: readonly string[];
  now: Date;
}

/**
 * What the admin client of a new org holds. A real org's provisioning client usually holds only Admin, but a
 * client can only give another client roles it holds itself (emulator/README.md, "role-holding"), and the
 * hybrid spec grants `employee` to its service clients: the documented setup (Terraform's `oauth_client`
 * docs: "The roles must also already be assigned to the OAuth Client used by Terraform") is a provisioning
 * client holding Admin and every role it grants. So the default models that setup; a test or the control
 * API can model the first-run mistake with `adminClientRoles: ['Admin']`.
 */
export const DEFAULT_ADMIN_CLIENT_ROLES: readonly string[] = ['Admin', 'employee'];

/** The role ids of `names` in `roles` (case-insensitive); throws naming a role that does not exist. */
export function roleIdsByName(roles: RoleRecord[], names: readonly string[]): string[] {
  return names.map((name) => {
    const role = roles.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (!role) throw new Error(`admin client role "${name}" is not a role of the org`);
    return role.id;
  });
}

/** A fresh org: home division, the default roles, and one active client-credentials admin client. */
export function buildOrg(opts: NewOrgOptions): { org: OrgState; adminClient: ClientRecord } {
  const at = opts.now.toISOString();
  const homeDivision = { id: newId(), name: 'Home', description: 'Home Division' };
  const roles: RoleRecord[] = defaultRoleDefinitions().map((def) => ({
    id: newId(),
    name: def.name,
    description: def.description,
    defaultRoleId: def.defaultRoleId,
    permissions: [...def.permissions],
    // extend, not `{ ...p, actionSet }`: every permission check reads these policies (emulator/objects.ts).
    permissionPolicies: def.permissionPolicies.map((p) => extend(p, { actionSet: [...p.actionSet] })),
    default: true,
    base: false,
    dateCreated: at,
    dateModified: at,
  }));
  const adminRoleIds = roleIdsByName(roles, opts.adminClientRoles ?? DEFAULT_ADMIN_CLIENT_ROLES);
  const adminClient: ClientRecord = {
    id: opts.adminClientId ?? newId(),
    secret: opts.adminClientSecret ?? newSecret(),
    name: 'Emulator admin client',
    description: 'Client-credentials client created with the org',
    authorizedGrantType: 'CLIENT-CREDENTIALS',
    accessTokenValiditySeconds: 86400,
    registeredRedirectUri: [],
    scope: [],
    roleDivisions: adminRoleIds.map((roleId) => ({ roleId, divisionId: homeDivision.id })),
    state: 'active',
    dateCreated: at,
    dateModified: at,
  };
  const org: OrgState = {
    id: opts.id ?? newId(),
    name: opts.name,
    thirdPartyOrgName: opts.thirdPartyOrgName,
    version: 1,
    homeDivision,
    roles,
    clients: [adminClient],
    users: [],
    userGrants: [],
    customIdentityProviders: [],
  };
  return { org, adminClient };
}
