/**
 * Preflight: read everything the run will touch, once, before changing anything.
 *
 * The state it returns is recorded in the workflow history. Every later step decides against it, and
 * every compensation is derived from it, so an undo never depends on a response that may have been lost.
 * Problems that would make the run fail half-way (a role that does not exist, a permission the org's
 * catalog lacks, an issuer URI another identity provider already uses, a resource `onExisting: fail`
 * forbids touching) are the decisions' problems (decisions/), all reported here, together, as one
 * non-retryable failure.
 */
import { allProblems, decideOrg, provisionerProblems } from '../decisions/org.js';
import { preflightFailure } from '../decisions/preflight.js';
import { missingPermissionProblems, readPermissionNeeds } from '../decisions/provisioner.js';
import { readOrgState, readProvisionerRights } from '../org-state/read-org-state.js';
import type { OrgState, ProvisionInput } from '../provisioning/types.js';
import { mapFailures, nonRetryable } from './failures.js';
import { genesysClientFor } from './genesys-session.js';

/**
 * First the provisioning client's own rights: without the permissions to read the org, say so (and which)
 * rather than fail on the first read it is refused. Then the org, and every problem at once: the
 * resources', the permissions the decided changes and their undos need, the roles it would give clients.
 */
async function inspectOrgUnmapped(input: ProvisionInput): Promise<OrgState> {
  const genesys = await genesysClientFor(input.target);
  const rights = await readProvisionerRights(genesys);
  const unreadable = preflightFailure(missingPermissionProblems(rights, readPermissionNeeds(input)));
  if (unreadable) throw nonRetryable(unreadable.type, unreadable.message);

  const state = await readOrgState(genesys, input, rights);
  const decisions = decideOrg(input, state);
  const failure = preflightFailure([
    ...allProblems(decisions),
    ...provisionerProblems(input, state, decisions),
  ]);
  if (failure) throw nonRetryable(failure.type, failure.message);
  return state;
}

export const inspectOrg = mapFailures(inspectOrgUnmapped);
