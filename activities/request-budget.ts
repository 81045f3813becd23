/**
 * The per-org request budget: Genesys Cloud allows 300 requests per minute per client-credentials token
 * (`client.credentials.token.rate.per.minute`, reference/genesys-cloud-api.md §6, quoted from Genesys's
 * "Rate limits" page; raisable through support). Every request of one org's client in this worker process
 * first takes a token from that org's bucket, so a fleet running many activities of one org at once paces
 * them instead of earning 429s.
 *
 * Across processes: each worker process holds its own bucket, so the fleet's budget is split by worker
 * count (HYBRID_WORKER_COUNT, set by `hybrid stack up --workers N`): each process gets budget ÷ workers.
 * This keeps the org as a whole under the limit whichever process runs which activity, even though each
 * process logs in on its own (own token), because the per-user/org limits of §6 are not confirmed to be
 * per token. If more workers run than declared, the 429 + Retry-After path (activities/failures.ts,
 * `nextRetryDelay`) is the backstop.
 */

export const BUDGET_PER_MINUTE_ENV = 'HYBRID_GENESYS_REQUESTS_PER_MINUTE';
export const WORKER_COUNT_ENV = 'HYBRID_WORKER_COUNT';
/** Genesys's default per-token limit (reference §6). */
export const DEFAULT_BUDGET_PER_MINUTE = 300;

export interface BudgetShare {
  /** Requests one org may send from this process in any 60 s window. */
  perMinute: number;
  /** How many of them may go at once (the bucket's capacity); the rest are paced evenly. */
  burst: number;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min) {
    throw new Error(`${name} must be a whole number of at least ${min}, got "${text}"`);
  }
  return n;
}

/**
 * This process's share of each org's budget. `0` as the budget turns pacing off (a raised limit handled by
 * 429s alone). The burst is a fifth of the share: a token bucket lets `burst + refill` through in any
 * 60 s window, so the refill is `share − burst` per minute and the window never exceeds the share.
 */
export function budgetShareFrom(env: NodeJS.ProcessEnv = process.env): BudgetShare | undefined {
  const budget = wholeNumber(env, BUDGET_PER_MINUTE_ENV, DEFAULT_BUDGET_PER_MINUTE, 0);
  const workers = wholeNumber(env, WORKER_COUNT_ENV, 1, 1);
  if (budget === 0) return undefined;
  const perMinute = Math.floor(budget / workers);
  if (perMinute < 1) {
    throw new Error(
      `${BUDGET_PER_MINUTE_ENV} (${budget}) split over ${WORKER_COUNT_ENV} (${workers}) workers leaves no ` +
        'request per minute; raise the budget or run fewer workers',
    );
  }
  return { perMinute, burst: Math.max(1, Math.floor(perMinute / 5)) };
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A token bucket: `burst` tokens at first, refilled at `(perMinute − burst)` per minute. Callers queue in
 * arrival order (a reservation is taken at call time), so a waiting request is never overtaken.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly refillPerMs: number;

  constructor(
    private readonly share: BudgetShare,
    private readonly clock: Clock = realClock,
  ) {
    if (share.burst < 1 || share.perMinute < share.burst) {
      throw new RangeError(`burst must be 1..perMinute, got ${share.burst} of ${share.perMinute}`);
    }
    this.tokens = share.burst;
    this.last = clock.now();
    // A share equal to its burst would never refill; keep a trickle so a long run still progresses.
    this.refillPerMs = Math.max(share.perMinute - share.burst, 1) / 60_000;
  }

  /** Resolves when this caller may send one request. */
  async take(): Promise<void> {
    const now = this.clock.now();
    this.tokens = Math.min(this.share.burst, this.tokens + (now - this.last) * this.refillPerMs);
    this.last = now;
    // May go negative: the deficit is the queue of callers already waiting ahead of this one.
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    await this.clock.sleep(Math.ceil(-this.tokens / this.refillPerMs));
  }
}
