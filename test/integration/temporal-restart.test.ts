// Issue 11 item 7: the CLI rides out a Temporal restart. This file starts its own dev server with a database file,
// so the run survives the restart, and restarts it in the middle of a provisioning run.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as provisioningActivities from '../../activities/provisioning.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProvisioning, watchRun } from '../../client/provisioning-runs.js';
import type { ProvisionProgress } from '../../provisioning/types.js';
import { startDevServer, type DevServer } from '../../temporal-cli/dev-server.js';
import { getFreePort } from '../../temporal-cli/free-port.js';
import { ownEmulator } from './support/own-emulator.js';
import { testInput } from './provisioning/harness.js';
import { newCodecKeyEntry, startTestWorker, type TestWorker } from './support/test-worker.js';

// Its own emulator: the latency this test sets must not slow the files running alongside.
const emulator = await ownEmulator();
const codecKey = newCodecKeyEntry('restart-test');
let dir: string;
let port: number;
let server: DevServer | undefined;
let worker: TestWorker | undefined;

function startServer(): Promise<DevServer> {
  return startDevServer({
    port,
    headless: true,
    dbFile: path.join(dir, 'temporal.db'),
    readyTimeoutMs: 120_000,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'temporal-restart-'));
  port = await getFreePort();
  server = await startServer();
  worker = await startTestWorker({
    address: server.address,
    namespace: server.namespace,
    codecKey,
    activities: provisioningActivities,
    taskQueuePrefix: 'restart-test',
  });
});
afterAll(async () => {
  await emulator.clearFaults();
  await worker?.stop().catch(() => undefined);
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a Temporal restart in the middle of a run', () => {
  it('does not make provision --wait report a failure: the wait reconnects and returns the result', async () => {
    const org = await emulator.createOrg(`restart-${Date.now().toString(36)}`);
    const input = await testInput({ emulatorUrl: emulator.url, org });
    // Slow enough that the restart lands mid-run.
    await emulator.setFaults({
      rules: [{ name: 'slow', match: { path: '/api/v2/**' }, latency: { fixedMs: 300 } }],
    });
    const { handle } = await startProvisioning(worker!.client, input, worker!.taskQueue);
    const retries: string[] = [];
    let progress: ProvisionProgress | undefined;
    const waited = watchRun(
      handle,
      (p) => (progress = p),
      200,
      (message) => retries.push(message),
    );
    waited.catch(() => undefined);

    const deadline = Date.now() + 60_000;
    while (
      !progress?.steps.some((s) => s.step === 'preflight' && s.status === 'done') &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(progress?.status).toBe('running');
    await server!.stop();
    // Longer than the SDK's own retries of one call (about ten seconds): the wait itself must reconnect.
    await new Promise((r) => setTimeout(r, 20_000));
    server = await startServer();

    const result = await waited;
    expect(result.status).toBe('completed');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toMatch(
      /^lost the connection to Temporal .*; the run goes on on the server\. Reconnecting/,
    );
  });

  it('status says that no worker polls, and shows what the server recorded', async () => {
    const org = await emulator.createOrg(`restart-status-${Date.now().toString(36)}`);
    const input = await testInput({ emulatorUrl: emulator.url, org });
    await worker!.stop();
    worker = undefined;
    const client = (await startTestWorkerlessClient()).client;
    const { handle } = await startProvisioning(client, input, 'nobody-polls-this-queue');
    try {
      const cli = spawnSync(process.execPath, [path.resolve('bin/hybrid.mjs'), 'status', input.org], {
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: server!.address,
          TEMPORAL_NAMESPACE: server!.namespace,
          HYBRID_CODEC_KEY: codecKey,
          HYBRID_CODEC_KEY_FILE: '',
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(cli.status, cli.stderr).toBe(0);
      expect(cli.stderr).toContain('no worker polls task queue nobody-polls-this-queue');
      expect(cli.stdout).toContain(`${input.org}: not yet picked up by a worker (HybridStatus)`);
      expect(cli.stdout).toContain(`workflow provision/${input.org}: RUNNING`);
    } finally {
      await handle.terminate('test done');
      await client.connection.close();
    }
  });
});

/** A client with the test's codec key, no worker. */
async function startTestWorkerlessClient() {
  const { Client, Connection } = await import('@temporalio/client');
  const { createDataConverter } = await import('../../codec/data-converter.js');
  const { parseKeyring } = await import('../../codec/keys.js');
  const connection = await Connection.connect({ address: server!.address });
  const dataConverter = await createDataConverter({ keyring: parseKeyring(codecKey, 'HYBRID_CODEC_KEY') });
  return { client: new Client({ connection, namespace: server!.namespace, dataConverter }) };
}
