/**
 * Liveness heartbeats. Our activities are short sequences of API calls with nothing to report, but without
 * heartbeats a worker that dies mid-activity is only noticed when the start-to-close timeout (minutes)
 * expires. Beating every few seconds lets the workflow's `heartbeatTimeout` notice a dead worker in seconds
 * and retry the (idempotent) activity on another one.
 */
import { Context } from '@temporalio/activity';

const BEAT_EVERY_MS = 2_000;

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity (plan, tests): nothing to beat for
  }
}

/** This activity's attempt number (1 on the first); 1 outside an activity. */
export function currentAttempt(): number {
  return currentContext()?.info.attempt ?? 1;
}

export function withLiveness<Args extends unknown[], R>(
  fn: (...args: Args) => Promise<R>,
): (...args: Args) => Promise<R> {
  return async (...args: Args) => {
    const context = currentContext();
    if (!context) return fn(...args);
    context.heartbeat();
    const timer = setInterval(() => context.heartbeat(), BEAT_EVERY_MS);
    try {
      return await fn(...args);
    } finally {
      clearInterval(timer);
    }
  };
}
