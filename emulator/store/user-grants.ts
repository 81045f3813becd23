import type { GrantRecord, OrgState } from './types.js';

/**
 * Role grants of users that are not (soft-)deleted.
 *
 * What Genesys does with the grants of a deleted user is unconfirmed. The emulator keeps them (a restored
 * user comes back with its roles, as a soft delete suggests) but treats them as inert while the user is
 * deleted: they give no access (the user cannot get or use a token), are not counted in a role's
 * `userCount`, and do not keep a role from being deleted (deleting the role drops them).
 */
export function grantsOfLiveUsers(org: OrgState): GrantRecord[] {
  const deleted = new Set(org.users.filter((u) => u.state === 'deleted').map((u) => u.id));
  return org.userGrants.filter((g) => !deleted.has(g.subjectId));
}

/**
 * The employee role every user holds: "The Employee role … is assigned to all users. This role cannot be
 * removed" (help.mypurecloud.com, "About roles and permissions"; reference §12). Undefined only for an org
 * whose default roles lack it, which `buildOrg` never makes.
 */
export function employeeRoleId(org: OrgState): string | undefined {
  return org.roles.find((r) => r.defaultRoleId === 'employee')?.id;
}

/** Grants the employee role in the home division (idempotent): done for every user the org creates. */
export function grantEmployeeRole(org: OrgState, userId: string, at: string): void {
  const roleId = employeeRoleId(org);
  if (!roleId || org.userGrants.some((g) => g.subjectId === userId && g.roleId === roleId)) return;
  org.userGrants.push({ subjectId: userId, roleId, divisionId: org.homeDivision.id, grantMadeAt: at });
}
