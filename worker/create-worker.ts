import { existsSync } from 'node:fs';
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { BUILD_HINT, RUNNING_FROM_BUILD, sourcePath, WORKFLOW_BUNDLE_PATH } from '../build/layout.js';
import { createDataConverter } from '../codec/data-converter.js';
import { resolveTaskQueue } from '../temporal/task-queue.js';
import { activities as allActivities } from './activities.js';

/**
 * The bundle entry. The SDK's webpack/swc compiles the .ts sources and resolves our `.js` import specifiers to
 * them; `npm run build` does it once into dist/workflow-bundle.js, a worker from the sources on every start.
 */
export const WORKFLOWS_PATH = sourcePath('workflows/index.ts');

/**
 * How long SIGTERM/SIGINT leaves running activities to finish before the worker cancels them (the server then
 * retries them on another worker) and exits. HYBRID_SHUTDOWN_GRACE_TIME (e.g. `30s`) overrides it.
 */
export const SHUTDOWN_GRACE_TIME = '10 seconds';

/**
 * The compiled worker loads the prebuilt bundle (no webpack at start-up, and exactly the code that was built);
 * a worker run from the sources (tests, tsx) bundles those sources, so it never runs a stale dist/.
 */
export function workflowCodeOption(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (!RUNNING_FROM_BUILD) return { workflowsPath: WORKFLOWS_PATH };
  if (!existsSync(WORKFLOW_BUNDLE_PATH)) {
    throw new Error(`The prebuilt workflow bundle ${WORKFLOW_BUNDLE_PATH} is missing: ${BUILD_HINT}.`);
  }
  return { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } };
}

/**
 * The prebuilt bundle always carries the tracing workflow interceptor (scripts/build-workflow-bundle.ts); without
 * tracing it still calls its `exporter` sink, which must then exist (the SDK logs every call to a missing sink).
 */
export const SILENT_TRACING_SINK: NonNullable<WorkerOptions['sinks']> = {
  exporter: { export: { fn: () => undefined } },
};

export interface CreateWorkerOptions {
  connection: NativeConnection;
  /** Defaults to the SDK's `default`; pass the namespace loadTemporalConfig resolved. */
  namespace?: string;
  taskQueue?: string;
  /** The real activities unless a test substitutes its own. */
  activities?: object;
  identity?: string;
  /** Defaults to the payload codec's converter (codec/), so inputs, results and failures are encrypted. */
  dataConverter?: DataConverter;
  /** Tracing interceptors and sinks (observability/tracing.ts), when tracing is on. */
  telemetry?: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    taskQueue: resolveTaskQueue(opts.taskQueue),
    ...workflowCodeOption(),
    shutdownGraceTime: process.env.HYBRID_SHUTDOWN_GRACE_TIME || SHUTDOWN_GRACE_TIME,
    activities: opts.activities ?? allActivities,
    // Also bundles its failureConverterPath into the workflow sandbox, so workflow failures are encrypted too.
    dataConverter: opts.dataConverter ?? (await createDataConverter()),
    ...opts.telemetry,
    ...(RUNNING_FROM_BUILD && !opts.telemetry?.sinks && { sinks: SILENT_TRACING_SINK }),
    // Only when given: the native bridge rejects keys that are present but undefined.
    ...(opts.namespace !== undefined && { namespace: opts.namespace }),
    ...(opts.identity !== undefined && { identity: opts.identity }),
  });
}
