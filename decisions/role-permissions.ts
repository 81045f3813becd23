/**
 * Altocloud permissions on roles: only ever added. What the role lacks (a conditional policy does not
 * count as granting) is added; everything it has is kept.
 */
import { missingPermissions } from '../provisioning/permission-policies.js';
import type { OrgState, RoleSnapshot } from '../provisioning/types.js';
import type { AddRolePermissions, Problem } from './changes.js';
import { unknownRoleProblems } from './role-names.js';

export function decideRolePermissions(
  roleName: string,
  role: RoleSnapshot | null,
  permissions: readonly string[],
): AddRolePermissions[] {
  if (!role) return [];
  const missing = missingPermissions(role.permissionPolicies, permissions);
  if (missing.length === 0) return [];
  return [
    {
      resource: 'role-permissions',
      action: 'add-permissions',
      name: roleName,
      roleId: role.id,
      permissions: missing,
      reasons: [`lacks ${missing.join(', ')}`],
    },
  ];
}

/** The permissions a role-permissions step adds: what it decides, as a list (empty when nothing). */
export function permissionsToAdd(changes: readonly AddRolePermissions[]): string[] {
  return changes.flatMap((c) => c.permissions);
}

export function rolePermissionsProblems(roleName: string, state: OrgState): Problem[] {
  return [
    ...unknownRoleProblems([roleName], state),
    ...state.permissionsNotInCatalog.map((perm) => ({
      kind: 'invalid' as const,
      message: `altocloud.permissions: "${perm}" is not in the org's permission catalog`,
    })),
  ];
}
