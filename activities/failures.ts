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
