/**
 * Provisions one Genesys Cloud org for a PureEngage hybrid integration.
 *
 * Order: a read-only preflight snapshot; then, in parallel, the certificate bundle, the OAuth clients, the
 * Altocloud role permissions and the admin accounts; then the identity provider, which needs the
 * certificate. Each step registers its compensation before it starts; a failure that retries cannot fix,
 * or a cancellation, runs them newest first and leaves the org as the snapshot found it.
 */
import {
  ApplicationFailure,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from '../activities/provisioning.js';
import { NON_RETRYABLE_FAILURE_TYPES } from '../provisioning/failure-types.js';
import { missingPermissions } from '../provisioning/permission-policies.js';
import type { OrgSnapshot, ProvisionInput, ProvisionResult, StepName } from '../provisioning/types.js';
import { provisionProgressQuery } from './provision-api.js';
import { failureMessage, failureType, ProgressTable } from './provision-progress.js';
import { tagOrgRun } from './run-attributes.js';
import { Saga } from './saga.js';

const retry = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '30s',
  maximumAttempts: 20,
  nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
};
// Activities beat every 2 s (activities/liveness.ts): a worker that dies mid-step is noticed within 30 s.
// Tighter (10 s) gave spurious timeouts with 50 orgs on 2 cores (bench:provision): heartbeats are throttled
// to 80% of the timeout and a loaded event loop delays them further.
const act = proxyActivities<typeof activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30s',
  retry,
});
// Compensation must get through a storm the forward steps gave up on: more patience, same error taxonomy.
const undoAct = proxyActivities<typeof activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30s',
  retry: { ...retry, maximumAttempts: 50 },
});

function stepNames(input: ProvisionInput): StepName[] {
  return [
    'preflight',
    'certificate',
    ...input.oauthClients.map((c) => `oauth-client:${c.name}` as const),
    ...input.altocloud.roles.map((r) => `altocloud-role:${r}` as const),
    ...input.admins.map((a) => `admin:${a.email}` as const),
    'identity-provider',
  ];
}

/** Like Promise.all, but waits for every branch so that all their compensations are registered first. */
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

export async function provisionWorkflow(input: ProvisionInput): Promise<ProvisionResult> {
  const progress = new ProgressTable(input.org, stepNames(input));
  setHandler(provisionProgressQuery, () => progress.view());
  const setStatus = tagOrgRun(input.org, input.target.environment);

  const saga = new Saga();
  const runMarker = `[hybrid-provisioner run=${workflowInfo().runId}]`;
  const { target, outputDir } = input;

  try {
    const snapshot: OrgSnapshot = await progress.track(
      'preflight',
      () => act.inspectOrg(input),
      (s) => `org ${s.thirdPartyOrgName || s.orgId} read`,
    );
    const roleIds = (names: string[]) => names.map((n) => snapshot.roles[n]!.id);

    const certificateStep = () => {
      saga.add('certificate', () =>
        undoAct.removeCertificate({ outputDir, bundleExisted: snapshot.bundleExisted }),
      );
      return progress.track(
        'certificate',
        () =>
          act.ensureCertificate({
            outputDir,
            options: input.certificate.options,
            password: input.certificate.password,
            bundleExisted: snapshot.bundleExisted,
          }),
        (c) => `${c.outcome}, SHA-256 ${c.sha256Fingerprint.slice(0, 16)}…, valid until ${c.notAfter}`,
      );
    };

    const clientSteps = input.oauthClients.map((wanted) => {
      const step = `oauth-client:${wanted.name}` as const;
      const before = snapshot.oauthClients[wanted.name] ?? [];
      saga.add(step, () =>
        undoAct.undoOAuthClient({ target, runMarker, name: wanted.name, before, outputDir }),
      );
      return progress.track(
        step,
        () =>
          act.ensureOAuthClient({
            target,
            runMarker,
            wanted,
            before,
            roleIds: roleIds(wanted.roles),
            divisionId: snapshot.divisions[wanted.division ?? ''] ?? snapshot.homeDivisionId,
            outputDir,
          }),
        (c) => `${c.outcome} (${c.id})`,
      );
    });

    const roleSteps = input.altocloud.roles.map((name) => {
      const step = `altocloud-role:${name}` as const;
      const role = snapshot.roles[name]!;
      // From the snapshot, so a retry after a lost response still knows what this run added.
      const added = missingPermissions(role.permissionPolicies, input.altocloud.permissions);
      if (added.length > 0) {
        saga.add(step, () => undoAct.revokeRolePermissions({ target, role, permissions: added }));
      }
      return progress.track(
        step,
        async () => {
          if (added.length > 0) await act.grantRolePermissions({ target, role, permissions: added });
          return { name, id: role.id, addedPermissions: added };
        },
        (r) =>
          r.addedPermissions.length > 0
            ? `added ${r.addedPermissions.length} permissions`
            : 'already granted',
      );
    });

    const adminSteps = input.admins.map((wanted) => {
      const step = `admin:${wanted.email}` as const;
      const before = snapshot.users[wanted.email] ?? null;
      saga.add(step, () => undoAct.undoAdmin({ target, email: wanted.email, before }));
      return progress.track(
        step,
        () =>
          act.ensureAdmin({
            target,
            wanted,
            roleIds: roleIds(wanted.roles),
            divisionId: snapshot.homeDivisionId,
            before,
          }),
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
      undoAct.restoreIdentityProvider({ target, before: snapshot.pureEngage }),
    );
    const identityProvider = await progress.track(
      'identity-provider',
      () =>
        act.ensureIdentityProvider({
          target,
          wanted: input.identityProvider,
          certificateBody: certificate.certificateBody,
          before: snapshot.pureEngage,
        }),
      (i) => `${i.outcome}; checks passed (auto-provisioning on, issuer matches, issuer unique)`,
    );

    progress.setRunStatus('completed');
    setStatus('completed');
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
    const cancelled = isCancellation(err);
    progress.setRunStatus(cancelled ? 'cancelled' : 'compensating');
    setStatus('compensating');
    const undoFailures = await saga.compensate((step, outcome, error) => progress.set(step, outcome, error));
    progress.setRunStatus(undoFailures.length === 0 ? 'compensated' : 'failed');
    setStatus(undoFailures.length === 0 ? 'compensated' : 'compensation-failed');
    if (cancelled) throw err;
    const view = progress.view();
    const where = view.failure?.step ?? 'provisioning';
    const leftovers =
      undoFailures.length > 0
        ? ` Compensation failed for: ${undoFailures.join(', ')}.`
        : ' Every change was undone.';
    throw ApplicationFailure.nonRetryable(
      `${where} failed: ${failureMessage(err)}.${leftovers}`,
      failureType(err) ?? 'ProvisioningFailed',
    );
  }
}
