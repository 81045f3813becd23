/**
 * How an org-level run that did not complete ended, read from its failure: cancelled with every change undone,
 * compensation that left changes behind, or a failure of its own that was fully undone. One reading for every
 * command that reports a run's end (cancel, cancel-rotation, provision --wait).
 */
import { WorkflowFailedError, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { COMPENSATION_FAILED, type CompensationFailedDetails } from '../workflows/compensate.js';

export type RunEnd =
  | { kind: 'cancelled' }
  | { kind: 'compensation-failed'; leftBehind: string[]; cancelled: boolean; message: string }
  | { kind: 'failed'; message: string; type?: string };

export function runEndOf(error: WorkflowFailedError): RunEnd {
  const cause = error.cause;
  if (cause instanceof CancelledFailure) return { kind: 'cancelled' };
  if (cause instanceof ApplicationFailure && cause.type === COMPENSATION_FAILED) {
    const details = cause.details?.[0] as Partial<CompensationFailedDetails> | undefined;
    return {
      kind: 'compensation-failed',
      leftBehind: details?.leftBehind ?? [],
      cancelled: details?.cancelled ?? false,
      message: cause.message,
    };
  }
  return {
    kind: 'failed',
    message: cause?.message ?? error.message,
    type: cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined,
  };
}

/** The run's end when `error` is a workflow failure; anything else (connection lost, ...) is rethrown. */
export function runEndOrThrow(error: unknown): RunEnd {
  if (error instanceof WorkflowFailedError) return runEndOf(error);
  throw error;
}

/** What a cancel command prints for each way the run can end. */
export interface CancelReport {
  /** The run ended by itself (completed) before the cancellation reached it: nothing was undone. */
  completed: string;
  /** Cancelled, every change undone. */
  cancelled: string;
  /** The thing whose roll-back left steps undone, e.g. `demo's rotation`. */
  what: string;
}

/**
 * Asks the run to cancel and waits for its end (`ended`, e.g. its result), then says how it ended; a roll-back
 * that left steps undone throws. A run that ended between the caller's look-up and the request (the server
 * answers not-found to cancelling a closed run) is reported by how it ended, like any other.
 */
export async function cancelAndReport(
  handle: WorkflowHandle,
  ended: () => Promise<unknown>,
  report: CancelReport,
): Promise<void> {
  try {
    await handle.cancel();
    console.error(`Cancellation requested for ${handle.workflowId}; waiting for the roll-back...`);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  try {
    await ended();
    console.log(report.completed);
  } catch (error) {
    const end = runEndOrThrow(error);
    if (end.kind === 'compensation-failed') {
      throw new Error(
        `the roll-back of ${report.what} left work undone (${end.leftBehind.join(', ')}); see ${handle.workflowId} in the Temporal UI`,
      );
    }
    if (end.kind === 'failed') {
      console.log(
        `${handle.workflowId} failed on its own before the cancellation took effect: ${end.message}`,
      );
      return;
    }
    console.log(report.cancelled);
  }
}
