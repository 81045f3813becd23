/** Starting, finding and following certificate rotation runs: the Temporal side of the rotation commands. */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { followRun, isRunOpen } from './follow-run.js';
import { runMetadata } from '../temporal/run-metadata.js';
import type {
  RotateCertificateInput,
  RotateCertificateResult,
  RotationStatus,
} from '../provisioning/rotation-types.js';
import { rotateWorkflowId, rotationStatusQuery } from '../workflows/rotate-api.js';
import type { rotateCertificateWorkflow } from '../workflows/rotate.js';

export type RotationHandle = WorkflowHandle<typeof rotateCertificateWorkflow>;

export function rotationHandle(client: Client, org: string): RotationHandle {
  return client.workflow.getHandle<typeof rotateCertificateWorkflow>(rotateWorkflowId(org));
}

/**
 * Starts `rotate/<org>`, or attaches to the rotation already open under that id (USE_EXISTING): a second
 * `rotate-cert` during a grace period must follow the first rotation, not generate yet another key.
 */
export async function startRotation(
  client: Client,
  input: RotateCertificateInput,
  taskQueue: string,
  specFile?: string,
): Promise<{ handle: RotationHandle; runId: string; attached: boolean }> {
  const attached = await isRunOpen(rotationHandle(client, input.org));
  const handle = await client.workflow.start<typeof rotateCertificateWorkflow>('rotateCertificateWorkflow', {
    workflowId: rotateWorkflowId(input.org),
    taskQueue,
    args: [input],
    ...runMetadata({ kind: 'rotate-cert', org: input.org, environment: input.target.environment, specFile }),
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
  return { handle, runId: handle.firstExecutionRunId, attached };
}

/** The open rotation of an org, or an error that says there is none (and what to run instead). */
export async function openRotation(client: Client, org: string): Promise<RotationHandle> {
  const handle = rotationHandle(client, org);
  if (!(await isRunOpen(handle))) {
    throw new Error(
      `no certificate rotation of ${org} is running; start one with hybrid rotate-cert --spec FILE`,
    );
  }
  return handle;
}

/** Polls `rotationStatus` while the run is open, reporting each change, then returns its result or failure. */
export function watchRotation(
  handle: RotationHandle,
  onStatus: (status: RotationStatus) => void,
  intervalMs = 1000,
): Promise<RotateCertificateResult> {
  return followRun({
    result: handle.result(),
    read: () => handle.query(rotationStatusQuery),
    changeKey: (status) => JSON.stringify([status.status, status.steps.map((s) => [s.step, s.status])]),
    onChange: onStatus,
    intervalMs,
  });
}

/** Each step whose status changed since the last call, one line each (`seen` keeps the last per step). */
export function rotationStepChanges(status: RotationStatus, seen: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const step of status.steps) {
    const key = `${step.status}|${step.detail ?? ''}`;
    if (seen.get(step.step) === key || step.status === 'pending') continue;
    seen.set(step.step, key);
    const grace = step.step === 'grace' && step.status === 'running' && status.graceEndsAt;
    const detail = step.detail ?? (grace ? `until ${status.graceEndsAt}` : undefined);
    lines.push(`  ${step.step}: ${step.status}${detail ? ` (${detail})` : ''}`);
  }
  return lines;
}

export function formatRotationResult(result: RotateCertificateResult): string {
  return [
    `Rotated the signing certificate of ${result.org}${result.finishedEarly ? ' (grace period ended early)' : ''}.`,
    `  old: SHA-256 ${result.old.sha256}, valid until ${result.old.notAfter} (retired to ${result.retiredDir})`,
    `  new: SHA-256 ${result.new.sha256}, valid until ${result.new.notAfter}`,
    `  current bundle: ${result.certificateFiles.cert}, ${result.certificateFiles.key}`,
    `  record: ${result.rotationDir}/rotation.json`,
  ].join('\n');
}
