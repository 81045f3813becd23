/**
 * Permission strings (`domain:entity:action`) against a role's permission policies.
 *
 * A role update replaces the whole policy set, so adding permissions means reading every policy the role
 * has, adding only what is missing, and writing all of it back. Removing is the exact inverse and is what
 * compensation does: it takes away what this run added and nothing else.
 */
import type { PermissionPolicy } from './types.js';

export interface ParsedPermission {
  domain: string;
  entityName: string;
  action: string;
}

export function parsePermission(permission: string): ParsedPermission {
  const parts = permission.split(':');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) {
    throw new Error(`"${permission}" is not a permission of the form domain:entity:action`);
  }
  const [domain, entityName, action] = parts as [string, string, string];
  return { domain, entityName, action };
}

function covers(policy: PermissionPolicy, p: ParsedPermission): boolean {
  return (
    policy.domain === p.domain &&
    (policy.entityName === '*' || policy.entityName === p.entityName) &&
    (policy.actionSet.includes('*') || policy.actionSet.includes(p.action))
  );
}

/** A conditional policy grants only under its conditions, so it does not count as granting the permission. */
function isUnconditional(policy: PermissionPolicy): boolean {
  return !policy['resourceConditionNode'] && !(policy['namedResources'] as unknown[] | undefined)?.length;
}

export function missingPermissions(
  policies: readonly PermissionPolicy[],
  permissions: readonly string[],
): string[] {
  return permissions.filter((perm) => {
    const parsed = parsePermission(perm);
    return !policies.some((policy) => isUnconditional(policy) && covers(policy, parsed));
  });
}

/** The policy set with every missing permission added; existing policies are kept as they are. */
export function addPermissions(
  policies: readonly PermissionPolicy[],
  permissions: readonly string[],
): PermissionPolicy[] {
  const result = policies.map((p) => ({ ...p, actionSet: [...p.actionSet] }));
  for (const perm of missingPermissions(result, permissions)) {
    const { domain, entityName, action } = parsePermission(perm);
    const target = result.find(
      (p) => p.domain === domain && p.entityName === entityName && isUnconditional(p),
    );
    if (target) target.actionSet.push(action);
    else result.push({ domain, entityName, actionSet: [action] });
  }
  return result;
}

/** The policy set without the given permissions (exact domain and entity only); emptied policies are dropped. */
export function removePermissions(
  policies: readonly PermissionPolicy[],
  permissions: readonly string[],
): PermissionPolicy[] {
  const remove = permissions.map(parsePermission);
  return policies
    .map((policy) => ({
      ...policy,
      actionSet: policy.actionSet.filter(
        (action) =>
          !remove.some(
            (r) => r.domain === policy.domain && r.entityName === policy.entityName && r.action === action,
          ),
      ),
    }))
    .filter((policy) => policy.actionSet.length > 0);
}
