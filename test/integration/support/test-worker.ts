/**
 * A real worker in this test process on a private task queue, with the payload codec (the given key), and a
 * client using the same converter: what every integration harness starts. Workflows are bundled once per
 * worker with the encrypting failure converter, as the production worker does.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type WorkerOptions,
} from '@temporalio/worker';
import { closeGenesysClients } from '../../../activities/genesys-session.js';
import { createDataConverter, FAILURE_CONVERTER_PATH } from '../../../codec/data-converter.js';
import { parseKeyring } from '../../../codec/keys.js';
import { WORKFLOW_BUNDLE_PATH } from '../../../build/layout.js';

export interface TestWorker {
  client: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

export interface TestWorkerOptions {
  address: string;
  namespace: string;
  /** `keyId:base64key`, the HYBRID_CODEC_KEY format, so child processes can be given the same key. */
  codecKey: string;
  activities: object;
  /** A test's own workflows; the production ones (prebuilt, see workflowCode) when absent. */
  workflowsPath?: string;
  /** Workflow interceptor modules bundled with `workflowsPath` (the recorder's traced worker). */
  workflowInterceptorModules?: string[];
  taskQueuePrefix?: string;
  /** Extra worker options, e.g. a short heartbeat throttle so that tests see activity cancellation at once. */
  workerOptions?: Pick<WorkerOptions, 'maxHeartbeatThrottleInterval' | 'sinks'>;
}

export function newCodecKeyEntry(keyId: string): string {
  return `${keyId}:${randomBytes(32).toString('base64')}`;
}

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Worker logs at WARN unless the test installed its own runtime logger first (e.g. to capture the log). */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process.
  }
}

/**
 * The production workflows come from the bundle `npm run build` made (the compiled worker's without tracing):
 * the test run's global setup (test/setup/build.ts) builds it from the current sources, and
 * webpack per worker cost seconds of CPU in every file. A test's own workflows are bundled here.
 */
async function workflowCode(
  workflowsPath: string | undefined,
  workflowInterceptorModules: string[] = [],
): Promise<Pick<WorkerOptions, 'workflowBundle'>> {
  if (workflowsPath === undefined) return { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } };
  const bundle = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: silent,
  });
  return { workflowBundle: bundle };
}

export async function startTestWorker(options: TestWorkerOptions): Promise<TestWorker> {
  quietRuntime();
  const dataConverter = await createDataConverter({
    keyring: parseKeyring(options.codecKey, 'HYBRID_CODEC_KEY'),
  });
  const taskQueue = `${options.taskQueuePrefix ?? 'test'}-${randomBytes(4).toString('hex')}`;
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue,
    ...(await workflowCode(options.workflowsPath, options.workflowInterceptorModules)),
    activities: options.activities,
    dataConverter,
    ...options.workerOptions,
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
