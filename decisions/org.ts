/**
 * Every resource provisioning manages, decided against one org state, in provisioning's order: the
 * certificate bundle, the OAuth clients, the role permissions, the admins, the identity provider. `plan`
 * prints this, `verify` reports it as drift, and the preflight refuses to start on its problems.
 */
import type { ProvisionInput, OrgState } from '../provisioning/types.js';
import { adminProblems, adminTarget, decideAdmin } from './admin.js';
import { certificateProblems, decideCertificate } from './certificate.js';
import type { Problem, ResourceDecision } from './changes.js';
import { decideIdentityProvider, identityProviderProblems } from './identity-provider.js';
import { decideOAuthClient, oauthClientGrants, oauthClientProblems } from './oauth-client.js';
import { missingPermissionProblems, permissionNeeds, roleHoldingProblems } from './provisioner.js';
import { roleNamesById } from './role-names.js';
import { decideRolePermissions, rolePermissionsProblems } from './role-permissions.js';

export function decideOrg(input: ProvisionInput, state: OrgState): ResourceDecision[] {
  const roleNames = roleNamesById(state);
  const certificate = decideCertificate(state.bundle);
  // A bundle still to be generated has no certificate yet: the provider will get the new one.
  const certificateBody = certificate.length > 0 ? null : state.bundle.certificateBody;
  return [
    {
      resource: 'certificate',
      name: state.bundle.dir,
      changes: certificate,
      problems: certificateProblems(state.bundle),
    },
    ...input.oauthClients.map((wanted): ResourceDecision => ({
      resource: 'oauth-client',
      name: wanted.name,
      changes: decideOAuthClient(
        wanted,
        state.oauthClients[wanted.name] ?? [],
        oauthClientGrants(wanted, state),
        roleNames,
      ),
      problems: oauthClientProblems(wanted, state, input.onExisting),
    })),
    ...input.altocloud.roles.map((name): ResourceDecision => ({
      resource: 'role-permissions',
      name,
      changes: decideRolePermissions(name, state.roles[name] ?? null, input.altocloud.permissions),
      problems: rolePermissionsProblems(name, state),
    })),
    ...input.admins.map((wanted): ResourceDecision => ({
      resource: 'admin',
      name: wanted.email,
      changes: decideAdmin(wanted, state.users[wanted.email] ?? null, adminTarget(wanted, state), roleNames),
      problems: adminProblems(wanted, state, input.onExisting),
    })),
    {
      resource: 'identity-provider',
      name: input.identityProvider.name,
      changes: decideIdentityProvider(input.identityProvider, state.pureEngage, certificateBody),
      problems: identityProviderProblems(input.identityProvider, state, input.onExisting),
    },
  ];
}

/** Every problem of every resource, each message once (a missing role is every user's problem). */
export function allProblems(decisions: readonly ResourceDecision[]): Problem[] {
  const seen = new Set<string>();
  return decisions
    .flatMap((d) => d.problems)
    .filter((p) => !seen.has(`${p.kind}\u0000${p.message}`) && !!seen.add(`${p.kind}\u0000${p.message}`));
}

/**
 * The provisioning client's own problems: a permission the decided changes (or their undos) need that its roles
 * lack, a role it would give a client but does not hold (a client can only give roles it holds). Empty when its
 * rights were not read. The preflight refuses on them and `plan` shows them, so the two cannot disagree.
 */
export function provisionerProblems(
  input: ProvisionInput,
  state: OrgState,
  decisions: readonly ResourceDecision[],
): Problem[] {
  const rights = state.provisioner;
  if (!rights) return [];
  return [
    ...missingPermissionProblems(rights, permissionNeeds(input, decisions)),
    ...roleHoldingProblems(rights, decisions, roleNamesById(state)),
  ];
}
