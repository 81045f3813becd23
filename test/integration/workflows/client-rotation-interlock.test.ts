// Provisioning and a client-secret rotation of one of the spec's clients never interleave (workflows/
// run-interlock-api.ts): whichever starts second refuses, in the workflow and in the CLI's check. Stubbed
// activities on the shared dev server; only the interlock's look-ups are real.
import { randomBytes } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { refuseIfOtherRunOpen, RunConflictError } from '../../../client/run-interlock.js';
import type { RotateClientSecretInput } from '../../../provisioning/client-secret-rotation-types.js';
import { provisionProgressQuery, provisionWorkflowId } from '../../../workflows/provision-api.js';
import {
  clientSecretRotationStatusQuery,
  rotateClientSecretWorkflowId,
} from '../../../workflows/rotate-client-secret-api.js';
import { blockUntilCancelled, startStubWorker, stubProvisionInput, type StubWorker } from './stub-worker.js';

let worker: StubWorker;
let client: Client;

beforeAll(async () => {
  worker = await startStubWorker(inject('temporalAddress'), inject('temporalNamespace'));
  client = worker.client;
});
afterAll(async () => {
  await worker?.stop();
});

const newOrg = () => `csr-lock-${randomBytes(4).toString('hex')}`;
/** The second of the stub spec's two clients. */
const CLIENT = 'Pacing';

function startProvision(org: string) {
  return client.workflow.start('provisionWorkflow', {
    workflowId: provisionWorkflowId(org),
    taskQueue: worker.taskQueue,
    args: [stubProvisionInput(org)],
  });
}

function startClientRotation(org: string, clientName = CLIENT) {
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
  return client.workflow.start('rotateClientSecretWorkflow', {
    workflowId: rotateClientSecretWorkflowId(org, clientName),
    taskQueue: worker.taskQueue,
    args: [input],
  });
}

const provisionRun = (org: string) => ({
  kind: 'provision' as const,
  org,
  clientNames: stubProvisionInput(org).oauthClients.map((c) => c.name),
});

async function failureOf(result: Promise<unknown>): Promise<WorkflowFailedError> {
  const error = await result.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  return error as WorkflowFailedError;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('provision/<org> and rotate-client-secret/<org>/<client> never interleave', () => {
  it('a provisioning run refuses to start while a client of its spec is being rotated, and so does the CLI check', async () => {
    const org = newOrg();
    const rotation = await startClientRotation(org);
    await until(
      () => rotation.query(clientSecretRotationStatusQuery),
      (s) => s.phase === 'grace',
    );

    const provision = await startProvision(org);
    const error = await failureOf(provision.result());
    expect((error.cause as ApplicationFailure).type).toBe('RunConflict');
    const workflowId = rotateClientSecretWorkflowId(org, CLIENT);
    expect(error.cause?.message).toContain(
      `refusing to provision ${org}: the client-secret rotation ${workflowId} (run ${rotation.firstExecutionRunId}) is open`,
    );
    expect(error.cause?.message).toContain(`hybrid finish-client-rotation ${org} --client "${CLIENT}"`);
    // It changed nothing: the key generated ahead stays in memory; the look-ups were its only other activities.
    expect(worker.calls(provisionWorkflowId(org)).filter((c) => c !== 'prepareCertificate')).toEqual([
      'describeOpenRun',
      'describeOpenRun',
      'describeOpenRun',
    ]);
    const progress = await provision.query(provisionProgressQuery);
    expect(progress.steps[0]).toMatchObject({ step: 'preflight', status: 'failed' });
    await expect(refuseIfOtherRunOpen(client, provisionRun(org))).rejects.toThrow(
      `the client-secret rotation ${workflowId}`,
    );
    // A spec without that client does not touch it: no conflict.
    await expect(
      refuseIfOtherRunOpen(client, { kind: 'provision', org, clientNames: ['WDE'] }),
    ).resolves.toBeUndefined();

    await rotation.cancel();
    await failureOf(rotation.result());
    await expect(refuseIfOtherRunOpen(client, provisionRun(org))).resolves.toBeUndefined();
  });

  it('a client-secret rotation refuses to start while provisioning is open, and so does the CLI check', async () => {
    const org = newOrg();
    worker.override(provisionWorkflowId(org), { ensureAdmin: blockUntilCancelled });
    const provision = await startProvision(org);
    await until(
      () => provision.query(provisionProgressQuery),
      (p) => p.steps.some((s) => s.step.startsWith('admin:') && s.status === 'running'),
    );

    const rotation = await startClientRotation(org);
    const error = await failureOf(rotation.result());
    expect((error.cause as ApplicationFailure).type).toBe('RunConflict');
    expect(error.cause?.message).toContain(
      `refusing to rotate the secret of the OAuth client "${CLIENT}" of ${org}: the provisioning run ` +
        `provision/${org} (run ${provision.firstExecutionRunId}) is open`,
    );
    expect(error.cause?.message).toContain(`hybrid cancel ${org}`);
    expect(worker.calls(rotateClientSecretWorkflowId(org, CLIENT))).toEqual(['describeOpenRun']);
    const status = await rotation.query(clientSecretRotationStatusQuery);
    expect(status.steps[0]).toMatchObject({ step: 'preflight', status: 'failed' });
    await expect(
      refuseIfOtherRunOpen(client, { kind: 'rotate-client-secret', org, clientName: CLIENT }),
    ).rejects.toThrow(RunConflictError);

    await provision.cancel();
    await failureOf(provision.result());
  });
});
