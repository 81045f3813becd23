/**
 * The one retry policy and timeouts of every org-level run's activities (provisioning, rotation,
 * verification): the same error taxonomy on both sides, and undos more patient than the steps they undo.
 */
import {
  proxyActivities,
  type ActivityInterfaceFor,
  type ActivityOptions,
  type RetryPolicy,
} from '@temporalio/workflow';
import { NON_RETRYABLE_FAILURE_TYPES } from '../provisioning/failure-types.js';

export const STEP_RETRY: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '30s',
  maximumAttempts: 20,
  nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
};

/** Compensation must get through a storm the forward steps gave up on: more patience, same error taxonomy. */
export const UNDO_RETRY: RetryPolicy = { ...STEP_RETRY, maximumAttempts: 50 };

/**
 * Activities beat every 2 s (activities/liveness.ts): a worker that dies mid-step is noticed within 30 s.
 * Tighter (10 s) gave spurious timeouts with 50 orgs on 2 cores (bench:provision): heartbeats are throttled
 * to 80% of the timeout and a loaded event loop delays them further. Every activity proxied with these options
 * must heartbeat, or it times out after 30 s.
 */
export const STEP_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30s',
  retry: STEP_RETRY,
} as const satisfies ActivityOptions;

/** `act` for the forward steps, `undoAct` for their compensations. */
export function proxyStepActivities<A extends object>(): {
  act: ActivityInterfaceFor<A>;
  undoAct: ActivityInterfaceFor<A>;
} {
  return {
    act: proxyActivities<A>(STEP_ACTIVITY_OPTIONS),
    undoAct: proxyActivities<A>({ ...STEP_ACTIVITY_OPTIONS, retry: UNDO_RETRY }),
  };
}
