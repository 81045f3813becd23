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
 * 404 and the search may not show it yet; those reads tolerate it for a bounded time, and the step ends only
 * once the search shows what it created or deleted. A version conflict on a PATCH or DELETE (a write that has
 * not settled) is retried by purecloud/users.ts; everything else fails at once.
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
import { failsForGood, mapFailures, untilConsistent, untilFound, untilReflected } from './failures.js';
import { genesysClientFor } from './genesys-session.js';
import { currentAttempt } from './liveness.js';

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
    const holder = await untilFound(() => genesys.users.findByEmail(request.email, { anyState: true }));
    if (!holder) throw error;
    // Reads the user by id (with `state=deleted` first): a search hit may be a stale image of it, and a user
    // created a moment ago may still answer 404 by id.
    return untilConsistent(() => genesys.users.restore(holder.id));
  }
}

/**
 * The live user of that email as the preflight's search finds it (org-state/read-org-state.ts readUsers).
 * Lowercased as findByEmails keys it.
 */
async function searchedUser(genesys: GenesysClient, email: string): Promise<User | undefined> {
  return (await genesys.users.findByEmails([email])).get(email.toLowerCase());
}

/**
 * A step that created (or restored) a user, or deleted one, ends only once the search the preflight decides on
 * shows it, or no longer does: a run started right after would otherwise decide "create" again (a 409 on the
 * taken email) or take a deleted user for a live one. Terraform does the same: its consistency checker
 * (genesyscloud/consistency_checker) re-reads a `user` after its create until it reads back as written, and
 * `deleteUser` waits up to 3 minutes for the search index (genesyscloud/user/resource_genesyscloud_user.go).
 * Within the consistency bound; at no lag one search. `id` undefined: any live user of that email (a create
 * whose answer was lost).
 */
async function untilSearchShows(
  genesys: GenesysClient,
  email: string,
  id: string | undefined,
  shown: boolean,
): Promise<void> {
  const matches = (user: User | undefined) => user !== undefined && (id === undefined || user.id === id);
  await untilReflected(
    () => searchedUser(genesys, email),
    (found) => matches(found) === shown,
    `the user search did not ${shown ? 'show' : 'drop'} ${email}`,
  );
}

async function ensureAdminUnmapped(
  input: EnsureAdminInput,
): Promise<{ email: string; id: string; outcome: Outcome }> {
  const genesys = await genesysClientFor(input.target);
  const { wanted } = input;
  const changes = decideAdmin(wanted, input.before, input);
  let userId = input.before?.id;
  /** Whether this attempt sent a create: then it ends, even failing, only once the search shows the user. */
  let createSent = false;
  const idOf = (change: { userId: string | null }) => change.userId ?? userId!;
  try {
    await applyChanges();
  } catch (error) {
    // The undo of a step that failed for good takes one search (undoAdmin): it must show a user this step
    // created, in this attempt or an earlier one whose create answer was lost. A failure Temporal retries leaves
    // that to the next attempt (its create answers 409 and adopts the user), so a storm of 5xx answers on the
    // create does not wait the bound per attempt.
    const mayHaveCreated = createSent || (currentAttempt() > 1 && input.before === null);
    if (mayHaveCreated && failsForGood(error)) {
      await untilSearchShows(genesys, wanted.email, userId, true).catch(() => undefined);
    }
    throw error;
  }
  if (createSent) await untilSearchShows(genesys, wanted.email, userId, true);
  const outcome: Outcome = !input.before ? 'created' : changes.length === 0 ? 'unchanged' : 'adopted';
  return { email: wanted.email, id: userId!, outcome };

  async function applyChanges(): Promise<void> {
    for (const change of changes) {
      switch (change.action) {
        case 'create': {
          // The preflight state said no such user: one found now was created by an earlier attempt of this step,
          // unless the search still shows a user deleted a moment ago (read by id to tell).
          const found = await genesys.users.findByEmail(wanted.email);
          const live = found && (await genesys.users.get(found.id));
          if (live) {
            userId = live.id;
            break;
          }
          createSent = true;
          userId = (await createOrRestore(genesys, change.request)).id;
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
  }
}

/**
 * How the ensureAdmin step being undone ended, as its workflow saw it (workflows/provision.ts):
 * - `completed`, with the user's id: the undo reads that user by id, so a user search that trails the create (for
 *   minutes on a real org, longer than the consistency bound) cannot hide it;
 * - `failed-for-good`: ensureAdmin fails for good only once the search shows any user it created, so one search;
 * - `unknown`: cancelled, timed out or out of retry budget, maybe part-way through its create: the search is
 *   repeated within the consistency bound before concluding that no user was created.
 */
export type AdminStepEnd =
  { kind: 'completed'; userId: string } | { kind: 'failed-for-good' } | { kind: 'unknown' };

export interface UndoAdminInput extends Pick<AdminTarget, 'roleIds' | 'employeeRoleId'> {
  target: GenesysTarget;
  email: string;
  before: AdminSnapshot | null;
  /** Absent in a direct call: treated as `unknown`. */
  stepEnd?: AdminStepEnd;
}

/** The user the undone step created, if it created one (see AdminStepEnd). */
async function userCreatedByStep(genesys: GenesysClient, input: UndoAdminInput): Promise<User | undefined> {
  const end = input.stepEnd ?? { kind: 'unknown' };
  switch (end.kind) {
    case 'completed':
      // A GET by id may 404 just after the create (reads lag writes): within the bound.
      return (await untilFound(() => genesys.users.get(end.userId))) ?? undefined;
    case 'failed-for-good':
      return searchedUser(genesys, input.email);
    case 'unknown':
      return (await untilFound(() => searchedUser(genesys, input.email))) ?? undefined;
  }
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
    const created = await userCreatedByStep(genesys, input);
    if (!created) return;
    // Deleting is a soft delete that can be undone: strip what the run granted first so a restored user is no Admin.
    await removeAddedRoles(genesys, created.id, rolesAddedByRun(null, input), input.employeeRoleId);
    // A version conflict (the role write above not settled yet) is retried by users.delete.
    await genesys.users.delete(created.id);
    await untilSearchShows(genesys, input.email, created.id, false);
    return;
  }
  await removeAddedRoles(genesys, before.id, rolesAddedByRun(before, input), input.employeeRoleId);
  const state = stateAfterUndo(before, (await genesys.users.get(before.id))?.state);
  if (state) await genesys.users.setState(before.id, state);
}

export const ensureAdmin = mapFailures(ensureAdminUnmapped);
export const undoAdmin = mapFailures(undoAdminUnmapped);
