import { existsSync } from 'node:fs';
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import {
  BUILD_HINT,
  RUNNING_FROM_BUILD,
  sourcePath,
  TRACING_WORKFLOW_BUNDLE_PATH,
  WORKFLOW_BUNDLE_PATH,
} from '../build/layout.js';
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
 * The compiled worker loads a prebuilt bundle (no webpack at start-up, and exactly the code that was built): the
 * one with the tracing workflow interceptor when it traces, the one without otherwise (its OpenTelemetry modules
 * would cost every cached run memory and CPU for spans nobody exports; scripts/build-workflow-bundle.ts).
 * A worker run from the sources (tests, tsx) bundles those sources, with the interceptor modules it is given, so
 * it never runs a stale dist/.
 */
export function workflowCodeOption(
  tracing: boolean,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (!RUNNING_FROM_BUILD) return { workflowsPath: WORKFLOWS_PATH };
  const codePath = tracing ? TRACING_WORKFLOW_BUNDLE_PATH : WORKFLOW_BUNDLE_PATH;
  if (!existsSync(codePath)) {
    throw new Error(`The prebuilt workflow bundle ${codePath} is missing: ${BUILD_HINT}.`);
  }
  return { workflowBundle: { codePath } };
}

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
    ...workflowCodeOption((opts.telemetry?.interceptors?.workflowModules?.length ?? 0) > 0),
    shutdownGraceTime: process.env.HYBRID_SHUTDOWN_GRACE_TIME || SHUTDOWN_GRACE_TIME,
    activities: opts.activities ?? allActivities,
    // Also bundles its failureConverterPath into the workflow sandbox, so workflow failures are encrypted too.
    dataConverter: opts.dataConverter ?? (await createDataConverter()),
    ...opts.telemetry,
    // Only when given: the native bridge rejects keys that are present but undefined.
    ...(opts.namespace !== undefined && { namespace: opts.namespace }),
    ...(opts.identity !== undefined && { identity: opts.identity }),
  });
}
