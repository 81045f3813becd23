/**
 * Admin accounts: a missing user is created active, given the spec's roles and (spec `invite`, default true)
 * sent the activation e-mail; a user that exists is given the roles it lacks, keeps the ones it has, and is
 * made active when it is not. Undoing takes away only what the run added, and never the employee role.
 *
 * Evidence: SDK `CreateUser.state` (PY CreateUser.md) "If not specified, state will be Active if invites are
 * sent, otherwise Inactive"; `POST /users` has no invite field and sends none, invitations are
 * `POST /users/{id}/invite` (SDK UsersApi.postUserInvite). So a created account is given `state: active`
 * explicitly rather than left to whatever the org does about invitations, and the invitation is its own step.
 * The employee role: "assigned to all users. This role cannot be removed" (help: about roles and permissions).
 */
import type { AdminSnapshot, AdminWanted, OnExisting, OrgState } from '../provisioning/types.js';
import type { ActivateAdmin, AddAdminRoles, CreateAdmin, InviteAdmin, Problem } from './changes.js';
import { roleIdsNamed, unknownRoleProblems } from './role-names.js';

export interface AdminTarget {
  /** Ids of the spec's roles that the org has. */
  roleIds: string[];
  /** Where a new user is created: the home division. */
  divisionId: string;
  /** The org's employee role: Genesys grants it to every new user, and it is never taken away. */
  employeeRoleId?: string;
}

export type AdminChange = CreateAdmin | AddAdminRoles | InviteAdmin | ActivateAdmin;

export function adminTarget(wanted: AdminWanted, state: OrgState): AdminTarget {
  return {
    roleIds: roleIdsNamed(wanted.roles, state),
    divisionId: state.homeDivision.id,
    ...(state.employeeRoleId ? { employeeRoleId: state.employeeRoleId } : {}),
  };
}

/** Inputs recorded before the field existed have no `invite`: the spec's default, true. */
export const invites = (wanted: AdminWanted): boolean => wanted.invite !== false;

export function decideAdmin(
  wanted: AdminWanted,
  user: AdminSnapshot | null,
  target: AdminTarget,
  roleNames: ReadonlyMap<string, string> = new Map(),
): AdminChange[] {
  const named = (ids: string[]) => ids.map((id) => `"${roleNames.get(id) ?? id}"`).join(', ');
  if (!user) {
    const changes: AdminChange[] = [
      {
        resource: 'admin',
        action: 'create',
        name: wanted.email,
        reasons: [`no user with email ${wanted.email}`],
        request: { name: wanted.name, email: wanted.email, divisionId: target.divisionId, state: 'active' },
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
    if (invites(wanted)) {
      changes.push({
        resource: 'admin',
        action: 'invite',
        name: wanted.email,
        userId: null,
        reasons: [`send the activation e-mail to ${wanted.email}`],
      });
    }
    return changes;
  }
  const changes: AdminChange[] = [];
  // Snapshots recorded before the state was read have none: they were found by a search of active users.
  if (user.state !== undefined && user.state !== 'active') {
    changes.push({
      resource: 'admin',
      action: 'activate',
      name: wanted.email,
      userId: user.id,
      reasons: [`the account is ${user.state}, not active: it cannot sign in`],
    });
  }
  const lacking = target.roleIds.filter((id) => !user.roleIds.includes(id));
  if (lacking.length > 0) {
    changes.push({
      resource: 'admin',
      action: 'add-roles',
      name: wanted.email,
      userId: user.id,
      roleIds: lacking,
      reasons: [`lacks role ${named(lacking)}`],
    });
  }
  return changes;
}

/**
 * The roles a run adds to the account: the spec's roles it did not hold before. A user the run creates
 * held only what Genesys grants on create, the employee role.
 */
export function rolesAddedByRun(
  before: AdminSnapshot | null,
  target: Pick<AdminTarget, 'roleIds' | 'employeeRoleId'>,
): string[] {
  const held = before?.roleIds ?? (target.employeeRoleId ? [target.employeeRoleId] : []);
  return target.roleIds.filter((id) => !held.includes(id));
}

/**
 * The role list that undoes a run: what the account holds now, less what the run added, and never less the
 * employee role. null when there is nothing to PUT: nothing the run added is still held, or the list would be
 * empty (the API refuses a list without employee, and a real account always holds it).
 */
export function rolesAfterUndo(
  current: readonly string[],
  added: readonly string[],
  employeeRoleId?: string,
) {
  const removed = new Set(added.filter((id) => id !== employeeRoleId));
  const remaining = current.filter((id) => !removed.has(id));
  if (remaining.length === current.length || remaining.length === 0) return null;
  return remaining;
}

/** The state to put back on undo: an account the run activated goes back to what it was. */
export function stateAfterUndo(before: AdminSnapshot, currentState: string | undefined): 'inactive' | null {
  return before.state === 'inactive' && currentState === 'active' ? 'inactive' : null;
}

export function adminProblems(wanted: AdminWanted, state: OrgState, onExisting: OnExisting): Problem[] {
  const problems = unknownRoleProblems(wanted.roles, state);
  if (state.users[wanted.email] && onExisting === 'fail')
    problems.push({ kind: 'already-exists', message: `user ${wanted.email}` });
  return problems;
}
