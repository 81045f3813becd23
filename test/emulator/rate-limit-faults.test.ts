import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { adminSession, rejection, withEmulator, type SdkSession } from './sdk.js';

const clock = Date.parse('2026-01-01T00:00:00Z');
let emulator: RunningEmulator;
let admin: SdkSession;

beforeAll(async () => {
  emulator = await withEmulator({ now: () => clock, rateLimitPerMinute: 1000 });
  admin = await adminSession(emulator);
});
afterEach(() => emulator.control.clearFaults());
afterAll(() => emulator.close());

async function getMe(bearer: string) {
  const res = await request(`${emulator.url}/api/v2/organizations/me`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  return {
    status: res.statusCode,
    headers: res.headers,
    body: (await res.body.json()) as Record<string, unknown>,
  };
}

async function freshToken(em: RunningEmulator): Promise<string> {
  const res = await request(`${em.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${em.adminClientId}:${em.adminClientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await res.body.json()) as { access_token: string }).access_token;
}

describe('rate limiting per token', () => {
  it('answers 429 too.many.requests.retry.after with Retry-After once a token exceeds its per-minute limit', async () => {
    let t = Date.parse('2026-02-01T00:00:00Z');
    const limited = await withEmulator({ now: () => t, rateLimitPerMinute: 5 });
    try {
      const a = await freshToken(limited);
      const b = await freshToken(limited);
      for (let i = 0; i < 5; i++) expect((await getMeOn(limited, a)).status).toBe(200);
      t += 20_000;
      const refused = await getMeOn(limited, a);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('40');
      expect(refused.body).toEqual({
        message: 'Rate limit exceeded the maximum. Retry the request in [40] seconds',
        code: 'too.many.requests.retry.after',
        status: 429,
        contextId: refused.headers['inin-correlation-id'],
        details: [],
        errors: [],
      });
      expect(Object.keys(refused.headers).filter((h) => h.startsWith('inin-ratelimit'))).toEqual([]);
      expect((await getMeOn(limited, b)).status).toBe(200);
      t += 40_000;
      expect((await getMeOn(limited, a)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

async function getMeOn(em: RunningEmulator, bearer: string) {
  const res = await request(`${em.url}/api/v2/organizations/me`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  return {
    status: res.statusCode,
    headers: res.headers,
    body: (await res.body.json()) as Record<string, unknown>,
  };
}

describe('fault injection', () => {
  it('reproduces the same 5xx sequence for the same seed', async () => {
    const bearer = await freshToken(emulator);
    const run = async () => {
      emulator.control.setFaults({ seed: 42, rules: [{ error: { rate: 0.3, status: 503 } }] });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await getMe(bearer)).status);
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(first.filter((s) => s === 503).length).toBeGreaterThan(3);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(20);
  });

  it('fails exactly one scoped step (times: 1) with the Genesys 5xx body, leaving other requests alone', async () => {
    emulator.control.setFaults({
      rules: [{ match: { method: 'POST', path: '/api/v2/oauth/clients' }, times: 1, error: { status: 500 } }],
    });
    await expect(admin.oauth.getOauthClients()).resolves.toBeDefined();
    const err = await rejection(
      admin.oauth.postOauthClients({ name: 'once', authorizedGrantType: 'CLIENT-CREDENTIALS' }),
    );
    expect(err).toMatchObject({ status: 500, code: 'internal.server.error', contextId: expect.any(String) });
    await expect(
      admin.oauth.postOauthClients({ name: 'twice', authorizedGrantType: 'CLIENT-CREDENTIALS' }),
    ).resolves.toBeDefined();
    const names = (await admin.oauth.getOauthClients()).entities?.map((c) => c.name);
    expect(names).toContain('twice');
    expect(names).not.toContain('once');
  });

  it('injects a 429 burst for the next N requests', async () => {
    const bearer = await freshToken(emulator);
    emulator.control.setFaults({ rules: [{ times: 2, rateLimit: { retryAfterSeconds: 3 } }] });
    const a = await getMe(bearer);
    const b = await getMe(bearer);
    const c = await getMe(bearer);
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(a.headers['retry-after']).toBe('3');
    expect(a.body.message).toBe('Rate limit exceeded the maximum. Retry the request in [3] seconds');
  });

  it('commits the write and then answers 504 when the response is lost', async () => {
    emulator.control.setFaults({
      rules: [{ match: { method: 'POST', path: '/api/v2/users' }, times: 1, loseResponse: { status: 504 } }],
    });
    const err = await rejection(
      admin.users.postUsers({
        name: 'Lost',
        email: 'lost@example.com',
        divisionId: emulator.defaultOrg.homeDivisionId,
      }),
    );
    expect(err).toMatchObject({ status: 504, code: 'request.timeout' });
    const found = await admin.search.postUsersSearch({
      query: [{ type: 'EXACT', fields: ['email'], value: 'lost@example.com' }],
    });
    expect(found.total).toBe(1);
  });

  it('commits the write and then destroys the connection in drop mode', async () => {
    emulator.control.setFaults({
      rules: [
        {
          match: { method: 'POST', path: '/api/v2/oauth/clients' },
          times: 1,
          loseResponse: { mode: 'drop' },
        },
      ],
    });
    const err = await rejection(
      admin.oauth.postOauthClients({ name: 'dropped', authorizedGrantType: 'CLIENT-CREDENTIALS' }),
    );
    expect(String((err as { code?: string }).code ?? err.message)).toMatch(/ECONNRESET|socket hang up/);
    const names = (await admin.oauth.getOauthClients()).entities?.map((c) => c.name);
    expect(names).toContain('dropped');
    expect(emulator.control.requests().some((r) => r.fault === 'loseResponse:drop')).toBe(true);
  });

  it('adds fixed latency', async () => {
    const bearer = await freshToken(emulator);
    emulator.control.setFaults({ rules: [{ latency: { fixedMs: 120 } }] });
    const started = performance.now();
    expect((await getMe(bearer)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('leaves the token endpoint alone unless a rule names it', async () => {
    emulator.control.setFaults({ rules: [{ error: { status: 503 } }] });
    await expect(adminSession(emulator)).resolves.toBeDefined();
    emulator.control.setFaults({ rules: [{ match: { path: '/oauth/token' }, error: { status: 503 } }] });
    const err = await rejection(adminSession(emulator));
    expect((err as { response?: { status: number } }).response?.status).toBe(503);
  });

  it('is configurable over the control API, which refuses a bad rule with 400 naming the field', async () => {
    const put = await request(`${emulator.url}/__emulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ error: { status: 502 } }] }),
    });
    expect(put.statusCode).toBe(400);
    const body = (await put.body.json()) as { message: string; details: { fieldName: string }[] };
    expect(body.details[0]?.fieldName).toBe('rules.0.error.status');
    const ok = await request(`${emulator.url}/__emulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 7, rules: [{ name: 'slow', latency: { fixedMs: 1 } }] }),
    });
    expect(ok.statusCode).toBe(200);
    const got = await request(`${emulator.url}/__emulator/faults`);
    expect(await got.body.json()).toMatchObject({
      seed: 7,
      rules: [{ name: 'slow' }],
      counters: [{ name: 'slow', matched: 0 }],
    });
    const del = await request(`${emulator.url}/__emulator/faults`, { method: 'DELETE' });
    expect(del.statusCode).toBe(204);
    await del.body.dump();
  });
});
