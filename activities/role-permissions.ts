/**
 * Altocloud (Predictive Engagement) permissions on roles: carry out what decisions/role-permissions.ts
 * decided from the preflight state, and undo it. A role update replaces the whole policy set, so every
 * write is read, merge, write the complete set; the role keeps every permission it had.
 *
 * What "this run added" comes from the preflight state, not from a read made during the step, so it stays
 * the same across retries (a retry after a lost response would otherwise see our own write and conclude
 * nothing was added) and the compensation removes exactly that.
 */
import {
  addPermissions,
  missingPermissions,
  removePermissions,
} from '../provisioning/permission-policies.js';
import type { GenesysTarget, PermissionPolicy, RoleSnapshot } from '../provisioning/types.js';
import type { DomainOrganizationRole } from '../purecloud/types.js';
import type { GenesysClient } from '../purecloud/index.js';
import { toPermissionPolicies } from '../org-state/snapshots.js';
import { mapFailures, nonRetryable } from './failures.js';
import { genesysClientFor } from './genesys-session.js';

export interface RolePermissionsInput {
  target: GenesysTarget;
  role: Pick<RoleSnapshot, 'id' | 'name'>;
  /** The permissions to add (grant) or take away (revoke): the decision's `add-permissions` change. */
  permissions: string[];
}

async function writePolicies(
  genesys: GenesysClient,
  role: DomainOrganizationRole,
  policies: PermissionPolicy[],
) {
  await genesys.roles.update(role.id, {
    name: role.name,
    description: role.description,
    permissions: role.permissions,
    permissionPolicies: policies,
  });
}

async function currentRole(
  genesys: GenesysClient,
  role: RolePermissionsInput['role'],
): Promise<DomainOrganizationRole> {
  const current = await genesys.roles.get(role.id);
  if (!current) throw nonRetryable('GenesysNotFound', `role "${role.name}" (${role.id}) no longer exists`);
  return current;
}

async function grantRolePermissionsUnmapped(input: RolePermissionsInput): Promise<void> {
  const genesys = await genesysClientFor(input.target);
  const role = await currentRole(genesys, input.role);
  const policies = toPermissionPolicies(role.permissionPolicies);
  // Merged into what the role has now: a retry after a lost response finds them there and writes nothing.
  if (missingPermissions(policies, input.permissions).length > 0) {
    await writePolicies(genesys, role, addPermissions(policies, input.permissions));
  }
}

async function revokeRolePermissionsUnmapped(input: RolePermissionsInput): Promise<void> {
  const genesys = await genesysClientFor(input.target);
  const role = await genesys.roles.get(input.role.id);
  if (!role) return;
  const policies = toPermissionPolicies(role.permissionPolicies);
  const without = removePermissions(policies, input.permissions);
  if (JSON.stringify(without) !== JSON.stringify(policies)) await writePolicies(genesys, role, without);
}

export const grantRolePermissions = mapFailures(grantRolePermissionsUnmapped);
export const revokeRolePermissions = mapFailures(revokeRolePermissionsUnmapped);
