import { createHash, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkflowFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { clientSecretPath, type ClientSecretRecord } from '../../secrets/client-secret-file.js';
import { BUNDLE_FILE_NAMES, writeBundle } from '../../certificate/artifacts.js';
import { decryptPrivateKeyPem, generateCertificateBundle } from '../../certificate/bundle.js';
import { certificateToDer } from '../../certificate/pem.js';
import type { CreatedOrg } from '../../emulator/routes/control.js';
import { createGenesysClient } from '../../purecloud/index.js';
import { parseGrace, toRotateInput } from '../../provisioning/rotation.js';
import type {
  RotateCertificateResult,
  RotationRecord,
  RotationStatus,
} from '../../provisioning/rotation-types.js';
import type { ProvisionInput } from '../../provisioning/types.js';
import { buildSignedSamlResponse } from '../../saml/build-response.js';
import { provisionWorkflowId } from '../../workflows/provision-api.js';
import {
  finishRotationNowSignal,
  rotateWorkflowId,
  rotationStatusQuery,
} from '../../workflows/rotate-api.js';
import type { rotateCertificateWorkflow } from '../../workflows/rotate.js';
import { EmulatorControlClient } from './provisioning/emulator-control.js';
import { testInput } from './provisioning/harness.js';
import { startRotationHarness, type RotationHarness } from './rotation-harness.js';

/** The password testInput gives the spec's certificate. */
const PASSWORD = 'correct horse battery staple';
const emulator = new EmulatorControlClient(inject('emulatorUrl'));
let harness: RotationHarness;

beforeAll(async () => {
  harness = await startRotationHarness(inject('temporalAddress'), inject('temporalNamespace'));
});
afterAll(async () => {
  await harness?.stop();
});
afterEach(() => {
  harness.failAfter = undefined;
});

type Bundle = Record<keyof typeof BUNDLE_FILE_NAMES, string>;
type RotationHandle = WorkflowHandleWithFirstExecutionRunId<typeof rotateCertificateWorkflow>;

async function readBundle(dir: string): Promise<Bundle> {
  const entries = await Promise.all(
    Object.entries(BUNDLE_FILE_NAMES).map(async ([key, name]) => [
      key,
      await readFile(join(dir, name), 'utf8'),
    ]),
  );
  return Object.fromEntries(entries) as Bundle;
}

const sha256 = (certPemOrBody: string) =>
  createHash('sha256').update(certificateToDer(certPemOrBody)).digest('hex');

async function provisionedOrg(): Promise<{ org: CreatedOrg; input: ProvisionInput; bundle: Bundle }> {
  const org = await emulator.createOrg(`rot-${randomBytes(4).toString('hex')}`);
  const input = await testInput({ emulatorUrl: emulator.url, org });
  const handle = await harness.client.workflow.start('provisionWorkflow', {
    workflowId: provisionWorkflowId(input.org),
    taskQueue: harness.taskQueue,
    args: [input],
  });
  await handle.result();
  return { org, input, bundle: await readBundle(input.outputDir) };
}

function startRotation(input: ProvisionInput, grace: string): Promise<RotationHandle> {
  return harness.client.workflow.start<typeof rotateCertificateWorkflow>('rotateCertificateWorkflow', {
    workflowId: rotateWorkflowId(input.org),
    taskQueue: harness.taskQueue,
    args: [toRotateInput(input, parseGrace(grace))],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

async function waitForGrace(handle: RotationHandle): Promise<RotationStatus> {
  for (let i = 0; i < 300; i++) {
    const status = await handle.query(rotationStatusQuery);
    if (status.status === 'grace') return status;
    if (status.failure) throw new Error(`rotation failed before its grace period: ${status.failure.message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the rotation did not reach its grace period within 30 s');
}

async function provider(org: CreatedOrg) {
  const idp = (await emulator.state(org.id)).identityProvider as {
    certificate?: string;
    certificates?: string[];
  } & Record<string, unknown>;
  expect(idp).not.toBeNull();
  return idp;
}

async function failureOf(handle: RotationHandle): Promise<WorkflowFailedError> {
  const error = await handle.result().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  return error as WorkflowFailedError;
}

/** What the PureEngage desktop does: sign a SAML Response with a bundle's key and exchange it for a token. */
async function signInWith(org: CreatedOrg, input: ProvisionInput, bundle: Bundle): Promise<string> {
  const client = JSON.parse(
    await readFile(clientSecretPath(input.outputDir, 'PureEngage WDE'), 'utf8'),
  ) as ClientSecretRecord;
  const saml = buildSignedSamlResponse({
    issuer: input.identityProvider.issuerURI,
    subjectEmail: input.admins[0]!.email,
    orgName: org.thirdPartyOrgName,
    privateKeyPem: decryptPrivateKeyPem(bundle.key, PASSWORD),
    certificatePem: bundle.cert,
  });
  const res = await request(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
      orgName: org.thirdPartyOrgName,
      assertion: saml.base64,
    }).toString(),
  });
  const body = (await res.body.json()) as { error_description?: string };
  return res.statusCode === 200 ? 'signed in' : `refused: ${body.error_description ?? res.statusCode}`;
}

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('certificate rotation workflow, against the emulator and a real Temporal dev server', () => {
  it('trusts both certificates during the grace period, then only the new one, which becomes the current bundle', async () => {
    const { org, input, bundle: old } = await provisionedOrg();
    const before = await provider(org);

    // A grace period no check can outlast on any machine (a timed one, '3s', was outrun under load); it is ended
    // by the signal once the checks are done. Ending by the timer is the next test.
    const handle = await startRotation(input, '1d');
    const grace = await waitForGrace(handle);

    // During the grace period: old primary, new as backup, every other field as it was.
    const during = await provider(org);
    const newBundle = await readBundle(grace.rotationDir);
    expect(grace.rotationDir).toMatch(new RegExp(`^${input.outputDir}/rotations/\\d{8}T\\d{6}Z$`));
    expect(during.certificate).toBe(old.cert.replace(/-----[^-]+-----|\s/g, ''));
    expect((during.certificates ?? []).map(sha256)).toEqual([sha256(old.cert), sha256(newBundle.cert)]);
    const { certificate: _c, certificates: _cs, ...rest } = during;
    const { certificate: _bc, certificates: _bcs, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect(await readBundle(input.outputDir)).toEqual(old);
    for (const name of Object.values(BUNDLE_FILE_NAMES))
      expect(await mode(join(grace.rotationDir, name))).toBe(0o600);
    const record = JSON.parse(
      await readFile(join(grace.rotationDir, 'rotation.json'), 'utf8'),
    ) as RotationRecord;
    expect(record).toMatchObject({
      org: input.org,
      status: 'grace',
      old: { sha256: sha256(old.cert) },
      new: { sha256: sha256(newBundle.cert) },
    });
    expect(Date.parse(record.graceEndsAt) - Date.parse(record.startedAt)).toBeGreaterThanOrEqual(86_400_000);
    expect(await signInWith(org, input, old)).toBe('signed in');
    expect(await signInWith(org, input, newBundle)).toBe('signed in');

    await handle.signal(finishRotationNowSignal);
    const result: RotateCertificateResult = await handle.result();

    expect(result).toMatchObject({ status: 'completed', finishedEarly: true });
    expect(result.new.sha256).toBe(sha256(newBundle.cert));
    const after = await provider(org);
    expect(after.certificate).toBe(newBundle.cert.replace(/-----[^-]+-----|\s/g, ''));
    expect((after.certificates ?? []).map(sha256)).toEqual([sha256(newBundle.cert)]);
    // The current bundle is the new one; its key opens with the password and belongs to the provider's certificate.
    const current = await readBundle(input.outputDir);
    expect(current).toEqual(newBundle);
    const key = createPublicKey(decryptPrivateKeyPem(current.key, PASSWORD));
    const trusted = new X509Certificate(Buffer.from(after.certificate!, 'base64'));
    expect(key.export({ type: 'spki', format: 'der' })).toEqual(
      trusted.publicKey.export({ type: 'spki', format: 'der' }),
    );
    for (const name of Object.values(BUNDLE_FILE_NAMES))
      expect(await mode(join(input.outputDir, name))).toBe(0o600);
    // The old bundle is retired beside it; the rotation directory keeps only the record.
    expect(await readBundle(result.retiredDir)).toEqual(old);
    expect(result.retiredDir).toBe(grace.rotationDir.replace('/rotations/', '/retired/'));
    expect(await readdir(result.rotationDir)).toEqual(['rotation.json']);
    const done = JSON.parse(
      await readFile(join(result.rotationDir, 'rotation.json'), 'utf8'),
    ) as RotationRecord;
    expect(done).toMatchObject({ status: 'completed', retiredDir: result.retiredDir });
    expect(await signInWith(org, input, current)).toBe('signed in');
    expect(await signInWith(org, input, old)).toMatch(/^refused: .*untrusted-certificate/);
  });

  it('ends the grace period by its timer when nothing ends it earlier', async () => {
    const { org, input } = await provisionedOrg();
    const handle = await startRotation(input, '1s');

    const result: RotateCertificateResult = await handle.result();

    expect(result).toMatchObject({ status: 'completed', finishedEarly: false });
    expect((await provider(org)).certificates?.map(sha256)).toEqual([result.new.sha256]);
    const record = JSON.parse(
      await readFile(join(result.rotationDir, 'rotation.json'), 'utf8'),
    ) as RotationRecord;
    expect(Date.parse(record.graceEndsAt) - Date.parse(record.startedAt)).toBeGreaterThanOrEqual(1_000);
    expect(record.finishedEarlyAt).toBeUndefined();
  });

  it('ends the grace period early on finishRotationNow', async () => {
    const { org, input } = await provisionedOrg();
    const handle = await startRotation(input, '1d');
    await waitForGrace(handle);

    await handle.signal(finishRotationNowSignal);
    const result = await handle.result();

    expect(result.finishedEarly).toBe(true);
    expect((await provider(org)).certificates?.map(sha256)).toEqual([result.new.sha256]);
    const record = JSON.parse(
      await readFile(join(result.rotationDir, 'rotation.json'), 'utf8'),
    ) as RotationRecord;
    expect(record.finishedEarlyAt).toBeDefined();
  });

  it('attaches a second start to the open rotation instead of generating another key', async () => {
    const { input } = await provisionedOrg();
    const first = await startRotation(input, '1d');
    const { rotationDir } = await waitForGrace(first);

    const second = await startRotation(input, '1d');
    expect(second.firstExecutionRunId).toBe(first.firstExecutionRunId);
    expect(await readdir(join(input.outputDir, 'rotations'))).toEqual([rotationDir.split('/').pop()]);
    await first.signal(finishRotationNowSignal);
    await first.result();
  });

  it('rolls back when cancelled during the grace period: old certificate only, new bundle removed', async () => {
    const { org, input, bundle: old } = await provisionedOrg();
    const before = await provider(org);
    const handle = await startRotation(input, '1d');
    await waitForGrace(handle);
    expect((await provider(org)).certificates).toHaveLength(2);

    await handle.cancel();
    const error = await failureOf(handle);

    expect(error.cause).toBeInstanceOf(CancelledFailure);
    expect(await provider(org)).toEqual(before);
    expect(await readBundle(input.outputDir)).toEqual(old);
    expect((await readdir(input.outputDir)).sort()).toEqual(
      [...Object.values(BUNDLE_FILE_NAMES), 'oauth-clients'].sort(),
    );
    const status = await handle.query(rotationStatusQuery);
    expect(status.status).toBe('compensated');
    expect(status.steps.find((s) => s.step === 'trust-both')?.status).toBe('compensated');
    expect(await signInWith(org, input, old)).toBe('signed in');
  });

  it('compensates a failure in the final step: provider, current bundle and directories as before the rotation', async () => {
    const { org, input, bundle: old } = await provisionedOrg();
    const before = await provider(org);
    harness.failAfter = 'installRotatedBundle';

    const handle = await startRotation(input, '1s');
    const error = await failureOf(handle);

    expect(error.cause?.message).toMatch(/^certificate rotation step install failed: injected failure/);
    expect(await provider(org)).toEqual(before);
    expect(await readBundle(input.outputDir)).toEqual(old);
    expect((await readdir(input.outputDir)).sort()).toEqual(
      [...Object.values(BUNDLE_FILE_NAMES), 'oauth-clients'].sort(),
    );
    const status = await handle.query(rotationStatusQuery);
    expect(status.steps.map((s) => [s.step, s.status])).toEqual([
      ['preflight', 'done'],
      ['new-bundle', 'compensated'],
      ['trust-both', 'compensated'],
      ['grace', 'done'],
      ['trust-new-only', 'done'],
      ['install', 'compensated'],
    ]);
  });

  it('refuses to rotate an org without an identity provider, changing nothing', async () => {
    const org = await emulator.createOrg(`rot-${randomBytes(4).toString('hex')}`);
    const input = await testInput({ emulatorUrl: emulator.url, org });
    // A bundle in output, but the org has no identity provider to trust it.
    const bundle = await generateCertificateBundle(input.certificate.options, PASSWORD);
    await writeBundle(input.outputDir, bundle, { force: false });

    const error = await failureOf(await startRotation(input, '1s'));

    expect(error.cause?.message).toMatch(/preflight failed: the org has no PureEngage identity provider/);
    expect(await readdir(input.outputDir)).not.toContain('rotations');
  });

  it('refuses to rotate when the identity provider does not trust the bundle in output', async () => {
    const { org, input } = await provisionedOrg();
    const before = await provider(org);
    const foreign = await generateCertificateBundle(input.certificate.options, PASSWORD);
    await writeBundle(input.outputDir, foreign, { force: true });

    const error = await failureOf(await startRotation(input, '1s'));

    expect(error.cause?.message).toMatch(/does not trust .*cert\.pem .*run hybrid provision/);
    expect(await provider(org)).toEqual(before);
  });

  it('keeps backup certificates it did not add, and removes only the old one', async () => {
    const { org, input, bundle: old } = await provisionedOrg();
    const backup = (await generateCertificateBundle(input.certificate.options, 'backup-password'))
      .certificateBody;
    const genesys = createGenesysClient({
      environment: emulator.url,
      clientId: org.adminClientId,
      clientSecret: org.adminClientSecret,
    });
    try {
      const current = (await genesys.identityProviders.getPureEngage())!;
      await genesys.identityProviders.putPureEngage({
        ...current,
        certificates: [current.certificate!, backup],
      });
    } finally {
      await genesys.close();
    }

    const handle = await startRotation(input, '1d');
    await waitForGrace(handle);
    expect((await provider(org)).certificates?.map(sha256)).toEqual([
      sha256(old.cert),
      sha256(backup),
      (await handle.query(rotationStatusQuery)).new!.sha256,
    ]);
    await handle.signal(finishRotationNowSignal);
    const result = await handle.result();

    expect((await provider(org)).certificates?.map(sha256)).toEqual([result.new.sha256, sha256(backup)]);
  });
});
