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
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { retryBounded, type BoundedRetryPolicy } from '../purecloud/bounded-retry.js';
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

/** Whether Temporal will not try the activity again after `err` (judged as {@link toTemporalFailure} maps it). */
export function failsForGood(err: unknown): boolean {
  const failure = toTemporalFailure(err);
  return failure instanceof ApplicationFailure && failure.nonRetryable === true;
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
 * creating OAuth clients and users, and its consistency checker (genesyscloud/consistency_checker, used by the
 * `oauth_client`, `user` and `idp_*` resources' reads after create and update) re-reads until the object reads
 * back as written; after a delete it waits until the object is gone (30 s for OAuth clients, 3 minutes for the
 * user search index). So on the paths that read an object this run has just written, a 404, or a read that does
 * not show the write yet, may only mean that the org has not caught up. Those paths, and only those, wrap their
 * read in {@link untilConsistent}, {@link untilFound} or {@link untilSettled}: each repeats it inside the
 * activity, briefly and with jitter, up to a bound; past it a 404 leaves through {@link toTemporalFailure} as
 * non-retryable, like a 404 anywhere else.
 *
 * A version conflict (409 on a user PATCH/DELETE) is not retried here: purecloud/users.ts owns that rule
 * (VERSION_CONFLICT_RETRY). Both run on the one bounded loop, purecloud/bounded-retry.ts.
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

/** A 404: on a read-after-write path, the answer of an org that has not caught up yet. */
export function isLagSymptom(err: unknown): boolean {
  return err instanceof GenesysHttpError && err.kind === 'not-found';
}

/** 200 ms doubling to 2 s, with full jitter, so concurrent steps do not call in step; tries bounded by time only. */
function lagPolicy(): BoundedRetryPolicy {
  return {
    maxTries: Number.MAX_SAFE_INTEGER,
    withinMs: consistencyBoundMs(),
    baseDelayMs: 200,
    maxDelayMs: 2_000,
  };
}

/**
 * Reads until the result satisfies `settled` (a 404 counts as not yet), for at most the consistency bound;
 * then returns the last result (the caller decides what a result that never settled means) or throws the
 * last 404. Any other error is thrown at once. At no lag it costs one read.
 */
export function untilSettled<T>(read: () => Promise<T>, settled: (result: T) => boolean): Promise<T> {
  return retryBounded(
    read,
    (outcome) => ({ retry: outcome.ok ? !settled(outcome.value) : isLagSymptom(outcome.error) }),
    lagPolicy(),
  );
}

/** Retries a call that follows this run's own write while it answers 404, up to the bound. */
export function untilConsistent<T>(fn: () => Promise<T>): Promise<T> {
  return untilSettled(fn, () => true);
}

/**
 * Repeats a lookup of something this run may have written until it finds it, up to the bound; null when it
 * never shows (then it was never written).
 */
export async function untilFound<T>(lookup: () => Promise<T | null | undefined>): Promise<T | null> {
  return (await untilSettled(lookup, (found) => found !== null && found !== undefined)) ?? null;
}

/**
 * Waits until `read` shows this run's own write, as `reflects` judges it, within the consistency bound: the one
 * "read until it reflects" rule of the steps that create, delete or restore (Terraform's consistency checker).
 * Past the bound the write still happened, so the step goes on, and the warning names what the org did not
 * show. Returns the last read.
 */
export async function untilReflected<T>(
  read: () => Promise<T>,
  reflects: (result: T) => boolean,
  notShown: string,
): Promise<T> {
  const result = await untilSettled(read, reflects);
  if (!reflects(result)) warnNotReflected(notShown);
  return result;
}

/**
 * Where a write that the org's readers never reflected within the bound is reported: the step has done its
 * work and completes (failing it would undo a change the org did make), but a run started before the readers
 * catch up could decide on a stale view, so the operator is told.
 */
function warnNotReflected(what: string): void {
  let log: { warn(message: string, attributes?: Record<string, unknown>): void } = console;
  try {
    log = Context.current().log;
  } catch {
    // Outside an activity (tests, plan): the console.
  }
  log.warn(
    `${what} within ${consistencyBoundMs()} ms (${CONSISTENCY_BOUND_ENV}); ` +
      'wait before starting another run of this org',
  );
}
