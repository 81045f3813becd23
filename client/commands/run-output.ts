// Output shared by the commands that follow a provisioning run.
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { ProvisionProgress } from '../../provisioning/types.js';
import { escapeControlCharacters as t } from '../../text/control-characters.js';

/** Prints each step whose status changed since the last call (`seen` keeps the last status per step). */
export function printStepChanges(progress: ProvisionProgress, seen: Map<string, string>): void {
  for (const step of progress.steps) {
    const key = `${step.status}|${step.detail ?? ''}`;
    if (seen.get(step.step) === key || step.status === 'pending') continue;
    seen.set(step.step, key);
    console.error(`  ${t(step.step)}: ${step.status}${step.detail ? ` (${t(step.detail)})` : ''}`);
  }
}

export function describeRunFailure(org: string, error: WorkflowFailedError): string {
  if (error.cause instanceof CancelledFailure)
    return `provisioning of ${org} was cancelled; its changes were undone`;
  return `provisioning of ${org} failed: ${error.cause?.message ?? error.message}`;
}
