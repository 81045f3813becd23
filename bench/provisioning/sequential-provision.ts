/**
 * The baseline: the provisioning workflow's forward steps without Temporal. The same activity functions, with
 * the inputs the workflow would give them, called in dependency order one after another in this process.
 * No compensation and no progress table: it measures only what the requests and the activities cost.
 * The property test (test/emulator/decisions-property.test.ts) drives it too, without attribution.
 */
import { randomUUID } from 'node:crypto';
import * as activities from '../../activities/provisioning.js';
import { adminTarget } from '../../decisions/admin.js';
import { bundleExists } from '../../decisions/certificate.js';
import { oauthClientGrants } from '../../decisions/oauth-client.js';
import { decideRolePermissions, permissionsToAdd } from '../../decisions/role-permissions.js';
import type { ProvisionInput } from '../../provisioning/types.js';
import { stepOf, type RequestAttribution } from './request-attribution.js';

export async function provisionSequentially(
  input: ProvisionInput,
  attribution?: RequestAttribution,
): Promise<void> {
  const run = input.org;
  const step = <R>(activity: keyof typeof activities, arg: unknown, fn: () => Promise<R>) =>
    attribution ? attribution.track({ run, activity, step: stepOf(activity, arg), attempt: 1 }, fn) : fn();
  const { target, outputDir } = input;
  // The workflow uses its run id; any value unique to this run gives the same requests.
  const runMarker = `[hybrid-provisioner run=${randomUUID()}]`;

  const snapshot = await step('inspectOrg', input, () => activities.inspectOrg(input));

  const certificateInput = {
    outputDir,
    options: input.certificate.options,
    password: input.certificate.password,
    bundleExisted: bundleExists(snapshot.bundle),
  };
  const certificate = await step('ensureCertificate', certificateInput, () =>
    activities.ensureCertificate(certificateInput),
  );

  for (const wanted of input.oauthClients) {
    const clientInput = {
      target,
      runMarker,
      wanted,
      before: snapshot.oauthClients[wanted.name] ?? [],
      ...oauthClientGrants(wanted, snapshot),
      outputDir,
    };
    await step('ensureOAuthClient', clientInput, () => activities.ensureOAuthClient(clientInput));
  }

  for (const name of input.altocloud.roles) {
    const role = snapshot.roles[name]!;
    const added = permissionsToAdd(decideRolePermissions(name, role, input.altocloud.permissions));
    if (added.length === 0) continue;
    const grantInput = { target, role, permissions: added };
    await step('grantRolePermissions', grantInput, () => activities.grantRolePermissions(grantInput));
  }

  for (const wanted of input.admins) {
    const adminInput = {
      target,
      wanted,
      ...adminTarget(wanted, snapshot),
      before: snapshot.users[wanted.email] ?? null,
    };
    await step('ensureAdmin', adminInput, () => activities.ensureAdmin(adminInput));
  }

  const idpInput = {
    target,
    wanted: input.identityProvider,
    certificateBody: certificate.certificateBody,
    before: snapshot.pureEngage,
  };
  await step('ensureIdentityProvider', idpInput, () => activities.ensureIdentityProvider(idpInput));
}
