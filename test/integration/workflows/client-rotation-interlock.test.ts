// Provisioning and a client-secret rotation of one of the spec's clients never interleave (workflows/
// run-interlock-api.ts): whichever starts second refuses, in the workflow and in the CLI's check. Stubbed
// activities on the shared dev server; only the interlock's look-ups are real.
import { randomBytes } from 'node:crypto';
import type { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { refuseIfOtherRunOpen, RunConflictError } from '../../../client/run-interlock.js';
import { provisionProgressQuery, provisionWorkflowId } from '../../../workflows/provision-api.js';
import {
  clientSecretRotationStatusQuery,
  rotateClientSecretWorkflowId,
} from '../../../workflows/rotate-client-secret-api.js';
import { failureOf, until, useStubWorker } from './run-helpers.js';
import {
  blockUntilCancelled,
  startStubClientRotation,
  startStubProvision,
  stubProvisionRun,
} from './stub-worker.js';

const stub = useStubWorker();

const newOrg = () => `csr-lock-${randomBytes(4).toString('hex')}`;
/** The second of the stub spec's two clients. */
const CLIENT = 'Pacing';

const startProvision = (org: string) => startStubProvision(stub.worker, org);
const startClientRotation = (org: string) => startStubClientRotation(stub.worker, org, CLIENT);

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
    expect(stub.worker.calls(provisionWorkflowId(org)).filter((c) => c !== 'prepareCertificate')).toEqual([
      'describeOpenRun',
      'describeOpenRun',
      'describeOpenRun',
    ]);
    const progress = await provision.query(provisionProgressQuery);
    expect(progress.steps[0]).toMatchObject({ step: 'preflight', status: 'failed' });
    await expect(refuseIfOtherRunOpen(stub.worker.client, stubProvisionRun(org))).rejects.toThrow(
      `the client-secret rotation ${workflowId}`,
    );
    // A spec without that client does not touch it: no conflict.
    await expect(
      refuseIfOtherRunOpen(stub.worker.client, { kind: 'provision', org, clientNames: ['WDE'] }),
    ).resolves.toBeUndefined();

    await rotation.cancel();
    await failureOf(rotation.result());
    await expect(refuseIfOtherRunOpen(stub.worker.client, stubProvisionRun(org))).resolves.toBeUndefined();
  });

  it('a client-secret rotation refuses to start while provisioning is open, and so does the CLI check', async () => {
    const org = newOrg();
    stub.worker.override(provisionWorkflowId(org), { ensureAdmin: blockUntilCancelled });
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
    expect(stub.worker.calls(rotateClientSecretWorkflowId(org, CLIENT))).toEqual(['describeOpenRun']);
    const status = await rotation.query(clientSecretRotationStatusQuery);
    expect(status.steps[0]).toMatchObject({ step: 'preflight', status: 'failed' });
    await expect(
      refuseIfOtherRunOpen(stub.worker.client, { kind: 'rotate-client-secret', org, clientName: CLIENT }),
    ).rejects.toThrow(RunConflictError);

    await provision.cancel();
    await failureOf(provision.result());
  });
});
