// The Genesys client's transient retry (purecloud/http.ts, TRANSIENT_READ_RETRY on purecloud/bounded-retry.ts):
// idempotent requests get a few quick tries on 5xx, network errors and 429 (after Retry-After); writes never do.
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { retryBounded, type RetryClock } from '../../../purecloud/bounded-retry.js';
import {
  HttpTransport,
  TRANSIENT_READ_RETRY,
  type HttpMethod,
  type HttpResponse,
} from '../../../purecloud/http.js';
import { SecretScrubber } from '../../../purecloud/redact.js';

const ORIGIN = 'https://api.mypurecloud.com';
const PATH = '/api/v2/things';

/** A clock that never waits: sleeping moves time forward, so windows are checked exactly. */
function fakeClock(): RetryClock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    random: () => 0.5,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

const agents: MockAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
});

type Answer = { status: number; headers?: Record<string, string> } | 'reset';

function transportAnswering(answers: Answer[], clock: RetryClock) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const pool = agent.get(ORIGIN);
  let tries = 0;
  for (const answer of answers) {
    const intercept = pool.intercept({ path: PATH, method: () => true });
    if (answer === 'reset') {
      intercept.replyWithError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    } else {
      intercept.reply(() => {
        tries += 1;
        return { statusCode: answer.status, data: '{}', responseOptions: { headers: answer.headers ?? {} } };
      });
    }
  }
  const transport = new HttpTransport({
    timeoutMs: 5_000,
    userAgent: 'test',
    dispatcher: agent,
    retryClock: clock,
  });
  const send = (method: HttpMethod, readOnly?: boolean): Promise<HttpResponse> =>
    transport.send({
      origin: ORIGIN,
      method,
      path: PATH,
      headers: {},
      operation: `${method} ${PATH}`,
      scrubber: new SecretScrubber(),
      readOnly,
    });
  return { send, tries: () => tries };
}

describe('transient retry of idempotent requests', () => {
  it('retries a GET through 503s and a reset connection, with jittered backoff, until it succeeds', async () => {
    const clock = fakeClock();
    const { send, tries } = transportAnswering([{ status: 503 }, 'reset', { status: 200 }], clock);
    await expect(send('GET')).resolves.toMatchObject({ status: 200 });
    expect(tries()).toBe(2); // plus the reset, which the mock does not count
    // Full jitter at random() = 0.5: half of 250 ms, then half of 500 ms.
    expect(clock.slept).toEqual([125, 250]);
  });

  it('gives up after maxTries and returns the last transient response', async () => {
    const clock = fakeClock();
    const answers = Array.from({ length: 6 }, () => ({ status: 504 }));
    const { send, tries } = transportAnswering(answers, clock);
    await expect(send('GET')).resolves.toMatchObject({ status: 504 });
    expect(tries()).toBe(TRANSIENT_READ_RETRY.maxTries);
  });

  it('never re-sends a write: a POST or DELETE answered 503 is tried once', async () => {
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const { send, tries } = transportAnswering([{ status: 503 }, { status: 200 }], fakeClock());
      await expect(send(method)).resolves.toMatchObject({ status: 503 });
      expect(tries()).toBe(1);
    }
  });

  it('retries a POST that says it only reads (a search)', async () => {
    const { send, tries } = transportAnswering([{ status: 502 }, { status: 200 }], fakeClock());
    await expect(send('POST', true)).resolves.toMatchObject({ status: 200 });
    expect(tries()).toBe(2);
  });

  it('does not retry what trying again cannot fix (404, 409, 400, 401)', async () => {
    for (const status of [404, 409, 400, 401]) {
      const { send, tries } = transportAnswering([{ status }, { status: 200 }], fakeClock());
      await expect(send('GET')).resolves.toMatchObject({ status });
      expect(tries()).toBe(1);
    }
  });

  it("waits a 429's Retry-After (plus a little jitter) when it fits in the window", async () => {
    const clock = fakeClock();
    const { send, tries } = transportAnswering(
      [{ status: 429, headers: { 'retry-after': '3' } }, { status: 200 }],
      clock,
    );
    await expect(send('GET')).resolves.toMatchObject({ status: 200 });
    expect(tries()).toBe(2);
    expect(clock.slept).toEqual([3_000 + 125]);
  });

  it('leaves a Retry-After longer than the window to the activity retry (no wait here)', async () => {
    const clock = fakeClock();
    const { send, tries } = transportAnswering(
      [{ status: 429, headers: { 'retry-after': '45' } }, { status: 200 }],
      clock,
    );
    await expect(send('GET')).resolves.toMatchObject({ status: 429 });
    expect(tries()).toBe(1);
    expect(clock.slept).toEqual([]);
  });
});

describe('retryBounded', () => {
  it('starts no try later than withinMs after the first, however many tries are left', async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = retryBounded(
      async () => {
        calls += 1;
        throw new Error(`try ${calls}`);
      },
      () => ({ retry: true, afterMs: 4_000 }),
      { maxTries: 10, withinMs: 10_000, baseDelayMs: 100, maxDelayMs: 1_000 },
      clock,
    );
    await expect(result).rejects.toThrow('try 3');
    expect(clock.slept).toEqual([4_000, 4_000]);
  });

  it('returns the first outcome the judge does not want retried, value or error, as it was', async () => {
    const err = new Error('fatal');
    await expect(
      retryBounded(
        async () => Promise.reject(err),
        () => ({ retry: false }),
        TRANSIENT_READ_RETRY,
        fakeClock(),
      ),
    ).rejects.toBe(err);
    await expect(
      retryBounded(
        async () => 7,
        () => ({ retry: false }),
        TRANSIENT_READ_RETRY,
        fakeClock(),
      ),
    ).resolves.toBe(7);
  });
});
