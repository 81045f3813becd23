// `npm run worker`: the long-running worker. Connection settings come from TEMPORAL_ADDRESS/TEMPORAL_NAMESPACE/
// TEMPORAL_API_KEY/TLS env vars or the Temporal CLI's config profile; the task queue from --task-queue,
// HYBRID_TASK_QUEUE or the default.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Runtime } from '@temporalio/worker';
import { closeGenesysClients } from '../activities/genesys-session.js';
import { connectNativeConnection, loadTemporalConfig } from '../temporal/connection.js';
import { resolveTaskQueue } from '../temporal/task-queue.js';
import { createWorker } from './create-worker.js';
import { createRedactingLogger } from './redacting-logger.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'task-queue': { type: 'string' } } });
  const taskQueue = resolveTaskQueue(values['task-queue']);

  // Installed before any connection: on SIGINT/SIGTERM the runtime starts a graceful shutdown, in-flight
  // activities get shutdownGraceTime to finish, and worker.run() resolves. Telemetry options go here too.
  // The redacting logger keeps secrets out of the SDK's own failure logs, which the payload codec does not cover.
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'], logger: createRedactingLogger() });

  const config = loadTemporalConfig();
  const connection = await connectNativeConnection();
  try {
    const identity = `hybrid-worker-${process.pid}@${os.hostname()}`;
    const worker = await createWorker({ connection, namespace: config.namespace, taskQueue, identity });
    console.log(
      `Worker ${identity} polling task queue "${taskQueue}" on ${config.address} (namespace ${config.namespace}). ` +
        'Ctrl-C stops it gracefully.',
    );
    await worker.run();
    console.log('Worker stopped.');
  } finally {
    // Activities share pooled Genesys Cloud connections; close them so shutdown does not wait on keep-alives.
    await closeGenesysClients();
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
