import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataConverter } from '../../../codec/data-converter.js';
import { parseKeyring } from '../../../codec/keys.js';
import type { ProvisionProgress, ProvisionResult } from '../../../provisioning/types.js';
import { provisionProgressQuery, provisionWorkflowId } from '../../../workflows/provision-api.js';
import { EmulatorControlClient } from './emulator-control.js';
import { testInput } from './harness.js';
import { waitFor } from '../support/wait-for.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const emulator = new EmulatorControlClient(inject('emulatorUrl'));
const codecKey = `crash-test:${randomBytes(32).toString('base64')}`;
const taskQueue = `crash-test-${randomBytes(4).toString('hex')}`;
const workers: ChildProcess[] = [];
let client: Client;

/** The real worker entry point, as `npm run worker` runs it, in its own process that we can kill. */
function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts', '--task-queue', taskQueue], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      HYBRID_CODEC_KEY: codecKey,
      HYBRID_CODEC_KEY_FILE: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  child.stderr?.resume();
  workers.push(child);
  return child;
}

beforeAll(async () => {
  const dataConverter = await createDataConverter({ keyring: parseKeyring(codecKey, 'HYBRID_CODEC_KEY') });
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, namespace: inject('temporalNamespace'), dataConverter });
});
afterEach(async () => {
  await emulator.clearFaults();
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await client?.connection.close();
});

describe('a worker killed mid-run', () => {
  it('is replaced by a new worker that completes the run with no duplicates', async () => {
    const org = await emulator.createOrg(`crash-${randomBytes(4).toString('hex')}`);
    const input = await testInput({ emulatorUrl: emulator.url, org });
    // Slow every API call down so that the kill lands in the middle of the run.
    await emulator.setFaults({
      rules: [{ name: 'slow', match: { path: '/api/v2/**' }, latency: { fixedMs: 250 } }],
    });

    const first = startWorkerProcess();
    const handle = await client.workflow.start('provisionWorkflow', {
      workflowId: provisionWorkflowId(input.org),
      taskQueue,
      args: [input],
    });
    // Kill once preflight is done and the parallel steps are under way.
    await waitFor('the parallel steps to start', async () => {
      const progress: ProvisionProgress = await handle.query(provisionProgressQuery);
      return progress.steps.some((s) => s.step !== 'preflight' && s.status === 'running')
        ? progress
        : undefined;
    });
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    startWorkerProcess();
    const result = (await handle.result()) as ProvisionResult;
    const after = await emulator.state(org.id);

    expect(result.status).toBe('completed');
    for (const name of ['PureEngage WDE', 'Agent Pacing Service (ewt)']) {
      expect(after.clients.filter((c) => c.name === name)).toHaveLength(1);
    }
    expect(after.users.filter((u) => u.email === input.admins[0]!.email)).toHaveLength(1);
    expect(after.identityProvider?.['issuerURI']).toBe(input.identityProvider.issuerURI);
    // The first worker really was working on it: some activity had to be retried on the second one.
    const history = await handle.fetchHistory();
    const retried = history.events?.some((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
    expect(retried).toBe(true);
  });
});
