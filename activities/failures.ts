/**
 * The one place where Genesys Cloud outcomes become Temporal failures.
 *
 * Retrying a run happens in Temporal's activity retry policy (below it, the Genesys client only retries an
 * idempotent read a few times within seconds, purecloud/http.ts), so this module only decides whether a
 * failure is worth retrying and how soon (errors.ts names the transient kinds):
 * - bad request, forbidden, not found, conflict, and refused credentials cannot be fixed by trying again:
 *   non-retryable, with a type that names the cause so the workflow and the CLI can say what to do;
 * - rate limited (429) is retryable after the server's `Retry-After` (`nextRetryDelay`);
 * - server errors (5xx, timeouts) and network errors are retryable with the policy's backoff.
 * The token endpoint's errors follow the same rules: a 503 while logging in is worth retrying.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { NonRetryableFailureType } from '../provisioning/failure-types.js';
import { withLiveness } from './liveness.js';
import {
  GenesysConfigurationError,
  GenesysHttpError,
  GenesysNetworkError,
  isTransientKind,
  type GenesysErrorKind,
  type TransientErrorKind,
} from '../purecloud/errors.js';

export function nonRetryable(type: NonRetryableFailureType, message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, type);
}

/** Every kind that is not transient (purecloud/errors.ts), and nothing else: the compiler keeps the two in step. */
const FATAL: Record<
  Exclude<GenesysErrorKind, TransientErrorKind>,
  { type: NonRetryableFailureType; hint?: string }
> = {
  'bad-request': { type: 'GenesysBadRequest' },
  unauthorized: { type: 'GenesysUnauthorized', hint: 'check the credentials and that the client is active' },
  forbidden: { type: 'GenesysForbidden', hint: "grant the provisioning client's role the permission named" },
  'not-found': { type: 'GenesysNotFound' },
  conflict: { type: 'GenesysConflict' },
};

export function toTemporalFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof GenesysConfigurationError) {
    return ApplicationFailure.create({ message: err.message, type: 'InvalidInput', nonRetryable: true });
  }
  if (err instanceof GenesysHttpError) {
    // The message already reads "<operation> failed with <status> <code>: <server message>".
    if (!isTransientKind(err.kind)) {
      const fatal = FATAL[err.kind];
      const message = fatal.hint ? `${err.message} (${fatal.hint})` : err.message;
      return ApplicationFailure.create({ message, type: fatal.type, nonRetryable: true });
    }
    if (err.kind === 'rate-limited') {
      return ApplicationFailure.create({
        message: err.message,
        type: 'GenesysRateLimited',
        nonRetryable: false,
        nextRetryDelay:
          err.retryAfterSeconds !== undefined ? `${Math.max(1, err.retryAfterSeconds)}s` : undefined,
      });
    }
    return ApplicationFailure.create({
      message: err.message,
      type: 'GenesysServerError',
      nonRetryable: false,
    });
  }
  if (err instanceof GenesysNetworkError) {
    return ApplicationFailure.create({
      message: err.message,
      type: 'GenesysNetworkError',
      nonRetryable: false,
    });
  }
  return err;
}

/**
 * Wraps an activity so that every failure leaves it through {@link toTemporalFailure}, and so that it
 * heartbeats while it runs (see liveness.ts).
 */
export function mapFailures<Args extends unknown[], R>(
  fn: (...args: Args) => Promise<R>,
): (...args: Args) => Promise<R> {
  return withLiveness(async (...args: Args) => {
    try {
      return await fn(...args);
    } catch (err) {
      throw toTemporalFailure(err);
    }
  });
}

// ── Reads that follow this run's own writes ──────────────────────────────────────────────────────────────

/**
 * The real API is eventually consistent (reference §12): Terraform's provider retries a 404 right after
 * creating OAuth clients and users, waits up to 3 minutes for the user search index after a delete, and
 * retries version conflicts on user PATCH/DELETE (TF `genesyscloud/user/…`, `genesyscloud/oauth_client/…`,
 * `BYPASS_CONSISTENCY_CHECKER`). So on the few paths that read or write an object this run has just written
 * (role grants after a create, a client whose create response was lost, a user restored or deleted right
 * after a write), a 404 or 409 may only mean that the org has not caught up yet. Those paths, and only
 * those, wrap their call in {@link untilConsistent}: it retries 404 and 409 inside the activity, briefly and
 * with jitter, up to a bound; past it the error leaves through {@link toTemporalFailure} as non-retryable,
 * like a 404 or 409 anywhere else.
 */
export const CONSISTENCY_BOUND_ENV = 'HYBRID_CONSISTENCY_BOUND_MS';
export const DEFAULT_CONSISTENCY_BOUND_MS = 30_000;

/** How long a read-after-write tolerates lag: `HYBRID_CONSISTENCY_BOUND_MS`, default 30 s. */
export function consistencyBoundMs(): number {
  const raw = process.env[CONSISTENCY_BOUND_ENV];
  if (raw === undefined || raw === '') return DEFAULT_CONSISTENCY_BOUND_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0) {
    throw nonRetryable(
      'InvalidInput',
      `${CONSISTENCY_BOUND_ENV} must be a whole number of milliseconds (0 or more), got "${raw}"`,
    );
  }
  return ms;
}

/** A 404 or 409: on a read-after-write path, the answer of an org that has not caught up yet. */
export function isLagSymptom(err: unknown): boolean {
  return err instanceof GenesysHttpError && (err.kind === 'not-found' || err.kind === 'conflict');
}

const FIRST_PAUSE_MS = 200;
const LONGEST_PAUSE_MS = 2_000;

/** 200 ms doubling to 2 s, each between half and the whole of it, so concurrent steps do not call in step. */
function pauseBefore(retry: number, msLeft: number): Promise<void> {
  const ceiling = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** retry);
  const ms = Math.min(msLeft, ceiling / 2 + Math.random() * (ceiling / 2));
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `fn` until it neither throws a 404/409 nor returns a result `settled` refuses, for at most the
 * consistency bound; then the last error is thrown, or the last result returned (the caller decides what a
 * result that never settled means). Any other error is thrown at once.
 */
async function whileLagging<T>(fn: () => Promise<T>, settled: (result: T) => boolean): Promise<T> {
  const deadline = Date.now() + consistencyBoundMs();
  for (let retry = 0; ; retry++) {
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      if (!isLagSymptom(err) || Date.now() >= deadline) throw err;
      await pauseBefore(retry, deadline - Date.now());
      continue;
    }
    if (settled(result) || Date.now() >= deadline) return result;
    await pauseBefore(retry, deadline - Date.now());
  }
}

/** Retries a call that follows this run's own write while it answers 404 or 409, up to the bound. */
export function untilConsistent<T>(fn: () => Promise<T>): Promise<T> {
  return whileLagging(fn, () => true);
}

/**
 * Repeats a lookup of something this run may have written until it finds it, up to the bound; null when it
 * never shows (then it was never written).
 */
export function untilFound<T>(lookup: () => Promise<T | null | undefined>): Promise<T | null> {
  return whileLagging(lookup, (found) => found !== null && found !== undefined).then((r) => r ?? null);
}
