/**
 * The real provisioning and rotation workflows (certificate and client secret) on a real worker, with stubbed activities that answer at once:
 * each run's activity calls are recorded (in order, per workflow id) and a test can replace any activity for
 * one workflow id (make it fail, block until cancelled). Only the interlock's describeOpenRun is real: it asks
 * the dev server. Workflows are bundled once per worker, so once per test file.
 */
import { Context, activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { describeOpenRun } from '../../../activities/org-runs.js';
import type { RotateClientSecretInput } from '../../../provisioning/client-secret-rotation-types.js';
import type { OrgState, ProvisionInput } from '../../../provisioning/types.js';
import { provisionWorkflowId } from '../../../workflows/provision-api.js';
import { rotateClientSecretWorkflowId } from '../../../workflows/rotate-client-secret-api.js';
import type { rotateClientSecretWorkflow } from '../../../workflows/rotate-client-secret.js';
import { newCodecKeyEntry, startTestWorker, type TestWorker } from '../support/test-worker.js';

type Stub = (input: Record<string, unknown>) => Promise<unknown>;

export interface StubWorker extends TestWorker {
  codecKey: string;
  /** Activity calls per workflow id, e.g. `ensureAdmin:jane@x`, `undoOAuthClient:WDE`. */
  calls(workflowId: string): string[];
  /** Replaces activities for one workflow id. */
  override(workflowId: string, stubs: Record<string, Stub>): void;
}

const str = (v: unknown) => String(v);
const field = (input: Record<string, unknown>, key: string) => input[key] as Record<string, unknown>;

/** What each stub records: the activity name and the resource it is about. */
const LABELS: Record<string, (input: Record<string, unknown>) => string> = {
  ensureOAuthClient: (i) => str(field(i, 'wanted')['name']),
  undoOAuthClient: (i) => str(i['name']),
  grantRolePermissions: (i) => str(field(i, 'role')['name']),
  revokeRolePermissions: (i) => str(field(i, 'role')['name']),
  ensureAdmin: (i) => str(field(i, 'wanted')['email']),
  undoAdmin: (i) => str(i['email']),
};

const CERTIFICATE = {
  sha256Fingerprint: 'ab'.repeat(32),
  notAfter: '2030-01-01T00:00:00.000Z',
  subject: 'CN=Stub',
  certificateBody: 'MIIBstub',
  files: { cert: 'cert.pem', certB64: 'cert.pem.b64', key: 'key.pem.enc', keyB64: 'key.pem.enc.b64' },
};

const DEFAULTS: Record<string, Stub> = {
  inspectOrg: async (input) => {
    const spec = input as unknown as ProvisionInput;
    const names = new Set([
      ...spec.altocloud.roles,
      ...spec.oauthClients.flatMap((c) => c.roles),
      ...spec.admins.flatMap((a) => a.roles),
    ]);
    // Typed, so the stub follows the preflight's real result shape when that changes.
    const state: OrgState = {
      orgId: 'org-1',
      thirdPartyOrgName: spec.org,
      homeDivision: { id: 'home', name: 'Home' },
      roles: Object.fromEntries(
        [...names].map((name) => [name, { id: `role-${name}`, name, permissionPolicies: [] }]),
      ),
      permissionsNotInCatalog: [],
      oauthClients: {},
      identityProviders: [],
      pureEngage: null,
      users: {},
      bundle: {
        dir: spec.outputDir,
        missing: ['cert.pem', 'cert.pem.b64', 'key.pem.enc', 'key.pem.enc.b64'],
        certificateBody: null,
      },
    };
    return state;
  },
  // The key generated ahead of the preflight stays in the worker's memory: nothing is written, nothing to undo.
  prepareCertificate: async () => ({ prepared: true }),
  ensureCertificate: async () => ({ outcome: 'created', ...CERTIFICATE }),
  ensureOAuthClient: async (i) => {
    const wanted = field(i, 'wanted');
    return {
      name: wanted['name'],
      id: `client-${str(wanted['name'])}`,
      grantType: wanted['grantType'],
      outcome: 'created',
    };
  },
  ensureAdmin: async (i) => ({ email: field(i, 'wanted')['email'], id: 'user-1', outcome: 'created' }),
  ensureIdentityProvider: async (i) => ({
    issuerURI: field(i, 'wanted')['issuerURI'],
    certificateSha256: CERTIFICATE.sha256Fingerprint,
    notAfter: CERTIFICATE.notAfter,
    outcome: 'created',
  }),
  inspectRotation: async () => ({
    provider: { name: 'PureEngage', issuerURI: 'http://stub', certificate: 'MIIold' },
    old: {
      sha256: 'cd'.repeat(32),
      notAfter: '2029-01-01T00:00:00.000Z',
      subject: 'CN=Old',
      certificateBody: 'MIIold',
    },
    otherCertificates: [],
  }),
  generateRotationBundle: async () => CERTIFICATE,
  trustCertificates: async (i) => ({ trusted: (i['certificates'] as unknown[]).length }),
  // The client-secret rotation: a client to rotate, and an old client still in use (its grace period waits).
  inspectClientRotation: async (i) => ({
    id: 'client-old',
    request: { name: str(i['name']), authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [] },
    state: 'active',
  }),
  createTwinClient: async () => ({ id: 'client-twin', secretFile: 'twin.secret.json' }),
  readClientUsage: async () => ({ requests: 1, complete: true }),
  regenerateClientSecret: async () => ({ id: 'client-old', secretFile: 'old.secret.json' }),
  describeOpenRun: (i) => describeOpenRun(i as { workflowId: string }),
};
const NOTHING: Stub = async () => undefined;
const ACTIVITY_NAMES = [
  ...Object.keys(DEFAULTS),
  ...['removeCertificate', 'undoOAuthClient', 'grantRolePermissions', 'revokeRolePermissions', 'undoAdmin'],
  ...['restoreIdentityProvider', 'restoreRotatedProvider', 'removeRotationBundle', 'recordRotation'],
  ...['installRotatedBundle', 'uninstallRotatedBundle'],
  ...['removeTwinClient', 'updateRotatedClient', 'deleteRotatedClient'],
];

/** An activity that heartbeats until the workflow cancels it (then throws the cancellation). */
export const blockUntilCancelled: Stub = async () => {
  const context = Context.current();
  for (;;) {
    context.heartbeat();
    await context.sleep(100);
  }
};

/** Fails every call, non-retryably (the type is not retried) or with a retryable 503. */
export function failing(message: string, retryable = false): Stub {
  return async () => {
    throw retryable
      ? ApplicationFailure.retryable(message, 'GenesysServerError')
      : ApplicationFailure.nonRetryable(message, 'InjectedFailure');
  };
}

export async function startStubWorker(address: string, namespace: string): Promise<StubWorker> {
  const calls = new Map<string, string[]>();
  const overrides = new Map<string, Record<string, Stub>>();
  const activities = Object.fromEntries(
    ACTIVITY_NAMES.map((name) => [
      name,
      async (input: Record<string, unknown>) => {
        const workflowId = activityInfo().workflowExecution?.workflowId ?? '';
        const label = LABELS[name] ? `${name}:${LABELS[name](input)}` : name;
        calls.set(workflowId, [...(calls.get(workflowId) ?? []), label]);
        const stub = overrides.get(workflowId)?.[name] ?? DEFAULTS[name] ?? NOTHING;
        return stub(input);
      },
    ]),
  );
  const codecKey = newCodecKeyEntry('stub-key');
  const worker = await startTestWorker({
    address,
    namespace,
    codecKey,
    activities,
    taskQueuePrefix: 'stub',
    // Cancellation reaches an activity with its next heartbeat; unthrottled, a cancel test takes a second.
    workerOptions: { maxHeartbeatThrottleInterval: '100ms' },
  });
  return {
    ...worker,
    codecKey,
    calls: (workflowId) => calls.get(workflowId) ?? [],
    override: (workflowId, stubs) => overrides.set(workflowId, stubs),
  };
}

/** Starts `provision/<org>` with the stub input. */
export function startStubProvision(worker: StubWorker, org: string) {
  return worker.client.workflow.start('provisionWorkflow', {
    workflowId: provisionWorkflowId(org),
    taskQueue: worker.taskQueue,
    args: [stubProvisionInput(org)],
  });
}

/** What the provision command hands the CLI interlock for the stub input of `org`. */
export function stubProvisionRun(org: string) {
  return {
    kind: 'provision' as const,
    org,
    clientNames: stubProvisionInput(org).oauthClients.map((c) => c.name),
  };
}

/**
 * Starts a blue/green client-secret rotation of one of the stub spec's clients. The stubbed old client stays in
 * use and the usage poll is an hour away, so the run waits in its grace period until signalled or cancelled.
 */
export function startStubClientRotation(worker: StubWorker, org: string, clientName: string) {
  const provision = stubProvisionInput(org);
  const input: RotateClientSecretInput = {
    org,
    target: provision.target,
    outputDir: provision.outputDir,
    clientName,
    mode: 'blue-green',
    graceMs: 3_600_000,
    usagePollMs: 3_600_000,
  };
  return worker.client.workflow.start<typeof rotateClientSecretWorkflow>('rotateClientSecretWorkflow', {
    workflowId: rotateClientSecretWorkflowId(org, clientName),
    taskQueue: worker.taskQueue,
    args: [input],
  });
}

/** A provisioning input that only the stubs read: two clients, one role, one admin. */
export function stubProvisionInput(org: string): ProvisionInput {
  const secret = { env: 'UNUSED' };
  return {
    org,
    target: { environment: 'http://127.0.0.1:1', clientId: secret, clientSecret: secret },
    oauthClients: [
      { name: 'WDE', grantType: 'SAML2-BEARER', redirectUris: ['https://apps.example.com'], roles: [] },
      { name: 'Pacing', grantType: 'CLIENT-CREDENTIALS', redirectUris: [], roles: ['employee'] },
    ],
    certificate: {
      options: { days: 30, keyBits: 2048, subject: { commonName: 'Stub' } } as never,
      password: secret,
    },
    identityProvider: {
      name: 'PureEngage',
      issuerURI: `http://www.genesys.com/pureengage/${org}`,
      ssoTargetURI: 'http://example.com/target',
      autoProvisionUsers: true,
      disabled: false,
    },
    altocloud: { roles: ['employee'], permissions: ['journey:event:view'] },
    admins: [{ name: 'Jane', email: `jane@${org}.example.com`, roles: ['Admin'] }],
    onExisting: 'adopt',
    outputDir: `/tmp/stub-${org}`,
  };
}
