/**
 * The provisioning harness's pattern for rotation: a real worker in this process (real provisioning and rotation
 * activities, real payload codec) on a private task queue of the global-setup dev server. A test provisions an
 * org first, then rotates its certificate, and can make one rotation activity fail on purpose.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import * as provisioningActivities from '../../activities/provisioning.js';
import * as rotationActivities from '../../activities/rotation.js';
import { createDataConverter, FAILURE_CONVERTER_PATH } from '../../codec/data-converter.js';
import { parseKeyring } from '../../codec/keys.js';

export type RotationActivityName = keyof typeof rotationActivities;

export interface RotationHarness {
  client: Client;
  taskQueue: string;
  /** Set by a test: this activity does its work, then fails non-retryably, on every call. */
  failAfter: RotationActivityName | undefined;
  stop(): Promise<void>;
}

function failingAfter(
  harness: RotationHarness,
  name: string,
  fn: (...args: unknown[]) => Promise<unknown>,
): (...args: unknown[]) => Promise<unknown> {
  return async (...args) => {
    const result = await fn(...args);
    if (harness.failAfter === name) {
      throw ApplicationFailure.nonRetryable(`injected failure in ${name}`, 'InjectedFailure');
    }
    return result;
  };
}

export async function startRotationHarness(
  temporalAddress: string,
  namespace: string,
): Promise<RotationHarness> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process.
  }
  const keyring = parseKeyring(`test-key:${randomBytes(32).toString('base64')}`, 'HYBRID_CODEC_KEY');
  const dataConverter = await createDataConverter({ keyring });
  const harness: RotationHarness = {
    client: undefined as unknown as Client,
    taskQueue: `rotate-test-${randomBytes(4).toString('hex')}`,
    failAfter: undefined,
    stop: async () => {},
  };
  const activities = {
    ...provisioningActivities,
    ...Object.fromEntries(
      Object.entries(rotationActivities).map(([name, fn]) => [
        name,
        failingAfter(harness, name, fn as (...args: unknown[]) => Promise<unknown>),
      ]),
    ),
  };
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./rotation-workflows.ts', import.meta.url)),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue: harness.taskQueue,
    workflowBundle,
    activities,
    dataConverter,
  });
  const running = worker.run();
  const clientConnection = await Connection.connect({ address: temporalAddress });
  harness.client = new Client({ connection: clientConnection, namespace, dataConverter });
  harness.stop = async () => {
    worker.shutdown();
    await running;
    await connection.close();
    await clientConnection.close();
  };
  return harness;
}
