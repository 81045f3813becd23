/**
 * The one retry policy and timeouts of every org-level run's activities (provisioning, rotation,
 * verification): the same error taxonomy on both sides, and undos more patient than the steps they undo.
 *
 * Patience is measured in time, not attempts: a step retries transient failures (5xx, network, 429) for up to
 * its retry budget (`scheduleToCloseTimeout`, default 30 minutes, `retryBudget` in the spec), however many
 * attempts that takes. Twenty attempts capped at 30 s gave up on a storm of 10% 503s and 10% lost responses
 * after 455 s (issue 11); a budget rides out storms and outages shorter than itself and, when one lasts longer,
 * the failure says that the budget ran out, after how long, and why (RETRY_BUDGET_EXHAUSTED).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  TimeoutFailure,
  type ActivityInterfaceFor,
  type ActivityOptions,
  type RetryPolicy,
} from '@temporalio/workflow';
import { RetryState, TimeoutType } from '@temporalio/common';
import { NON_RETRYABLE_FAILURE_TYPES } from '../provisioning/failure-types.js';
import { failureMessage } from './step-table.js';

/** How long a forward step keeps retrying when the run's input names no budget (runs started before, rotations). */
export const DEFAULT_RETRY_BUDGET_MS = 30 * 60_000;

/** Compensation must get through a storm the forward steps gave up on: twice their budget. */
export const UNDO_BUDGET_FACTOR = 2;

/** The failure type of a step whose retry budget ran out (the run's failure type when it ends compensated). */
export const RETRY_BUDGET_EXHAUSTED = 'RetryBudgetExhausted';

/** Backoff between attempts; how many there are is up to the budget (no `maximumAttempts`). */
export const STEP_RETRY: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '30s',
  nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
};

/** Same backoff and taxonomy for undos; their longer patience is their budget (UNDO_BUDGET_FACTOR). */
export const UNDO_RETRY: RetryPolicy = STEP_RETRY;

/**
 * Activities beat every 2 s (activities/liveness.ts): a worker that dies mid-step is noticed within 30 s.
 * Tighter (10 s) gave spurious timeouts with 50 orgs on 2 cores (bench:provision): heartbeats are throttled
 * to 80% of the timeout and a loaded event loop delays them further. Every activity proxied with these options
 * must heartbeat, or it times out after 30 s.
 */
export const STEP_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: DEFAULT_RETRY_BUDGET_MS,
  heartbeatTimeout: '30s',
  retry: STEP_RETRY,
} as const satisfies ActivityOptions;

/** `12s`, `4m 5s`, `1h 30m`: durations in failure messages. Pure: workflow code. */
export function describeDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes}m ${seconds % 60}s` : `${minutes}m`;
  return minutes % 60 ? `${Math.floor(minutes / 60)}h ${minutes % 60}m` : `${Math.floor(minutes / 60)}h`;
}

/** Did Temporal stop retrying because the activity's schedule-to-close time (its budget) was used up? */
export function isBudgetExhaustion(err: unknown): err is ActivityFailure {
  if (!(err instanceof ActivityFailure)) return false;
  const timeout = err.cause instanceof TimeoutFailure ? err.cause : undefined;
  return err.retryState === RetryState.TIMEOUT || timeout?.timeoutType === TimeoutType.SCHEDULE_TO_CLOSE;
}

/** The failure that says the budget ran out: after how long, of which budget, and the last error seen. */
export function budgetExhausted(
  err: ActivityFailure,
  budgetMs: number,
  elapsedMs: number,
): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `the retry budget of ${describeDuration(budgetMs)} ran out after ${describeDuration(elapsedMs)} ` +
      `of retrying ${err.activityType}; last error: ${failureMessage(err)}`,
    RETRY_BUDGET_EXHAUSTED,
  );
}

/** The proxy, with every call's budget exhaustion turned into a failure that says so. */
function sayingWhenBudgetRunsOut<A extends object>(
  proxy: ActivityInterfaceFor<A>,
  budgetMs: number,
): ActivityInterfaceFor<A> {
  return new Proxy(proxy, {
    get(target, name, receiver) {
      const call = Reflect.get(target, name, receiver) as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        const started = Date.now(); // workflow time: deterministic on replay
        try {
          return await call(...args);
        } catch (err) {
          throw isBudgetExhaustion(err) ? budgetExhausted(err, budgetMs, Date.now() - started) : err;
        }
      };
    },
  });
}

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

/** One proxy per summary (per run: proxyStepActivities is called by each run), each saying when its budget ran out. */
function labelledProxies<A extends object>(
  options: ActivityOptions,
  label: (step: string) => string,
  budgetMs: number,
) {
  const proxies = new Map<string, ActivityInterfaceFor<A>>();
  return (step: string): ActivityInterfaceFor<A> => {
    let proxy = proxies.get(step);
    if (!proxy) {
      proxy = sayingWhenBudgetRunsOut(proxyActivities<A>({ ...options, summary: label(step) }), budgetMs);
      proxies.set(step, proxy);
    }
    return proxy;
  };
}

/**
 * `act(step)` for the forward steps, `undoAct(step)` for their compensations: each call is labelled with the
 * step it belongs to (stepSummary), e.g. `act('oauth-client:PureEngage WDE').ensureOAuthClient(...)`.
 * `retryBudgetMs` is the forward steps' budget (the run's input; DEFAULT_RETRY_BUDGET_MS when absent); undos get
 * UNDO_BUDGET_FACTOR times it.
 */
export function proxyStepActivities<A extends object>(
  retryBudgetMs: number = DEFAULT_RETRY_BUDGET_MS,
): {
  act: (step: string) => ActivityInterfaceFor<A>;
  undoAct: (step: string) => ActivityInterfaceFor<A>;
} {
  const undoBudgetMs = retryBudgetMs * UNDO_BUDGET_FACTOR;
  return {
    act: labelledProxies<A>(
      { ...STEP_ACTIVITY_OPTIONS, scheduleToCloseTimeout: retryBudgetMs },
      stepSummary,
      retryBudgetMs,
    ),
    undoAct: labelledProxies<A>(
      { ...STEP_ACTIVITY_OPTIONS, scheduleToCloseTimeout: undoBudgetMs, retry: UNDO_RETRY },
      undoSummary,
      undoBudgetMs,
    ),
  };
}
