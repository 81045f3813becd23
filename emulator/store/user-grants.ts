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
