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
  now: Date;
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
  const adminRole = roles.find((r) => r.defaultRoleId === 'admin');
  if (!adminRole) throw new Error('default roles lack the admin role');
  const adminClient: ClientRecord = {
    id: opts.adminClientId ?? newId(),
    secret: opts.adminClientSecret ?? newSecret(),
    name: 'Emulator admin client',
    description: 'Client-credentials client created with the org; holds the Admin role',
    authorizedGrantType: 'CLIENT-CREDENTIALS',
    accessTokenValiditySeconds: 86400,
    registeredRedirectUri: [],
    scope: [],
    roleDivisions: [{ roleId: adminRole.id, divisionId: homeDivision.id }],
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
