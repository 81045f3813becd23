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

/**
 * The label of a step's activity in the Temporal UI (the activity's user-metadata summary):
 * `oauth-client:PureEngage WDE` reads `oauth-client: PureEngage WDE`, so two parallel bars of one activity
 * type tell their steps apart. Summaries are not part of the determinism check: the recorded histories
 * (test/fixtures/histories, scheduled without summaries) replay against workflows that set them.
 */
export function stepSummary(step: string): string {
  return step.replace(/^([a-z-]+):(?! )/, '$1: ');
}

/** The compensation's label: the step it undoes. */
export function undoSummary(step: string): string {
  return `undo ${stepSummary(step)}`;
}

/** One proxy per summary; proxies hold only options, so sharing them between runs is harmless. */
function labelledProxies<A>(options: ActivityOptions, label: (step: string) => string) {
  const proxies = new Map<string, ActivityInterfaceFor<A>>();
  return (step: string): ActivityInterfaceFor<A> => {
    let proxy = proxies.get(step);
    if (!proxy) proxies.set(step, (proxy = proxyActivities<A>({ ...options, summary: label(step) })));
    return proxy;
  };
}

/**
 * `act(step)` for the forward steps, `undoAct(step)` for their compensations: each call is labelled with the
 * step it belongs to (stepSummary), e.g. `act('oauth-client:PureEngage WDE').ensureOAuthClient(...)`.
 */
export function proxyStepActivities<A extends object>(): {
  act: (step: string) => ActivityInterfaceFor<A>;
  undoAct: (step: string) => ActivityInterfaceFor<A>;
} {
  return {
    act: labelledProxies<A>(STEP_ACTIVITY_OPTIONS, stepSummary),
    undoAct: labelledProxies<A>({ ...STEP_ACTIVITY_OPTIONS, retry: UNDO_RETRY }, undoSummary),
  };
}
