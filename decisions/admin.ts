/**
 * Admin accounts: a missing user is created and given the spec's roles; a user that exists is given the
 * roles it lacks and keeps the ones it has.
 */
import type { AdminWanted, OnExisting, OrgState } from '../provisioning/types.js';
import type { AddAdminRoles, CreateAdmin, Problem } from './changes.js';
import { roleIdsOf, unknownRoleProblems } from './role-names.js';

export interface AdminTarget {
  /** Ids of the spec's roles that the org has. */
  roleIds: string[];
  /** Where a new user is created: the home division. */
  divisionId: string;
}

export function adminTarget(wanted: AdminWanted, state: OrgState): AdminTarget {
  return { roleIds: roleIdsOf(wanted.roles, state), divisionId: state.homeDivision.id };
}

export function decideAdmin(
  wanted: AdminWanted,
  user: { id: string; roleIds: string[] } | null,
  target: AdminTarget,
  roleNames: ReadonlyMap<string, string> = new Map(),
): (CreateAdmin | AddAdminRoles)[] {
  const named = (ids: string[]) => ids.map((id) => `"${roleNames.get(id) ?? id}"`).join(', ');
  if (!user) {
    return [
      {
        resource: 'admin',
        action: 'create',
        name: wanted.email,
        reasons: [`no user with email ${wanted.email}`],
        request: { name: wanted.name, email: wanted.email, divisionId: target.divisionId },
      },
      {
        resource: 'admin',
        action: 'add-roles',
        name: wanted.email,
        userId: null,
        roleIds: target.roleIds,
        reasons: [`grant role ${named(target.roleIds)}`],
      },
    ];
  }
  const lacking = target.roleIds.filter((id) => !user.roleIds.includes(id));
  if (lacking.length === 0) return [];
  return [
    {
      resource: 'admin',
      action: 'add-roles',
      name: wanted.email,
      userId: user.id,
      roleIds: lacking,
      reasons: [`lacks role ${named(lacking)}`],
    },
  ];
}

export function adminProblems(wanted: AdminWanted, state: OrgState, onExisting: OnExisting): Problem[] {
  const problems = unknownRoleProblems(wanted.roles, state);
  if (state.users[wanted.email] && onExisting === 'fail')
    problems.push({ kind: 'already-exists', message: `user ${wanted.email}` });
  return problems;
}
