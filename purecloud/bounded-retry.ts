/**
 * A small, bounded retry loop for one call: a few tries within a short time, with jittered backoff, for
 * failures a caller judges worth one more immediate try. It is not the run's retry layer (that is Temporal's
 * activity retry policy, workflows/step-activities.ts): it only keeps one lost request from restarting a whole
 * activity. Callers decide what is worth retrying (`judge`); this module only decides when and how often.
 *
 * Used by purecloud/http.ts for transient transport failures of idempotent requests (TRANSIENT_READ_RETRY);
 * other bounded retries (e.g. a read that does not yet see a write) should reuse `retryBounded` with their
 * own judge and policy rather than writing another loop.
 */
import { setTimeout as sleepMs } from 'node:timers/promises';

export interface BoundedRetryPolicy {
  /** Tries in all, the first included. */
  maxTries: number;
  /** No new try starts later than this after the first one started (backoff and server waits included). */
  withinMs: number;
  /** Backoff before try n+1 is uniformly random in [0, min(maxDelayMs, baseDelayMs · 2^(n-1))] ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What the judge says about one outcome: stop here, or try again (after the server's wait when it named one). */
export type RetryVerdict = { retry: false } | { retry: true; afterMs?: number };

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Injected in unit tests; real time and randomness otherwise. */
export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const REAL_CLOCK: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => sleepMs(ms).then(() => undefined),
  random: () => Math.random(),
};

/** The jittered backoff before try `tryNumber + 1`. */
export function backoffMs(policy: BoundedRetryPolicy, tryNumber: number, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tryNumber - 1));
  return Math.round(random() * cap);
}

/**
 * Calls `attempt` until the judge says stop, `maxTries` is reached, or the next try would start after
 * `withinMs`; then returns the last value or throws the last error, exactly as `attempt` produced it. A value
 * can be judged worth retrying too (an HTTP response with a 503 status is a value, not an error).
 */
export async function retryBounded<T>(
  attempt: (tryNumber: number) => Promise<T>,
  judge: (outcome: Outcome<T>) => RetryVerdict,
  policy: BoundedRetryPolicy,
  clock: RetryClock = REAL_CLOCK,
): Promise<T> {
  const started = clock.now();
  for (let tryNumber = 1; ; tryNumber++) {
    let outcome: Outcome<T>;
    try {
      outcome = { ok: true, value: await attempt(tryNumber) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const verdict = tryNumber < policy.maxTries ? judge(outcome) : { retry: false as const };
    const delay = verdict.retry ? (verdict.afterMs ?? backoffMs(policy, tryNumber, clock.random)) : undefined;
    if (delay === undefined || clock.now() + delay - started > policy.withinMs) {
      if (outcome.ok) return outcome.value;
      throw outcome.error;
    }
    await clock.sleep(delay);
  }
}
