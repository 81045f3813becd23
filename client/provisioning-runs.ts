/** Starting, finding and watching provisioning runs: the Temporal side of the provisioning commands. */
import {
  WorkflowFailedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { redactSecrets } from '../secrets/redaction.js';
import { describeRunFailure } from './commands/run-output.js';
import { resultThroughRestarts } from './durable-result.js';
import { followRun, isRunOpen } from './follow-run.js';
import { SPEC_DIGEST_MEMO, specDigest } from './spec-digest.js';
import { runMetadata } from '../temporal/run-metadata.js';
import type { ProvisionInput, ProvisionProgress, ProvisionResult } from '../provisioning/types.js';
import { provisionProgressQuery, provisionWorkflowId } from '../workflows/provision-api.js';
import type { provisionWorkflow } from '../workflows/provision.js';

export type ProvisionHandle = WorkflowHandle<typeof provisionWorkflow>;

/**
 * Starts `provision/<org>`, or attaches to the run already open under that id (USE_EXISTING), so that two
 * operators, or a retrying script, never provision one org twice at once. A finished run may be started
 * again: re-provisioning is idempotent and changes nothing when the org already matches.
 */
export async function startProvisioning(
  client: Client,
  input: ProvisionInput,
  taskQueue: string,
  specFile?: string,
): Promise<{ handle: ProvisionHandle; runId: string; attached: boolean }> {
  // Only for the message: a run opened between this look and the start is still attached to, not raced.
  const attached = await isRunOpen(provisionHandle(client, input.org));
  const digest = specDigest(input);
  const handle = await client.workflow.start<typeof provisionWorkflow>('provisionWorkflow', {
    workflowId: provisionWorkflowId(input.org),
    taskQueue,
    args: [input],
    ...runMetadata({ kind: 'provision', org: input.org, environment: input.target.environment, specFile }),
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    memo: { [SPEC_DIGEST_MEMO]: digest },
  });
  await refuseDifferentSpec(handle, input.org, digest);
  return { handle, runId: handle.firstExecutionRunId, attached };
}

/** An open run of the org was asked for something else than this spec; nothing was started. */
export class DifferentSpecRunError extends Error {
  override name = 'DifferentSpecRunError';
}

/**
 * Attaching is right only when the open run does what this spec asks: otherwise the second spec's extra admin, say,
 * would silently never be created while the command reports success. The run this call started carries this
 * digest; a run started by a version before the digest has none and is attached to as before.
 */
async function refuseDifferentSpec(handle: ProvisionHandle, org: string, digest: string): Promise<void> {
  const description = await handle.describe();
  const theirs = description.memo?.[SPEC_DIGEST_MEMO];
  if (theirs === undefined || theirs === digest) return;
  throw new DifferentSpecRunError(
    `${handle.workflowId} is already running (run ${description.runId}) with a different spec, so this one was ` +
      `not started. Wait for that run to end (hybrid status ${org}, or hybrid provision --spec <its spec> --wait) ` +
      `or cancel it (hybrid cancel ${org}), then provision again.`,
  );
}

export function provisionHandle(client: Client, org: string): ProvisionHandle {
  return client.workflow.getHandle<typeof provisionWorkflow>(provisionWorkflowId(org));
}

export class NoProvisioningRunError extends Error {
  override name = 'NoProvisioningRunError';
}

/** The run's progress table, or a clear error when the org was never provisioned through this Temporal. */
export async function readProgress(handle: ProvisionHandle): Promise<ProvisionProgress> {
  try {
    return await handle.query(provisionProgressQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw new NoProvisioningRunError(
        `no provisioning run ${handle.workflowId} in this Temporal namespace; start one with hybrid provision --spec FILE`,
      );
    }
    throw error;
  }
}

/**
 * Polls the progress query while the run is open and reports every change, then returns the result (or
 * throws the run's failure). Polling a query costs no history events.
 */
export function watchRun(
  handle: ProvisionHandle,
  onProgress: (progress: ProvisionProgress) => void,
  intervalMs = 500,
  onReconnect: (message: string) => void = (message) => console.error(message),
): Promise<ProvisionResult> {
  return followRun({
    // A Temporal restart mid-run is ridden out: the run completes on the server, the wait reconnects.
    result: resultThroughRestarts(() => handle.result(), { onRetry: onReconnect }),
    read: () => handle.query(provisionProgressQuery),
    changeKey: (progress) => JSON.stringify(progress.steps.map((s) => [s.step, s.status, s.detail])),
    onChange: onProgress,
    intervalMs,
  });
}

/** Whether any worker polls the task queue, so that a run without one is reported instead of waiting forever. */
export async function hasWorker(client: Client, namespace: string, taskQueue: string): Promise<boolean> {
  const response = await client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
  });
  return (response.pollers ?? []).length > 0;
}

/**
 * The result of the org's latest provisioning run and its run id, for `result` and `handoff`: a clear error when
 * there is none, when it still runs, or when it failed (secrets redacted from the failure).
 */
export async function readCompletedRun(
  handle: ProvisionHandle,
  org: string,
): Promise<{ runId: string; result: ProvisionResult }> {
  const description = await handle.describe().catch(() => {
    throw new NoProvisioningRunError(
      `no provisioning run for ${org}; start one with hybrid provision --spec FILE`,
    );
  });
  if (description.status.name === 'RUNNING') {
    throw new Error(`the provisioning of ${org} is still running; follow it with hybrid status ${org}`);
  }
  try {
    return { runId: description.runId, result: await handle.result() };
  } catch (error) {
    if (error instanceof WorkflowFailedError) throw new Error(redactSecrets(describeRunFailure(org, error)));
    throw error;
  }
}
