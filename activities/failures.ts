/**
 * The one place where Genesys Cloud outcomes become Temporal failures.
 *
 * Retrying happens in exactly one layer, Temporal's activity retry policy, so this module only decides
 * whether a failure is worth retrying and how soon:
 * - 400/403/404/409 (and a refused login) cannot be fixed by trying again: non-retryable, with a type that
 *   names the cause so the workflow and the CLI can say what to do;
 * - 429 is retryable after the server's `Retry-After` (`nextRetryDelay`);
 * - 5xx and network errors are retryable with the policy's backoff.
 */
import { ApplicationFailure } from '@temporalio/common';
import { GenesysApiError, GenesysAuthError, GenesysNetworkError } from '../purecloud/errors.js';
import type { NonRetryableFailureType } from '../provisioning/failure-types.js';

export function nonRetryable(type: NonRetryableFailureType, message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, type);
}

const NON_RETRYABLE_BY_STATUS: Record<number, { type: NonRetryableFailureType; hint?: string }> = {
  400: { type: 'GenesysBadRequest' },
  401: { type: 'GenesysUnauthorized', hint: 'check the credentials and that the client is active' },
  403: { type: 'GenesysForbidden', hint: "grant the provisioning client's role the permission named" },
  404: { type: 'GenesysNotFound' },
  409: { type: 'GenesysConflict' },
};

export function toTemporalFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof GenesysAuthError) {
    return ApplicationFailure.create({
      message: `${err.message} (check the credentials' client id and secret, and that the client is active)`,
      type: 'GenesysUnauthorized',
      nonRetryable: true,
    });
  }
  if (err instanceof GenesysApiError) {
    const message = `${err.operation} answered ${err.status}${err.code ? ` ${err.code}` : ''}: ${err.message}`;
    const fatal = NON_RETRYABLE_BY_STATUS[err.status];
    if (fatal) {
      const text = fatal.hint ? `${message} (${fatal.hint})` : message;
      return ApplicationFailure.create({ message: text, type: fatal.type, nonRetryable: true });
    }
    if (err.status === 429) {
      return ApplicationFailure.create({
        message,
        type: 'GenesysRateLimited',
        nonRetryable: false,
        nextRetryDelay:
          err.retryAfterSeconds !== undefined ? `${Math.max(1, err.retryAfterSeconds)}s` : undefined,
      });
    }
    return ApplicationFailure.create({ message, type: 'GenesysServerError', nonRetryable: false });
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

/** Wraps an activity so that every failure leaves it through {@link toTemporalFailure}. */
export function mapFailures<Args extends unknown[], R>(
  fn: (...args: Args) => Promise<R>,
): (...args: Args) => Promise<R> {
  return async (...args: Args) => {
    try {
      return await fn(...args);
    } catch (err) {
      throw toTemporalFailure(err);
    }
  };
}
