import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createDataConverter } from '../codec/data-converter.js';
import { DEFAULT_TASK_QUEUE } from '../temporal/constants.js';
import { activities as allActivities } from './activities.js';

/**
 * The bundle entry. The SDK's webpack/swc compiles the .ts sources and resolves our `.js` import specifiers to
 * them, so no build step is needed; it runs on every Worker.create (about 2 s).
 */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

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
    taskQueue: opts.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowsPath: WORKFLOWS_PATH,
    activities: opts.activities ?? allActivities,
    // Also bundles its failureConverterPath into the workflow sandbox, so workflow failures are encrypted too.
    dataConverter: opts.dataConverter ?? (await createDataConverter()),
    ...opts.telemetry,
    // Only when given: the native bridge rejects keys that are present but undefined.
    ...(opts.namespace !== undefined && { namespace: opts.namespace }),
    ...(opts.identity !== undefined && { identity: opts.identity }),
  });
}
