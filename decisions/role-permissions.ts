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
      reasons: [`lacks ${missing.join(', ')}`, ...licensingNote(roleName, missing)],
    },
  ];
}

/**
 * Granting Predictive Engagement (journey) permissions to a role licenses Predictive Engagement for every user who
 * holds the role (help.mypurecloud.com, "Altocloud permissions overview"): a cost the plan must show before it is
 * incurred, not a change of its own.
 */
function licensingNote(roleName: string, added: readonly string[]): string[] {
  return added.some((p) => p.startsWith('journey:'))
    ? [
        `note: granting journey permissions licenses Predictive Engagement for every user who holds "${roleName}" ` +
          '(Genesys help: Altocloud permissions overview)',
      ]
    : [];
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
