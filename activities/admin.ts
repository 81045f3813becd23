/**
 * Additional Admin accounts: carry out what decisions/admin.ts decides, and undo it. A user that existed
 * before the run is only given the roles it lacks, and made active when it was not (compensation takes back
 * exactly that); a user this run creates is created active, invited, and deleted on compensation.
 *
 * Genesys deletes users softly and keeps their email reserved, so creating an account whose email belongs
 * to a deleted user (typically one an earlier, compensated run created) answers 409 `general.conflict`.
 * Like Terraform, the run then restores that user instead; for the run it counts as created, and its
 * compensation deletes it again.
 *
 * Reads lag writes (activities/failures.ts, untilConsistent): just after a create, the user's roles may answer
 * 404 and the search may not show it yet; just after a write, a DELETE may meet a 409. Those calls tolerate
 * it for a bounded time; everything else fails at once.
 */
import type { GenesysClient, User } from '../purecloud/index.js';
import { GenesysApiError } from '../purecloud/errors.js';
import type { AdminSnapshot, AdminWanted, GenesysTarget, Outcome } from '../provisioning/types.js';
import type { CreateAdmin } from '../decisions/changes.js';
import {
  decideAdmin,
  rolesAddedByRun,
  rolesAfterUndo,
  stateAfterUndo,
  type AdminTarget,
} from '../decisions/admin.js';
import { userRoleIds } from '../org-state/snapshots.js';
import { mapFailures, untilConsistent, untilFound } from './failures.js';
import { genesysClientFor } from './genesys-session.js';

export interface EnsureAdminInput extends AdminTarget {
  target: GenesysTarget;
  wanted: AdminWanted;
  before: AdminSnapshot | null;
}

/**
 * Creates the user; when its email is taken, the user holding it: a soft-deleted one is restored (a
 * compensated earlier run made it), a live one was made by an earlier attempt whose response was lost and
 * that the search did not show yet (searches trail writes: looked for again within the bound).
 */
async function createOrRestore(genesys: GenesysClient, request: CreateAdmin['request']): Promise<User> {
  try {
    return await genesys.users.create(request);
  } catch (error) {
    if (!(error instanceof GenesysApiError && error.kind === 'conflict')) throw error;
    return untilConsistent(async () => {
      const holder = await genesys.users.findByEmail(request.email, { anyState: true });
      if (!holder) throw error;
      // Reads the user by id (with `state=deleted` first): a search hit may be a stale image of it.
      return genesys.users.restore(holder.id);
    });
  }
}

async function ensureAdminUnmapped(
  input: EnsureAdminInput,
): Promise<{ email: string; id: string; outcome: Outcome }> {
  const genesys = await genesysClientFor(input.target);
  const { wanted } = input;
  const changes = decideAdmin(wanted, input.before, input);
  let userId = input.before?.id;
  const idOf = (change: { userId: string | null }) => change.userId ?? userId!;
  for (const change of changes) {
    switch (change.action) {
      case 'create': {
        // The preflight state said no such user: one found now was created by an earlier attempt of this step,
        // unless the search still shows a user deleted a moment ago (read by id to tell).
        const found = await genesys.users.findByEmail(wanted.email);
        const live = found && (await genesys.users.get(found.id));
        userId = (live || (await createOrRestore(genesys, change.request))).id;
        break;
      }
      case 'activate':
        await genesys.users.setState(change.userId, 'active');
        break;
      case 'add-roles': {
        const id = idOf(change);
        // Added to what the user holds now: roles granted since the preflight stay.
        const current = userRoleIds(await untilConsistent(() => genesys.users.getRoles(id)));
        const roles = [...new Set([...current, ...change.roleIds])];
        if (roles.length > current.length) await untilConsistent(() => genesys.users.setRoles(id, roles));
        break;
      }
      case 'invite': {
        const id = idOf(change);
        // Without `force` an invitation still outstanding is not sent again: a retried step sends one e-mail.
        await untilConsistent(() => genesys.users.invite(id));
        break;
      }
    }
  }
  const outcome: Outcome = !input.before ? 'created' : changes.length === 0 ? 'unchanged' : 'adopted';
  return { email: wanted.email, id: userId!, outcome };
}

export interface UndoAdminInput extends Pick<AdminTarget, 'roleIds' | 'employeeRoleId'> {
  target: GenesysTarget;
  email: string;
  before: AdminSnapshot | null;
}

/** Takes away the roles the run added, never employee, and never by sending an empty role list. */
async function removeAddedRoles(
  genesys: GenesysClient,
  id: string,
  added: string[],
  employeeRoleId?: string,
) {
  const current = userRoleIds(await untilConsistent(() => genesys.users.getRoles(id)));
  const roles = rolesAfterUndo(current, added, employeeRoleId);
  if (roles) await untilConsistent(() => genesys.users.setRoles(id, roles));
}

async function undoAdminUnmapped(input: UndoAdminInput): Promise<void> {
  const genesys = await genesysClientFor(input.target);
  const { before } = input;
  if (!before) {
    // The step may have created the user a moment ago, before the search shows it: looked for within the bound.
    const created = await untilFound(() => genesys.users.findByEmail(input.email));
    if (!created) return;
    // Deleting is a soft delete that can be undone: strip what the run granted first so a restored user is no Admin.
    await removeAddedRoles(genesys, created.id, rolesAddedByRun(null, input), input.employeeRoleId);
    // A delete just after a write of the user can meet a version that has not settled (409).
    await untilConsistent(() => genesys.users.delete(created.id));
    return;
  }
  await removeAddedRoles(genesys, before.id, rolesAddedByRun(before, input), input.employeeRoleId);
  const state = stateAfterUndo(before, (await genesys.users.get(before.id))?.state);
  if (state) await genesys.users.setState(before.id, state);
}

export const ensureAdmin = mapFailures(ensureAdminUnmapped);
export const undoAdmin = mapFailures(undoAdminUnmapped);
