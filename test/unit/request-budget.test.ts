import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockAgent } from 'undici';
import { budgetShareFrom, DEFAULT_BUDGET_PER_MINUTE, TokenBucket } from '../../activities/request-budget.js';
import { busiestMinute, busiestMinuteByClient } from '../../bench/fleet/busiest-minute.js';
import { HttpTransport } from '../../purecloud/http.js';
import { SecretScrubber } from '../../purecloud/redact.js';

/** Fires `count` takes at once and returns, in call order, the fake time at which each was let through. */
async function releaseTimes(bucket: TokenBucket, count: number, stepMs = 250): Promise<number[]> {
  const start = Date.now();
  const times: number[] = new Array<number>(count);
  const all = Array.from({ length: count }, (_, i) =>
    bucket.take().then(() => (times[i] = Date.now() - start)),
  );
  let settled = false;
  void Promise.all(all).then(() => (settled = true));
  while (!settled) await vi.advanceTimersByTimeAsync(stepMs);
  return times;
}

describe('TokenBucket (per-org request budget)', () => {
  afterEach(() => vi.useRealTimers());

  it('lets the burst through at once, then paces so that no 60 s window exceeds the share', async () => {
    vi.useFakeTimers();
    const share = { perMinute: 60, burst: 12 };
    const times = await releaseTimes(new TokenBucket(share), 200);
    expect(times.slice(0, 12).every((t) => t === 0)).toBe(true);
    expect(times[12]).toBeGreaterThan(0);
    expect(busiestMinute(times)).toBeLessThanOrEqual(60);
    // Paced, not starved: 188 after the burst at 48 per minute take just under 4 minutes.
    expect(Math.max(...times)).toBeLessThan(4 * 60_000 + 1_000);
  });

  it('serves waiting callers in arrival order', async () => {
    vi.useFakeTimers();
    const times = await releaseTimes(new TokenBucket({ perMinute: 10, burst: 2 }), 12);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('refills after an idle spell, but never beyond the burst', async () => {
    vi.useFakeTimers();
    const bucket = new TokenBucket({ perMinute: 30, burst: 5 });
    await releaseTimes(bucket, 5);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const times = await releaseTimes(bucket, 7);
    expect(times.filter((t) => t === 0)).toHaveLength(5);
  });

  it('refuses a burst outside 1..perMinute', () => {
    expect(() => new TokenBucket({ perMinute: 10, burst: 0 })).toThrow(/burst/);
    expect(() => new TokenBucket({ perMinute: 10, burst: 11 })).toThrow(/burst/);
  });
});

describe('budgetShareFrom', () => {
  it("defaults to Genesys's 300/min per token for one worker", () => {
    expect(budgetShareFrom({})).toEqual({ perMinute: DEFAULT_BUDGET_PER_MINUTE, burst: 60 });
  });

  it('splits the budget by the declared worker count', () => {
    expect(budgetShareFrom({ HYBRID_WORKER_COUNT: '3' })).toEqual({ perMinute: 100, burst: 20 });
    expect(budgetShareFrom({ HYBRID_WORKER_COUNT: '4', HYBRID_GENESYS_REQUESTS_PER_MINUTE: '1000' })).toEqual(
      { perMinute: 250, burst: 50 },
    );
  });

  it('turns pacing off with a budget of 0', () => {
    expect(budgetShareFrom({ HYBRID_GENESYS_REQUESTS_PER_MINUTE: '0' })).toBeUndefined();
  });

  it('names the variable and the fix for bad values', () => {
    expect(() => budgetShareFrom({ HYBRID_WORKER_COUNT: '0' })).toThrow(/HYBRID_WORKER_COUNT.*at least 1/);
    expect(() => budgetShareFrom({ HYBRID_GENESYS_REQUESTS_PER_MINUTE: 'lots' })).toThrow(
      /HYBRID_GENESYS_REQUESTS_PER_MINUTE/,
    );
    expect(() =>
      budgetShareFrom({ HYBRID_GENESYS_REQUESTS_PER_MINUTE: '2', HYBRID_WORKER_COUNT: '3' }),
    ).toThrow(/raise the budget or run fewer workers/);
  });
});

describe('HttpTransport.beforeRequest', () => {
  it('is awaited before each request is sent', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const sent: string[] = [];
    agent
      .get('https://api.example.test')
      .intercept({ path: '/api/v2/x', method: 'GET' })
      .reply(() => {
        sent.push('sent');
        return { statusCode: 200, data: '{}' };
      });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transport = new HttpTransport({
      timeoutMs: 1_000,
      userAgent: 'test',
      dispatcher: agent,
      beforeRequest: () => gate,
    });
    const response = transport.send({
      origin: 'https://api.example.test',
      method: 'GET',
      path: '/api/v2/x',
      headers: {},
      operation: 'GET /api/v2/x',
      scrubber: new SecretScrubber(),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual([]);
    release();
    expect((await response).status).toBe(200);
    expect(sent).toEqual(['sent']);
    await agent.close();
  });
});

describe('busiestMinuteByClient (the bench check of the budget)', () => {
  it("counts each client's requests in the busiest sliding minute, by arrival time", () => {
    const at = (client: string, ms: number) => ({
      time: new Date(Date.UTC(2026, 0, 1) + ms + 50).toISOString(),
      method: 'GET',
      path: '/api/v2/x',
      status: 200,
      clientId: client,
      durationMs: 50,
      correlationId: `${client}-${ms}`,
    });
    // a: 3 in [50 s, 70 s) straddle two fixed minutes; b: 2 a minute apart never share a window.
    const log = [at('a', 0), at('a', 50_000), at('a', 55_000), at('a', 70_000), at('b', 0), at('b', 60_000)];
    expect(busiestMinuteByClient(log)).toEqual(
      new Map([
        ['a', 3],
        ['b', 1],
      ]),
    );
  });
});
