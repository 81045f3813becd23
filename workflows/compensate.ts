/**
 * The one way an org-level run ends when something went wrong: undo what it changed (newest first, even when
 * cancelled), record each undo in the step table, then end honestly:
 * - everything undone after a cancellation: the cancellation itself (the client sees CancelledFailure);
 * - everything undone after a failure: a failure naming the step and its cause, "every change was undone";
 * - anything left behind: a `CompensationFailed` failure naming the steps, whether the run was cancelled or
 *   failed, so no client can report a clean undo.
 */
import { ApplicationFailure, isCancellation } from '@temporalio/workflow';
import type { RunStatus, StepFailure, StepStatus } from '../provisioning/types.js';
import type { Saga } from './saga.js';
import { failureMessage, failureType } from './step-table.js';

export const COMPENSATION_FAILED = 'CompensationFailed';

/** The details of a `CompensationFailed` failure: what the operator must now undo by hand. */
export interface CompensationFailedDetails {
  /** The steps whose undo failed, newest first: their changes are still in the org (or on disk). */
  leftBehind: string[];
  cancelled: boolean;
  /** The step failure that started compensation (none when it was a cancellation). */
  cause?: StepFailure;
}

export interface CompensatingRun {
  table: {
    set(step: string, status: StepStatus, detail?: string): void;
    setRunStatus(status: RunStatus): void;
    readonly firstFailure: StepFailure | undefined;
  };
  saga: Saga;
  /** The failure's first words, from the failed step (or none): `certificate failed`, `rotation step x failed`. */
  headline: (step: string | undefined) => string;
  /** Said when every change was undone, e.g. "Every change was undone." */
  undone: string;
  /** The failure type when the cause has none. */
  defaultType: string;
  /** Told each undo's outcome and how the run ended: provisioning's metrics (workflows/run-metrics.ts). */
  observe?: {
    undo?(step: string, outcome: 'compensating' | 'compensated' | 'failed'): void;
    ended?(end: { cancelled: boolean; leftBehind: readonly string[] }): void;
  };
}

export async function compensateThenFail(err: unknown, run: CompensatingRun): Promise<never> {
  const cancelled = isCancellation(err);
  run.table.setRunStatus('compensating');
  const undone: string[] = [];
  const leftBehind = await run.saga.compensate((step, outcome, error) => {
    run.table.set(step, outcome, error);
    run.observe?.undo?.(step, outcome);
    if (outcome === 'compensated') undone.push(step);
  });
  run.table.setRunStatus(leftBehind.length === 0 ? 'compensated' : 'compensation-failed');
  run.observe?.ended?.({ cancelled, leftBehind });
  const cause = cancelled ? undefined : run.table.firstFailure;
  const what = cancelled ? 'cancelled' : `${run.headline(cause?.step)}: ${failureMessage(err)}`;
  if (leftBehind.length > 0) {
    const details: CompensationFailedDetails = { leftBehind, cancelled, ...(cause && { cause }) };
    throw ApplicationFailure.create({
      message: `${what}. Compensation failed for: ${leftBehind.join(', ')}; these changes are left in place.`,
      type: COMPENSATION_FAILED,
      nonRetryable: true,
      details: [details],
    });
  }
  if (cancelled) throw err;
  throw ApplicationFailure.nonRetryable(
    `${what}. ${run.undone}${undoneSteps(undone)}`,
    failureType(err) ?? run.defaultType,
  );
}

/** Names what was undone (newest first), so a failure says what it took back; long lists end with a count. */
const UNDONE_NAMED = 10;
function undoneSteps(steps: readonly string[]): string {
  if (steps.length === 0) return '';
  const named = steps.slice(0, UNDONE_NAMED).join(', ');
  const more = steps.length > UNDONE_NAMED ? ` and ${steps.length - UNDONE_NAMED} more` : '';
  return ` Undone, newest first: ${named}${more}.`;
}
