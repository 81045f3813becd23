import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataConverter } from '../../../codec/data-converter.js';
import { parseKeyring } from '../../../codec/keys.js';
import type { ProvisionResult } from '../../../provisioning/types.js';
import { provisionWorkflowId } from '../../../workflows/provision-api.js';
import { EmulatorControlClient } from './emulator-control.js';
import { testInput } from './harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const emulator = new EmulatorControlClient(inject('emulatorUrl'));
const codecKey = `drain-test:${randomBytes(32).toString('base64')}`;
const taskQueue = `drain-test-${randomBytes(4).toString('hex')}`;
const GRACE_MS = 2000;
const workers: ChildProcess[] = [];
let client: Client;

interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** The real worker entry point (as `npm run worker` runs it, from the sources) with a short drain time. */
function startWorkerProcess(): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts', '--task-queue', taskQueue], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      HYBRID_CODEC_KEY: codecKey,
      HYBRID_CODEC_KEY_FILE: '',
      HYBRID_SHUTDOWN_GRACE_TIME: `${GRACE_MS}ms`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  workers.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
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

describe('a worker stopped with SIGTERM', () => {
  it('stops cleanly with exit 0, and the activity it was running is not lost: the run completes on another worker, one admin', async () => {
    const org = await emulator.createOrg(`drain-${randomBytes(4).toString('hex')}`);
    const input = await testInput({ emulatorUrl: emulator.url, org });
    // Creating the admin takes longer than the grace time, so SIGTERM finds it running and cannot wait it out.
    await emulator.setFaults({
      rules: [
        { name: 'slow-admin', match: { method: 'POST', path: '/api/v2/users' }, latency: { fixedMs: 6000 } },
      ],
    });

    const first = startWorkerProcess();
    const handle = await client.workflow.start('provisionWorkflow', {
      workflowId: provisionWorkflowId(input.org),
      taskQueue,
      args: [input],
    });
    await waitFor('the admin step to be running on the first worker', async () => {
      const description = await handle.describe();
      const pending = description.raw.pendingActivities ?? [];
      return pending.some((a) => a.activityType?.name === 'ensureAdmin' && a.lastStartedTime)
        ? true
        : undefined;
    });

    const signalledAt = Date.now();
    first.child.kill('SIGTERM');
    const code = await first.exited;
    const drainMs = Date.now() - signalledAt;
    expect(code, first.output()).toBe(0);
    expect(first.output()).toContain('Worker stopped.');
    // Not asserted (no timed assertions in tests): the drain time, printed for the record. The SDK cancels the
    // running activity at the end of the grace time; an HTTP request already in flight is not aborted by that
    // cancellation today, so the drain can last until that request ends.
    console.error(`worker drained ${drainMs} ms after SIGTERM (grace ${GRACE_MS} ms)`);

    await emulator.clearFaults();
    startWorkerProcess();
    const result = (await handle.result()) as ProvisionResult;
    expect(result.status).toBe('completed');

    const history = await handle.fetchHistory();
    const adminAttempts = (history.events ?? [])
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'ensureAdmin')
      .map((scheduled) =>
        (history.events ?? []).find(
          (e) =>
            e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() ===
            scheduled.eventId?.toString(),
        ),
      )
      .map((started) => started?.activityTaskStartedEventAttributes?.attempt ?? 0);
    // Not lost: the one scheduled admin step completed exactly once, either during the drain on the first worker
    // (attempt 1: the activity does not observe the cancellation, see above) or retried on the second (attempt 2).
    expect(adminAttempts).toHaveLength(1);
    expect([1, 2]).toContain(adminAttempts[0]);
    const after = await emulator.state(org.id);
    expect(after.users.filter((u) => u.email === input.admins[0]!.email)).toHaveLength(1);
  });
});
