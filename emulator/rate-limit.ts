import { ApiError } from './errors.js';

/**
 * Fixed one-minute window per access token, like `client.credentials.token.rate.per.minute` (reference §6).
 * A refused request does not count. Retry-After is the whole seconds until the window resets.
 */
export class TokenRateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly now: () => number,
  ) {
    if (!Number.isInteger(limitPerMinute) || limitPerMinute < 0) {
      throw new RangeError(`rateLimitPerMinute must be a whole number >= 0 (0 = off), got ${limitPerMinute}`);
    }
  }

  check(token: string): void {
    if (this.limitPerMinute <= 0) return;
    const now = this.now();
    let w = this.windows.get(token);
    if (!w || now - w.start >= 60_000) {
      if (this.windows.size >= 10_000) this.prune(now);
      w = { start: now, count: 0 };
      this.windows.set(token, w);
    }
    if (w.count >= this.limitPerMinute) {
      throw rateLimitError(Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000)));
    }
    w.count += 1;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(key);
  }

  reset(): void {
    this.windows.clear();
  }
}

/** The normalised 429 of reference §6: `too.many.requests.retry.after`, message with `[N] seconds`. */
export function rateLimitError(retryAfterSeconds: number): ApiError {
  return new ApiError(
    429,
    'too.many.requests.retry.after',
    `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`,
    { headers: { 'Retry-After': String(retryAfterSeconds) } },
  );
}
