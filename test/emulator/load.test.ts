import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { withEmulator } from './sdk.js';

let emulator: RunningEmulator;
const dispatcher = new Agent({ connections: 20 });

beforeAll(async () => {
  emulator = await withEmulator({ rateLimitPerMinute: 1000 });
});
afterAll(async () => {
  await dispatcher.close();
  await emulator.close();
});

async function token(id: string, secret: string): Promise<string> {
  const res = await request(`${emulator.url}/oauth/token`, {
    method: 'POST',
    dispatcher,
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await res.body.json()) as { access_token: string }).access_token;
}

describe('load', () => {
  it('serves 2,000 mixed requests from 20 concurrent clients with no errors beyond the injected ones', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const org = emulator.control.createOrg({ thirdPartyOrgName: `load-${i}` });
        return token(org.adminClientId, org.adminClientSecret);
      }),
    );
    emulator.control.setFaults({ seed: 3, rules: [{ name: 'flaky', error: { rate: 0.05, status: 503 } }] });
    const statuses = new Map<number, number>();
    await Promise.all(
      tokens.map(async (bearer, w) => {
        for (let n = 0; n < 100; n++) {
          const write = n % 5 === 0;
          const res = await request(`${emulator.url}${write ? '/api/v2/users' : '/api/v2/oauth/clients'}`, {
            method: write ? 'POST' : 'GET',
            dispatcher,
            headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
            body: write
              ? JSON.stringify({ name: `u${w}-${n}`, email: `u${w}-${n}@load.example` })
              : undefined,
          });
          await res.body.dump();
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        }
      }),
    );
    const injected = emulator.control.requests().filter((r) => r.fault === 'error:503').length;
    expect([...statuses.keys()].sort()).toEqual([200, 503]);
    expect(statuses.get(503)).toBe(injected);
    expect((statuses.get(200) ?? 0) + injected).toBe(2000);
    // Every user write that was not refused by a fault landed exactly once.
    const users = [...Array(20).keys()].reduce(
      (sum, i) => sum + (emulator.control.orgState(`load-${i}`)?.users.length ?? 0),
      0,
    );
    const failedWrites = emulator.control
      .requests()
      .filter((r) => r.fault === 'error:503' && r.method === 'POST').length;
    expect(users).toBe(400 - failedWrites);
  });
});
