// `hybrid finish-client-rotation <org> --client NAME`, run as a user runs it, against a client-secret rotation
// waiting in its grace period (stubbed activities: the old client stays in use, so only the signal ends it).
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import type { RotateClientSecretResult } from '../../../provisioning/client-secret-rotation-types.js';
import { clientSecretRotationStatusQuery } from '../../../workflows/rotate-client-secret-api.js';
import { runHybrid } from '../support/hybrid-cli.js';
import { until, useStubWorker } from './run-helpers.js';
import { startStubClientRotation } from './stub-worker.js';

const stub = useStubWorker();

const CLIENT = 'Pacing';

function hybrid(...args: string[]) {
  return runHybrid(args, {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    HYBRID_CODEC_KEY: stub.worker.codecKey,
  });
}

async function rotationInGrace(org: string) {
  const handle = await startStubClientRotation(stub.worker, org, CLIENT);
  await until(
    () => handle.query(clientSecretRotationStatusQuery),
    (s) => s.phase === 'grace',
  );
  return handle;
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
    expect(stub.worker.calls(handle.workflowId)).toEqual(
      expect.arrayContaining(['updateRotatedClient', 'deleteRotatedClient']),
    );
  });

  it('says when no rotation of that client is open, and exits non-zero', async () => {
    const org = `csr-finish-${randomBytes(4).toString('hex')}`;
    const finish = await hybrid('finish-client-rotation', org, '--client', CLIENT);
    expect(finish.code).not.toBe(0);
    expect(finish.stderr).toContain(`no client-secret rotation of "${CLIENT}" in ${org} is running`);
  });

  it('cancel-client-rotation rolls the open rotation back and waits for it', async () => {
    const org = `csr-cancel-${randomBytes(4).toString('hex')}`;
    const handle = await rotationInGrace(org);

    const cancel = await hybrid('cancel-client-rotation', org, '--client', CLIENT);

    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain(`Cancelled ${handle.workflowId}`);
    expect(stub.worker.calls(handle.workflowId)).toContain('removeTwinClient');
    const again = await hybrid('cancel-client-rotation', org, '--client', CLIENT);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('nothing to cancel');
  });

  it('needs --client', async () => {
    const finish = await hybrid('finish-client-rotation', 'some-org');
    expect(finish.code).not.toBe(0);
    expect(finish.stderr).toContain('--client');
  });
});
