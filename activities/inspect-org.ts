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
import { allProblems, decideOrg } from '../decisions/org.js';
import { preflightFailure } from '../decisions/preflight.js';
import { readOrgState } from '../org-state/read-org-state.js';
import type { OrgState, ProvisionInput } from '../provisioning/types.js';
import { mapFailures, nonRetryable } from './failures.js';
import { genesysClientFor } from './genesys-session.js';

async function inspectOrgUnmapped(input: ProvisionInput): Promise<OrgState> {
  const state = await readOrgState(await genesysClientFor(input.target), input);
  const failure = preflightFailure(allProblems(decideOrg(input, state)));
  if (failure) throw nonRetryable(failure.type, failure.message);
  return state;
}

export const inspectOrg = mapFailures(inspectOrgUnmapped);
