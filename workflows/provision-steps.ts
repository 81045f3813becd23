/**
 * The provisioning run's steps, from one place: their order (the progress table's rows) and what each step's
 * activity and undo are given, derived from the input and the preflight snapshot alone. The workflow
 * (./provision.ts) runs them, the clients, roles and admins in parallel; bench/provisioning's sequential
 * provisioner runs the same steps one after another in the table's order, without Temporal (the baseline of
 * bench:provision, and the driver of test/emulator/decisions-property.test.ts). Deterministic: decisions only.
 */
import type * as activities from '../activities/provisioning.js';
import { adminTarget } from '../decisions/admin.js';
import { bundleExists } from '../decisions/certificate.js';
import { oauthClientGrants } from '../decisions/oauth-client.js';
import { decideRolePermissions, permissionsToAdd } from '../decisions/role-permissions.js';
import type { OrgState, ProvisionInput, StepName } from '../provisioning/types.js';

type InputOf<A extends keyof typeof activities> = Parameters<(typeof activities)[A]>[0];

/** The steps in the order the progress table lists them; the identity provider needs the certificate. */
export function provisionStepNames(input: ProvisionInput): StepName[] {
  return [
    'preflight',
    'certificate',
    ...input.oauthClients.map((c) => `oauth-client:${c.name}` as const),
    ...input.altocloud.roles.map((r) => `role-permissions:${r}` as const),
    ...input.admins.map((a) => `admin:${a.email}` as const),
    'identity-provider',
  ];
}

/** What each step after the preflight gives its activity and its undo. */
export interface ProvisionStepInputs {
  certificate: { ensure: InputOf<'ensureCertificate'>; undo: InputOf<'removeCertificate'> };
  oauthClients: {
    step: `oauth-client:${string}`;
    ensure: InputOf<'ensureOAuthClient'>;
    undo: InputOf<'undoOAuthClient'>;
  }[];
  /** `grant` and `undo` are absent when the role already has every permission (the step changes nothing). */
  roles: {
    step: `role-permissions:${string}`;
    result: { name: string; id: string; addedPermissions: string[] };
    grant?: InputOf<'grantRolePermissions'>;
    undo?: InputOf<'revokeRolePermissions'>;
  }[];
  admins: { step: `admin:${string}`; ensure: InputOf<'ensureAdmin'>; undo: InputOf<'undoAdmin'> }[];
  identityProvider: {
    ensure: (certificateBody: string) => InputOf<'ensureIdentityProvider'>;
    undo: InputOf<'restoreIdentityProvider'>;
  };
}

/**
 * Every step's inputs, from the preflight snapshot: so a retried step, and every undo, knows what the org was
 * before the run and what this run added, whatever happened since.
 */
export function provisionStepInputs(
  input: ProvisionInput,
  snapshot: OrgState,
  runMarker: string,
): ProvisionStepInputs {
  const { target, outputDir } = input;
  const bundleExisted = bundleExists(snapshot.bundle);
  return {
    certificate: {
      ensure: {
        outputDir,
        options: input.certificate.options,
        password: input.certificate.password,
        bundleExisted,
      },
      undo: { outputDir, bundleExisted },
    },
    oauthClients: input.oauthClients.map((wanted) => {
      const before = snapshot.oauthClients[wanted.name] ?? [];
      return {
        step: `oauth-client:${wanted.name}` as const,
        ensure: { target, runMarker, wanted, before, ...oauthClientGrants(wanted, snapshot), outputDir },
        undo: { target, runMarker, name: wanted.name, before, outputDir },
      };
    }),
    roles: input.altocloud.roles.map((name) => {
      const role = snapshot.roles[name]!;
      const added = permissionsToAdd(decideRolePermissions(name, role, input.altocloud.permissions));
      const change = { target, role, permissions: added };
      return {
        step: `role-permissions:${name}` as const,
        result: { name, id: role.id, addedPermissions: added },
        ...(added.length > 0 ? { grant: change, undo: change } : {}),
      };
    }),
    admins: input.admins.map((wanted) => {
      const before = snapshot.users[wanted.email] ?? null;
      const to = adminTarget(wanted, snapshot);
      return {
        step: `admin:${wanted.email}` as const,
        ensure: { target, wanted, ...to, before },
        undo: { target, email: wanted.email, before, ...to },
      };
    }),
    identityProvider: {
      ensure: (certificateBody) => ({
        target,
        wanted: input.identityProvider,
        certificateBody,
        before: snapshot.pureEngage,
      }),
      undo: { target, before: snapshot.pureEngage },
    },
  };
}
