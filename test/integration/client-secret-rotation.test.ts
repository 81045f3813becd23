import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as rotationActivities from '../../activities/client-secret-rotation.js';
import { clientSecretPath, type ClientSecretRecord } from '../../secrets/client-secret-file.js';
import * as provisioningActivities from '../../activities/provisioning.js';
import type {
  RotateClientSecretInput,
  RotateClientSecretResult,
} from '../../provisioning/client-secret-rotation-types.js';
import type { ProvisionInput } from '../../provisioning/types.js';
import { provisionWorkflowId } from '../../workflows/provision-api.js';
import {
  clientSecretRotationStatusQuery,
  finishClientRotationNowSignal,
  rotateClientSecretWorkflowId,
} from '../../workflows/rotate-client-secret-api.js';
import type { rotateClientSecretWorkflow } from '../../workflows/rotate-client-secret.js';
import { EmulatorControlClient } from './provisioning/emulator-control.js';
import { testInput } from './provisioning/harness.js';
import { newCodecKeyEntry, startTestWorker, type TestWorker } from './support/test-worker.js';

const SERVICE = 'Agent Pacing Service (ewt)';
const emulator = new EmulatorControlClient(inject('emulatorUrl'));
let worker: TestWorker;
/** Set by a test: this activity does its work, then fails non-retryably. */
let failAfter: string | undefined;

beforeAll(async () => {
  const wrapped = Object.fromEntries(
    Object.entries(rotationActivities).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        const result = await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
        if (failAfter === name)
          throw ApplicationFailure.nonRetryable(`injected failure in ${name}`, 'InjectedFailure');
        return result;
      },
    ]),
  );
  worker = await startTestWorker({
    address: inject('temporalAddress'),
    namespace: inject('temporalNamespace'),
    codecKey: newCodecKeyEntry('test-key'),
    activities: { ...provisioningActivities, ...wrapped },
    workflowsPath: fileURLToPath(new URL('./client-secret-rotation/workflows.ts', import.meta.url)),
    taskQueuePrefix: 'client-rotation-test',
  });
});
afterAll(async () => {
  await worker?.stop();
});

type Handle = WorkflowHandleWithFirstExecutionRunId<typeof rotateClientSecretWorkflow>;

async function provisionedOrg(): Promise<ProvisionInput> {
  const org = await emulator.createOrg(`csr-${Math.random().toString(16).slice(2, 8)}`);
  const input = await testInput({ emulatorUrl: emulator.url, org });
  await (
    await worker.client.workflow.start('provisionWorkflow', {
      workflowId: provisionWorkflowId(input.org),
      taskQueue: worker.taskQueue,
      args: [input],
    })
  ).result();
  return input;
}

function rotate(
  input: ProvisionInput,
  options: Partial<Pick<RotateClientSecretInput, 'graceMs' | 'usagePollMs' | 'mode'>>,
): Promise<Handle> {
  const args: RotateClientSecretInput = {
    org: input.org,
    target: input.target,
    outputDir: input.outputDir,
    clientName: SERVICE,
    mode: options.mode ?? 'blue-green',
    graceMs: options.graceMs ?? 3_600_000,
    usagePollMs: options.usagePollMs ?? 500,
  };
  return worker.client.workflow.start<typeof rotateClientSecretWorkflow>('rotateClientSecretWorkflow', {
    workflowId: rotateClientSecretWorkflowId(input.org, SERVICE),
    taskQueue: worker.taskQueue,
    args: [args],
  });
}

const secretFile = (input: ProvisionInput) => clientSecretPath(input.outputDir, SERVICE);
const readSecretFile = async (input: ProvisionInput) =>
  JSON.parse(await readFile(secretFile(input), 'utf8')) as ClientSecretRecord;

/** A client_credentials login at the emulator's token endpoint: 200 when the id and secret work. */
async function login(clientId: string, secret: string): Promise<number> {
  const res = await request(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await res.body.json()) as { access_token?: string };
  if (res.statusCode === 200 && body.access_token) {
    // Use the token: this is what the usage query counts.
    await request(`${emulator.url}/api/v2/authorization/divisions/home`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    }).then((r) => r.body.dump());
  }
  return res.statusCode;
}

async function clientsNamed(input: ProvisionInput, prefix: string) {
  const state = await emulator.state(input.org);
  return state.clients.filter((c: { name: string }) => c.name.startsWith(prefix));
}

/** Keeps the old client busy, as a PureEngage service that has not switched yet would. */
function keepUsing(clientId: string, secret: string): () => void {
  let on = true;
  void (async () => {
    while (on) {
      await login(clientId, secret).catch(() => 0);
      await new Promise((r) => setTimeout(r, 150));
    }
  })();
  return () => {
    on = false;
  };
}

describe('rotate-client-secret (blue/green)', () => {
  it('ends the grace period early once the old client shows no use; the new secret logs in, the old client is gone', async () => {
    const input = await provisionedOrg();
    const old = await readSecretFile(input);
    expect(await login(old.clientId, old.secret)).toBe(200);
    const result: RotateClientSecretResult = await (await rotate(input, {})).result();
    expect(result.graceEnd).toBe('no-use');
    const now = await readSecretFile(input);
    expect(now.clientId).toBe(result.clientId);
    expect(now.clientId).not.toBe(old.clientId);
    expect(await login(now.clientId, now.secret)).toBe(200);
    expect(await login(old.clientId, old.secret)).not.toBe(200);
    const named = await clientsNamed(input, SERVICE);
    expect(named.map((c: { id: string }) => c.id)).toEqual([result.clientId]);
    expect(named[0]?.name).toBe(SERVICE);
  }, 120_000);

  it('waits out the grace period while the old client is still used', async () => {
    const input = await provisionedOrg();
    const old = await readSecretFile(input);
    const stop = keepUsing(old.clientId, old.secret);
    try {
      const handle = await rotate(input, { graceMs: 4000, usagePollMs: 1000 });
      const result = await handle.result();
      expect(result.graceEnd).toBe('elapsed');
      const status = await handle.query(clientSecretRotationStatusQuery);
      expect(status.lastUsage?.requests).toBeGreaterThan(0);
    } finally {
      stop();
    }
    expect((await clientsNamed(input, SERVICE)).map((c: { id: string }) => c.id)).not.toContain(old.clientId);
  }, 120_000);

  it('ends the grace period on the finish signal', async () => {
    const input = await provisionedOrg();
    const old = await readSecretFile(input);
    const stop = keepUsing(old.clientId, old.secret);
    try {
      const handle = await rotate(input, { usagePollMs: 1000 });
      await waitForPhase(handle, 'grace');
      await handle.signal(finishClientRotationNowSignal);
      expect((await handle.result()).graceEnd).toBe('finish-signal');
    } finally {
      stop();
    }
  }, 120_000);

  it('rolls back on cancel during the grace period: twin deleted, old client and its secret file as before', async () => {
    const input = await provisionedOrg();
    const old = await readSecretFile(input);
    const stop = keepUsing(old.clientId, old.secret);
    try {
      const handle = await rotate(input, { usagePollMs: 1000 });
      await waitForPhase(handle, 'grace');
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow();
      expect((await handle.query(clientSecretRotationStatusQuery)).phase).toBe('rolled-back');
    } finally {
      stop();
    }
    await expectAsBefore(input, old);
  }, 120_000);

  for (const step of ['createTwinClient', 'updateRotatedClient', 'deleteRotatedClient'] as const) {
    it(`compensates every earlier step when ${step} fails after doing its work`, async () => {
      const input = await provisionedOrg();
      const old = await readSecretFile(input);
      failAfter = step;
      try {
        const handle = await rotate(input, {});
        const failure = await handle.result().then(
          () => undefined,
          (error: Error) => error,
        );
        expect((failure?.cause as Error | undefined)?.message).toMatch(/injected failure/);
      } finally {
        failAfter = undefined;
      }
      if (step === 'deleteRotatedClient') {
        // The delete happened before the injected failure: the old client is gone, the new one stays usable.
        // Compensation must not delete the new client then: it keeps the spec's name and stays usable.
        const now = await readSecretFile(input);
        expect(await login(now.clientId, now.secret)).toBe(200);
        const named = await clientsNamed(input, SERVICE);
        expect(named.map((c: { id: string; name: string }) => [c.id, c.name])).toEqual([
          [now.clientId, SERVICE],
        ]);
        return;
      }
      await expectAsBefore(input, old);
    }, 120_000);
  }
});

describe('rotate-client-secret --in-place', () => {
  it('regenerates the secret of the same client: the new one logs in, the old one no longer', async () => {
    const input = await provisionedOrg();
    const old = await readSecretFile(input);
    const result = await (await rotate(input, { mode: 'in-place' })).result();
    const now = await readSecretFile(input);
    expect(result.clientId).toBe(old.clientId);
    expect(now.clientId).toBe(old.clientId);
    expect(now.secret).not.toBe(old.secret);
    expect(await login(now.clientId, now.secret)).toBe(200);
    expect(await login(old.clientId, old.secret)).not.toBe(200);
  }, 120_000);
});

async function waitForPhase(handle: Handle, phase: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const status = await handle.query(clientSecretRotationStatusQuery).catch(() => undefined);
    if (status?.phase === phase) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`rotation never reached phase ${phase}`);
}

async function expectAsBefore(input: ProvisionInput, old: ClientSecretRecord): Promise<void> {
  const named = await clientsNamed(input, SERVICE);
  expect(named.map((c: { id: string; state: string }) => [c.id, c.state])).toEqual([
    [old.clientId, 'active'],
  ]);
  expect(await readSecretFile(input)).toEqual(old);
  expect(await login(old.clientId, old.secret)).toBe(200);
}
