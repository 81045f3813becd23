/** Is it up? One probe per kind of service, each bounded by a short timeout and never throwing. */
import { Connection } from '@temporalio/client';
import { DEFAULT_NAMESPACE } from '../temporal/constants.js';
import { temporalFrontendAnswers } from '../temporal-cli/frontend-answers.js';

const PROBE_TIMEOUT_MS = 2000;

/** The frontend accepts gRPC and knows the default namespace (the dev server's own start waits on the same). */
export function temporalAnswers(address: string): Promise<boolean> {
  return temporalFrontendAnswers(address, PROBE_TIMEOUT_MS);
}

/** The HTTP status of a request, or undefined when nothing answered in time. */
export async function httpStatus(url: string, init: RequestInit = {}): Promise<number | undefined> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return undefined;
  }
}

/** The Web UI serves its page. */
export async function webUiAnswers(url: string): Promise<boolean> {
  const status = await httpStatus(url);
  return status !== undefined && status < 500;
}

/** The emulator's control API answers (its smallest unauthenticated route). */
export async function emulatorAnswers(url: string): Promise<boolean> {
  return (await httpStatus(`${url}/__emulator/faults`)) === 200;
}

/**
 * The codec server answers the codec protocol: an empty decode is 200 without auth, or 401 when it wants a token
 * (still alive, and proof that it is a codec server rather than something else on the port).
 */
export async function codecServerAnswers(url: string): Promise<boolean> {
  const status = await httpStatus(`${url}/decode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"payloads":[]}',
  });
  return status === 200 || status === 401;
}

/**
 * A worker started as `pid` polls the task queue. worker/main.ts names itself `hybrid-worker-<pid>@<host>`, so a
 * poller left over from an earlier worker (the server lists pollers for a few minutes) does not count.
 */
export async function workerPolls(
  address: string,
  taskQueue: string,
  pid: number,
  namespace = DEFAULT_NAMESPACE,
): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: PROBE_TIMEOUT_MS });
    const response = await connection.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
    });
    return (response.pollers ?? []).some((poller) => poller.identity?.startsWith(`hybrid-worker-${pid}@`));
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
