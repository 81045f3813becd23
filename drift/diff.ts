/**
 * Drift as `plan` prints it and `verify` reports it: the decisions (decisions/), one item per resource.
 * A resource with changes is to be created or changed, each change's reasons its details; its problems
 * (why provisioning would refuse to start) are details too. Pure.
 */
import { isCreate, type ResourceDecision } from '../decisions/changes.js';
import { decideOrg, provisionerProblems } from '../decisions/org.js';
import type { OrgState, ProvisionInput } from '../provisioning/types.js';
import type { DriftItem } from './types.js';

export function driftItem(decision: ResourceDecision): DriftItem {
  const { resource, name, changes, problems } = decision;
  const details = [...changes.flatMap((c) => c.reasons), ...problems.map((p) => p.message)];
  const action = changes.some(isCreate) ? 'create' : details.length > 0 ? 'change' : 'none';
  return { kind: resource, name, action, details };
}

/**
 * Every managed resource in provisioning's order: certificate, clients, roles, admins, identity provider; then,
 * when its rights fall short, the provisioning client (the preflight would refuse on exactly those problems).
 */
export function diffOrg(input: ProvisionInput, state: OrgState): DriftItem[] {
  const decisions = decideOrg(input, state);
  const own = provisionerProblems(input, state, decisions).map((p) => p.message);
  const provisioner: DriftItem[] =
    own.length > 0
      ? [
          {
            kind: 'provisioning-client',
            name: state.provisioner?.clientId ?? '',
            action: 'change',
            details: own,
          },
        ]
      : [];
  return [...decisions.map(driftItem), ...provisioner];
}

export function hasDrift(items: readonly DriftItem[]): boolean {
  return items.some((i) => i.action !== 'none');
}
