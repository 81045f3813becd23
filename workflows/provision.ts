/**
 * Provisions one Genesys Cloud org for a PureEngage hybrid integration.
 *
 * Order: a read-only preflight snapshot; then, in parallel, the certificate bundle, the OAuth clients, the
 * Altocloud role permissions and the admin accounts; then the identity provider, which needs the
 * certificate. Each step registers its compensation before it starts; a failure that retries cannot fix,
 * or a cancellation, runs them newest first and leaves the org as the snapshot found it.
 *
 * The certificate's key is generated from the start of the run, alongside the preflight (it needs nothing
 * the preflight reads and is the run's longest step); the bundle is written only in the certificate step,
 * after the preflight passed, so a refused run writes nothing and the step's undo is unchanged.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AdminStepEnd } from '../activities/admin.js';
import type * as activities from '../activities/provisioning.js';
import { runMarkerOf } from '../provisioning/run-marker.js';
import type { OrgState, ProvisionInput, ProvisionResult } from '../provisioning/types.js';
import { compensateThenFail } from './compensate.js';
import { refuseWhileOtherRunOpen } from './org-interlock.js';
import { provisionProgressQuery } from './provision-api.js';
import { ProgressTable } from './provision-progress.js';
import { tagOrgRun } from './run-attributes.js';
import { recordCompensation, recordRunOutcome } from './run-metrics.js';
import { Saga } from './saga.js';
import { provisionStepInputs, provisionStepNames } from './provision-steps.js';
import { proxyStepActivities } from './step-activities.js';

/**
 * Runs started before the key was generated ahead (in flight during an upgrade) replay without that activity.
 * Phase-out steps: CONTRIBUTING.md.
 */
export const CERTIFICATE_KEY_AHEAD_PATCH = 'certificate-key-ahead';

/**
 * Like Promise.all, but waits for every branch to end before it fails. Compensations are registered before
 * each step starts, so that is not the reason: with Promise.all the undos would start while sibling steps are
 * still running, and an undo that ran before its step finished (a client deleted before it is created) would
 * leave the step's change behind. Of several failures it reports one that is not the cancellation.
 */
async function settleAll<T extends readonly unknown[]>(branches: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const settled = await Promise.allSettled(branches);
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failures.length > 0) {
    throw (failures.find((f) => !isCancellation(f.reason)) ?? failures[0]!).reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * ensureAdmin fails for good (its own non-retryable failure) only once the user search shows any user it created;
 * a step cancelled, timed out or out of retry budget may have stopped part-way through its create.
 */
function adminStepEnd(err: unknown): AdminStepEnd {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable
    ? { kind: 'failed-for-good' }
    : { kind: 'unknown' };
}

export async function provisionWorkflow(input: ProvisionInput): Promise<ProvisionResult> {
  // Per run: the spec's retry budget rides in the input (absent in runs started before: the default).
  const { act, undoAct } = proxyStepActivities<typeof activities>(input.retryBudgetMs);
  const progress = new ProgressTable(
    input.org,
    provisionStepNames(input),
    tagOrgRun(input.org, input.target.environment),
  );
  setHandler(provisionProgressQuery, () => progress.view());

  const saga = new Saga();
  const runMarker = runMarkerOf(workflowInfo().runId);
  const { target, outputDir } = input;

  // Never fails the run (a key it could not make, the certificate step makes); a rejection is a cancellation,
  // which the steps report. Handled here so that a run that ends before the certificate step does not leave
  // an unhandled rejection.
  const keyAhead = patched(CERTIFICATE_KEY_AHEAD_PATCH)
    ? act('certificate key')
        .prepareCertificate({
          outputDir,
          options: input.certificate.options,
          password: input.certificate.password,
        })
        .catch(() => undefined)
    : undefined;

  try {
    await refuseWhileOtherRunOpen(
      { kind: 'provision', org: input.org, clientNames: input.oauthClients.map((c) => c.name) },
      progress,
    );
    const snapshot: OrgState = await progress.track(
      'preflight',
      () => act('preflight').inspectOrg(input),
      (s) => `org ${s.thirdPartyOrgName || s.orgId} read`,
    );

    const steps = provisionStepInputs(input, snapshot, runMarker);

    const certificateStep = () => {
      saga.add('certificate', () => undoAct('certificate').removeCertificate(steps.certificate.undo));
      return progress.track(
        'certificate',
        async () => {
          await keyAhead; // the write takes the bundle generated ahead, when it runs on the same worker
          return act('certificate').ensureCertificate(steps.certificate.ensure);
        },
        (c) => `${c.outcome}, SHA-256 ${c.sha256Fingerprint.slice(0, 16)}…, valid until ${c.notAfter}`,
      );
    };

    const clientSteps = steps.oauthClients.map(({ step, ensure, undo }) => {
      saga.add(step, () => undoAct(step).undoOAuthClient(undo));
      return progress.track(
        step,
        () => act(step).ensureOAuthClient(ensure),
        (c) => `${c.outcome} (${c.id})`,
      );
    });

    // From the snapshot, so a retry after a lost response still knows what this run added.
    const roleSteps = steps.roles.map(({ step, result, grant, undo }) => {
      if (undo) saga.add(step, () => undoAct(step).revokeRolePermissions(undo));
      return progress.track(
        step,
        async () => {
          if (grant) await act(step).grantRolePermissions(grant);
          return result;
        },
        (r) =>
          r.addedPermissions.length > 0
            ? `added ${r.addedPermissions.length} permissions`
            : 'already granted',
      );
    });

    const adminSteps = steps.admins.map(({ step, ensure, undo }) => {
      // Read when the undo runs, after the step has ended (settleAll): the undo finds the user by what it knows.
      let stepEnd: AdminStepEnd = { kind: 'unknown' };
      saga.add(step, () => undoAct(step).undoAdmin({ ...undo, stepEnd }));
      return progress.track(
        step,
        async () => {
          try {
            const admin = await act(step).ensureAdmin(ensure);
            stepEnd = { kind: 'completed', userId: admin.id };
            return admin;
          } catch (err) {
            stepEnd = adminStepEnd(err);
            throw err;
          }
        },
        (a) => `${a.outcome} (${a.id})`,
      );
    });

    const [certificate, oauthClients, roles, admins] = await settleAll([
      certificateStep(),
      settleAll(clientSteps),
      settleAll(roleSteps),
      settleAll(adminSteps),
    ] as const);

    saga.add('identity-provider', () =>
      undoAct('identity-provider').restoreIdentityProvider(steps.identityProvider.undo),
    );
    const identityProvider = await progress.track(
      'identity-provider',
      () =>
        act('identity-provider').ensureIdentityProvider(
          steps.identityProvider.ensure(certificate.certificateBody),
        ),
      (i) => `${i.outcome}; checks passed (fields as specified, issuer unique)`,
    );

    progress.setRunStatus('completed');
    recordRunOutcome('completed');
    return {
      org: input.org,
      status: 'completed',
      genesysOrg: {
        id: snapshot.orgId,
        thirdPartyOrgName: snapshot.thirdPartyOrgName,
        environment: target.environment,
      },
      oauthClients: [...oauthClients],
      identityProvider: { ...identityProvider, ssoTargetURI: input.identityProvider.ssoTargetURI },
      roles: [...roles],
      admins: [...admins],
      artifactsDir: outputDir,
      certificateFiles: certificate.files,
    };
  } catch (err) {
    return compensateThenFail(err, {
      table: progress,
      saga,
      headline: (step) => `${step ?? 'provisioning'} failed`,
      undone: 'Every change was undone.',
      defaultType: 'ProvisioningFailed',
      observe: {
        undo: recordCompensation,
        ended: ({ cancelled, leftBehind }) =>
          recordRunOutcome(cancelled ? 'cancelled' : leftBehind.length === 0 ? 'compensated' : 'failed'),
      },
    });
  }
}
