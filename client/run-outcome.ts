/**
 * How an org-level run that did not complete ended, read from its failure: cancelled with every change undone,
 * compensation that left changes behind, or a failure of its own that was fully undone. One reading for every
 * command that reports a run's end (cancel, cancel-rotation, provision --wait).
 */
import { WorkflowFailedError } from '@temporalio/client';
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
