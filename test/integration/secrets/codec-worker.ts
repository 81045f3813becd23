/**
 * A real provisioning worker in this process on a private task queue, encrypting with the given codec keys,
 * and a client with the same converter. Like provisioning/harness.ts, but the caller installs the Runtime
 * (so it can capture the worker's log) and may wrap activities.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import * as provisioningActivities from '../../../activities/provisioning.js';
import { closeGenesysClients } from '../../../activities/genesys-session.js';
import { createDataConverter, FAILURE_CONVERTER_PATH } from '../../../codec/data-converter.js';
import { parseKeyring } from '../../../codec/keys.js';
import { WORKFLOWS_PATH } from '../../../worker/create-worker.js';

export type ProvisioningActivities = typeof provisioningActivities;

export interface CodecWorker {
  client: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

/** `keyId:base64key`, the HYBRID_CODEC_KEY format, so a child process can be given the same key. */
export function newCodecKeyEntry(keyId: string): string {
  return `${keyId}:${randomBytes(32).toString('base64')}`;
}

export async function startCodecWorker(options: {
  address: string;
  namespace: string;
  codecKey: string;
  /** Replaces or wraps activities by name; the rest are the real provisioning activities. */
  wrap?: (activities: ProvisioningActivities) => Partial<ProvisioningActivities>;
}): Promise<CodecWorker> {
  const keyring = parseKeyring(options.codecKey, 'HYBRID_CODEC_KEY');
  const dataConverter = await createDataConverter({ keyring });
  const taskQueue = `secrets-test-${randomBytes(4).toString('hex')}`;
  const connection = await NativeConnection.connect({ address: options.address });
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue,
    workflowBundle,
    activities: { ...provisioningActivities, ...options.wrap?.(provisioningActivities) },
    dataConverter,
  });
  const running = worker.run();
  const clientConnection = await Connection.connect({ address: options.address });
  const client = new Client({ connection: clientConnection, namespace: options.namespace, dataConverter });
  return {
    client,
    taskQueue,
    stop: async () => {
      worker.shutdown();
      await running;
      await closeGenesysClients();
      await connection.close();
      await clientConnection.close();
    },
  };
}
