/**
 * The baseline: the provisioning workflow's forward steps without Temporal. The same activity functions, with
 * the same inputs the workflow gives them (workflows/provision-steps.ts), called one after another in this
 * process in the order of the workflow's step table. No compensation and no progress table: it measures only
 * what the requests and the activities cost. The property test (test/emulator/decisions-property.test.ts)
 * drives it too, without attribution.
 */
import { randomUUID } from 'node:crypto';
import * as activities from '../../activities/provisioning.js';
import { runMarkerOf } from '../../provisioning/run-marker.js';
import type { ProvisionInput, StepName } from '../../provisioning/types.js';
import { provisionStepInputs, provisionStepNames } from '../../workflows/provision-steps.js';
import { stepOf, type RequestAttribution } from './request-attribution.js';

export async function provisionSequentially(
  input: ProvisionInput,
  attribution?: RequestAttribution,
): Promise<void> {
  const run = input.org;
  const track = <R>(activity: keyof typeof activities, arg: unknown, fn: () => Promise<R>) =>
    attribution ? attribution.track({ run, activity, step: stepOf(activity, arg), attempt: 1 }, fn) : fn();
  const snapshot = await track('inspectOrg', input, () => activities.inspectOrg(input));
  // The workflow's run marker holds its run id; any value unique to this run gives the same requests.
  const steps = provisionStepInputs(input, snapshot, runMarkerOf(randomUUID()));
  const byStep = <T extends { step: StepName }>(list: T[], step: StepName) =>
    list.find((s) => s.step === step);

  let certificateBody: string | undefined;
  for (const step of provisionStepNames(input)) {
    if (step === 'preflight') continue; // read above: every step's input derives from it
    if (step === 'certificate') {
      const { ensure } = steps.certificate;
      certificateBody = (await track('ensureCertificate', ensure, () => activities.ensureCertificate(ensure)))
        .certificateBody;
    } else if (step === 'identity-provider') {
      if (certificateBody === undefined)
        throw new Error('the step table lists the identity provider before the certificate');
      const ensure = steps.identityProvider.ensure(certificateBody);
      await track('ensureIdentityProvider', ensure, () => activities.ensureIdentityProvider(ensure));
    } else {
      const client = byStep(steps.oauthClients, step);
      const role = byStep(steps.roles, step);
      const admin = byStep(steps.admins, step);
      if (client)
        await track('ensureOAuthClient', client.ensure, () => activities.ensureOAuthClient(client.ensure));
      else if (role?.grant) {
        const grant = role.grant;
        await track('grantRolePermissions', grant, () => activities.grantRolePermissions(grant));
      } else if (admin) await track('ensureAdmin', admin.ensure, () => activities.ensureAdmin(admin.ensure));
    }
  }
}
