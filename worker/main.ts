// `npm run worker`: the long-running worker. Connection settings come from TEMPORAL_ADDRESS/TEMPORAL_NAMESPACE/
// TEMPORAL_API_KEY/TLS env vars or the Temporal CLI's config profile; the task queue from --task-queue,
// HYBRID_TASK_QUEUE or the default. Run it as many times as the fleet needs: every copy polls the same task queue;
// on one host each needs its own HYBRID_METRICS_PORT (the exporter binds one port per process), and
// HYBRID_WORKER_COUNT says how many share each org's request budget (activities/request-budget.ts).
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Runtime } from '@temporalio/worker';
import { closeGenesysClients } from '../activities/genesys-session.js';
import { connectNativeConnection, loadTemporalConfig } from '../temporal/connection.js';
import { resolveTaskQueue } from '../temporal/task-queue.js';
import { startTracing } from '../observability/tracing.js';
import { createWorker } from './create-worker.js';
import { applyWorkerHeapPolicy } from './heap-policy.js';
import { installWorkerRuntime } from './telemetry.js';

async function main(): Promise<void> {
  // First: the workflow thread's V8 isolate takes the flags in force when the SDK creates it.
  applyWorkerHeapPolicy();
  const { values } = parseArgs({ options: { 'task-queue': { type: 'string' } } });
  const taskQueue = resolveTaskQueue(values['task-queue']);

  // Installed before any connection: graceful shutdown on SIGINT/SIGTERM, the redacting logger (the SDK's own
  // failure logs are beyond the payload codec's reach), metrics and traces when asked for (worker/telemetry.ts).
  const { metricsUrl } = installWorkerRuntime();
  const tracing = await startTracing('hybrid-worker');
  const log = Runtime.instance().logger;

  const config = loadTemporalConfig();
  const connection = await connectNativeConnection();
  try {
    const identity = `hybrid-worker-${process.pid}@${os.hostname()}`;
    const worker = await createWorker({
      connection,
      namespace: config.namespace,
      taskQueue,
      identity,
      telemetry: tracing?.workerOptions,
    });
    log.info(
      `Worker ${identity} polling task queue "${taskQueue}" on ${config.address} (namespace ${config.namespace}). ` +
        'Ctrl-C stops it gracefully.',
      { metrics: metricsUrl ?? 'off (set HYBRID_METRICS_PORT)', tracing: tracing ? 'OTLP' : 'off' },
    );
    await worker.run();
    log.info('Worker stopped.');
  } finally {
    await tracing?.shutdown();
    // Activities share pooled Genesys Cloud connections; close them so shutdown does not wait on keep-alives.
    await closeGenesysClients();
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
