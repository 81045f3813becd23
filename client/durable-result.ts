/**
 * Waiting for a run's result across a Temporal server restart. The run is durable and completes once the server is
 * back; the CLI's long poll for its result is not: it fails with UNAVAILABLE while the server is down, and the CLI
 * used to report that as "failed" (exit 1) although the run then completed. So the wait is retried on a lost
 * connection, bounded in time, with a message each time; a run's own failure is never retried.
 */
import { isGrpcServiceError, ServiceError } from '@temporalio/client';

/** How long the CLI keeps reconnecting before it gives up (the run itself goes on regardless). */
export const RECONNECT_BUDGET_MS = 5 * 60_000;

/** gRPC status codes (grpc/doc/statuscodes.md) a server restart produces: CANCELLED, UNKNOWN, DEADLINE_EXCEEDED, UNAVAILABLE. */
const CONNECTION_LOST = new Set<number>([1, 2, 4, 14]);

/** A lost or refused connection to the server, as opposed to an answer about the run. */
export function isConnectionLoss(error: unknown): boolean {
  if (isGrpcServiceError(error)) return CONNECTION_LOST.has(error.code);
  if (error instanceof ServiceError) return isConnectionLoss(error.cause) || error.cause === undefined;
  return false;
}

export interface ReconnectOptions {
  /** Told about each retry, e.g. printed on stderr. */
  onRetry: (message: string) => void;
  budgetMs?: number;
  /** Wait before the first retry; doubles up to 10 s. */
  firstDelayMs?: number;
}

export async function resultThroughRestarts<R>(get: () => Promise<R>, options: ReconnectOptions): Promise<R> {
  const budgetMs = options.budgetMs ?? RECONNECT_BUDGET_MS;
  const deadline = Date.now() + budgetMs;
  let delayMs = options.firstDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await get();
    } catch (error) {
      if (!isConnectionLoss(error) || Date.now() + delayMs > deadline) throw error;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      options.onRetry(
        `lost the connection to Temporal (${reason}); the run goes on on the server. Reconnecting in ` +
          `${Math.round(delayMs / 1000)} s (attempt ${attempt}; giving up after ${Math.round(budgetMs / 60_000)} min)`,
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, 10_000);
    }
  }
}
