/** Role names in the spec, resolved against the org's roles (shared by every resource that grants roles). */
import type { OrgState } from '../provisioning/types.js';
import type { Problem } from './changes.js';

export function unknownRoleProblems(roleNames: readonly string[], state: OrgState): Problem[] {
  return roleNames
    .filter((name) => !state.roles[name])
    .map((name) => ({
      kind: 'invalid' as const,
      message: `role "${name}" does not exist in the org (check the role names in the spec)`,
    }));
}

/** Role id to name, for reasons that name roles the way the spec does. */
export function roleNamesById(state: OrgState): Map<string, string> {
  return new Map(Object.values(state.roles).flatMap((r) => (r ? [[r.id, r.name] as const] : [])));
}

/** Ids of the named roles the org has; unknown names are left out (they are reported as problems). */
export function roleIdsNamed(roleNames: readonly string[], state: OrgState): string[] {
  return roleNames.flatMap((name) => (state.roles[name] ? [state.roles[name].id] : []));
}
