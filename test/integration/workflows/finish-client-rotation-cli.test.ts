// `hybrid finish-client-rotation <org> --client NAME`, run as a user runs it, against a client-secret rotation
// waiting in its grace period (stubbed activities: the old client stays in use, so only the signal ends it).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  RotateClientSecretInput,
  RotateClientSecretResult,
} from '../../../provisioning/client-secret-rotation-types.js';
import {
  clientSecretRotationStatusQuery,
  rotateClientSecretWorkflowId,
} from '../../../workflows/rotate-client-secret-api.js';
import type { rotateClientSecretWorkflow } from '../../../workflows/rotate-client-secret.js';
import { runHybrid } from '../support/hybrid-cli.js';
import { startStubWorker, stubProvisionInput, type StubWorker } from './stub-worker.js';

let worker: StubWorker;

beforeAll(async () => {
  worker = await startStubWorker(inject('temporalAddress'), inject('temporalNamespace'));
});
afterAll(async () => {
  await worker?.stop();
});

const CLIENT = 'Pacing';

function hybrid(...args: string[]) {
  return runHybrid(args, {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    HYBRID_CODEC_KEY: worker.codecKey,
  });
}

async function rotationInGrace(org: string) {
  const provision = stubProvisionInput(org);
  const input: RotateClientSecretInput = {
    org,
    target: provision.target,
    outputDir: provision.outputDir,
    clientName: CLIENT,
    mode: 'blue-green',
    graceMs: 3_600_000,
    usagePollMs: 3_600_000,
  };
  const handle = await worker.client.workflow.start<typeof rotateClientSecretWorkflow>(
    'rotateClientSecretWorkflow',
    {
      workflowId: rotateClientSecretWorkflowId(org, CLIENT),
      taskQueue: worker.taskQueue,
      args: [input],
    },
  );
  for (;;) {
    const status = await handle.query(clientSecretRotationStatusQuery);
    if (status.phase === 'grace') return handle;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('hybrid finish-client-rotation', () => {
  it('ends the grace period of the open rotation of that client: the rotation completes at once', async () => {
    const org = `csr-finish-${randomBytes(4).toString('hex')}`;
    const handle = await rotationInGrace(org);

    const finish = await hybrid('finish-client-rotation', org, '--client', CLIENT);
    expect(finish.code, finish.stderr).toBe(0);
    expect(finish.stdout).toContain(`Asked ${handle.workflowId} to end its grace period`);
    const result: RotateClientSecretResult = await handle.result();
    expect(result.graceEnd).toBe('finish-signal');
    expect(worker.calls(handle.workflowId)).toEqual(
      expect.arrayContaining(['updateRotatedClient', 'deleteRotatedClient']),
    );
  });

  it('says when no rotation of that client is open, and exits non-zero', async () => {
    const org = `csr-finish-${randomBytes(4).toString('hex')}`;
    const finish = await hybrid('finish-client-rotation', org, '--client', CLIENT);
    expect(finish.code).not.toBe(0);
    expect(finish.stderr).toContain(`no client-secret rotation of "${CLIENT}" in ${org} is running`);
  });

  it('needs --client', async () => {
    const finish = await hybrid('finish-client-rotation', 'some-org');
    expect(finish.code).not.toBe(0);
    expect(finish.stderr).toContain('--client');
  });
});
