/**
 * Additional Admin accounts: carry out what decisions/admin.ts decides, and undo it. A user that existed
 * before the run is only given the roles it lacks (and gets its previous roles back on compensation); a
 * user this run creates is deleted on compensation.
 *
 * Genesys deletes users softly and keeps their email reserved, so creating an account whose email belongs
 * to a deleted user (typically one an earlier, compensated run created) answers 409 `general.conflict`.
 * Like Terraform, the run then restores that user instead; for the run it counts as created, and its
 * compensation deletes it again.
 */
import type { GenesysClient, User } from '../purecloud/index.js';
import { GenesysApiError } from '../purecloud/errors.js';
import type { AdminWanted, GenesysTarget, Outcome } from '../provisioning/types.js';
import { decideAdmin } from '../decisions/admin.js';
import { roleIdsOf } from '../org-state/snapshots.js';
import { mapFailures } from './failures.js';
import { genesysClientFor } from './genesys-session.js';

export interface EnsureAdminInput {
  target: GenesysTarget;
  wanted: AdminWanted;
  roleIds: string[];
  divisionId: string;
  before: { id: string; roleIds: string[] } | null;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

async function createOrRestore(
  genesys: GenesysClient,
  wanted: AdminWanted,
  divisionId: string,
): Promise<User> {
  try {
    return await genesys.users.create({ name: wanted.name, email: wanted.email, divisionId });
  } catch (error) {
    if (!(error instanceof GenesysApiError && error.kind === 'conflict')) throw error;
    const deleted = await genesys.users.findByEmail(wanted.email, { deleted: true });
    if (deleted) return genesys.users.restore(deleted.id);
    // Not a deleted user: one that the search did not show a moment ago (searches lag behind writes).
    const live = await genesys.users.findByEmail(wanted.email);
    if (live) return live;
    throw error;
  }
}

async function ensureAdminUnmapped(
  input: EnsureAdminInput,
): Promise<{ email: string; id: string; outcome: Outcome }> {
  const genesys = await genesysClientFor(input.target);
  const { wanted } = input;
  const changes = decideAdmin(wanted, input.before, input);
  let userId = input.before?.id;
  for (const change of changes) {
    if (change.action === 'create') {
      // The preflight state said no such user: one found now was created by an earlier attempt of this step.
      const user =
        (await genesys.users.findByEmail(wanted.email)) ??
        (await createOrRestore(genesys, wanted, change.request.divisionId));
      userId = user.id;
    } else {
      const id = change.userId ?? userId!;
      // Added to what the user holds now: roles granted since the preflight stay.
      const current = roleIdsOf(await genesys.users.getRoles(id));
      await genesys.users.setRoles(id, [...new Set([...current, ...change.roleIds])]);
    }
  }
  const outcome: Outcome = !input.before ? 'created' : changes.length === 0 ? 'unchanged' : 'adopted';
  return { email: wanted.email, id: userId!, outcome };
}

export interface UndoAdminInput {
  target: GenesysTarget;
  email: string;
  before: { id: string; roleIds: string[] } | null;
}

async function undoAdminUnmapped(input: UndoAdminInput): Promise<void> {
  const genesys = await genesysClientFor(input.target);
  if (!input.before) {
    const created = await genesys.users.findByEmail(input.email);
    if (created) {
      // Deleting is a soft delete that can be undone: strip the roles first so a restored user is no Admin.
      // Every user keeps the employee role (Genesys refuses its removal), so that one stays.
      const employee = await genesys.roles.list({ defaultRoleId: ['employee'] });
      await genesys.users.setRoles(
        created.id,
        (employee.entities ?? []).map((role) => role.id),
      );
      await genesys.users.delete(created.id);
    }
    return;
  }
  const current = roleIdsOf(await genesys.users.getRoles(input.before.id));
  if (!sameSet(current, input.before.roleIds))
    await genesys.users.setRoles(input.before.id, input.before.roleIds);
}

export const ensureAdmin = mapFailures(ensureAdminUnmapped);
export const undoAdmin = mapFailures(undoAdminUnmapped);
