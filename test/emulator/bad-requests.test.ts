import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { withEmulator } from './sdk.js';

let emulator: RunningEmulator;
let bearer: string;

beforeAll(async () => {
  emulator = await withEmulator();
  const res = await request(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${emulator.adminClientId}:${emulator.adminClientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  bearer = ((await res.body.json()) as { access_token: string }).access_token;
});
afterAll(() => emulator.close());

async function call(method: string, path: string, body?: string, contentType = 'application/json') {
  const res = await request(`${emulator.url}${path}`, {
    method: method as 'GET',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': contentType },
    body,
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> };
}

describe('bad requests get Genesys error bodies', () => {
  it('answers malformed JSON with 400 bad.request', async () => {
    const res = await call('POST', '/api/v2/oauth/clients', '{"name": ');
    expect(res).toMatchObject({ status: 400, body: { code: 'bad.request', status: 400 } });
    expect(res.body.contextId).toBe(res.headers['inin-correlation-id']);
  });

  it('answers a wrong Content-Type with 415 unsupported.media.type', async () => {
    const res = await call('POST', '/api/v2/oauth/clients', 'name=x', 'text/plain');
    expect(res).toMatchObject({ status: 415, body: { code: 'unsupported.media.type' } });
    expect(res.body.message).toContain('application/json');
  });

  it('answers unknown routes with 404 not.found in the same shape', async () => {
    const res = await call('GET', '/api/v2/nothing/here');
    expect(res).toMatchObject({
      status: 404,
      body: { code: 'not.found', status: 404, details: [], errors: [] },
    });
    expect(res.body.message).toContain('/api/v2/nothing/here');
  });

  it('answers a JSON array where an object is expected with 400, and a missing body with 400', async () => {
    expect((await call('POST', '/api/v2/oauth/clients', '[1,2]')).status).toBe(400);
    const empty = await call('POST', '/api/v2/users', '');
    expect(empty).toMatchObject({ status: 400, body: { code: 'bad.request' } });
  });

  it('answers wrong field types with 400 naming the field', async () => {
    const res = await call(
      'POST',
      '/api/v2/authorization/roles',
      JSON.stringify({ name: 'r', permissionPolicies: [{ domain: 'oauth' }] }),
    );
    expect(res.status).toBe(400);
    expect((res.body.details as { fieldName: string }[])[0]?.fieldName).toBe(
      'permissionPolicies[0].entityName',
    );
  });

  it('answers invalid paging parameters with 400 invalid.query.param.value', async () => {
    const res = await call('GET', '/api/v2/authorization/roles?pageSize=0');
    expect(res).toMatchObject({ status: 400, body: { code: 'invalid.query.param.value' } });
  });

  it('answers a malformed path escape with 400 instead of crashing', async () => {
    const res = await call('GET', '/api/v2/oauth/clients/%E0%A4%A');
    expect(res).toMatchObject({ status: 400, body: { code: 'bad.request' } });
  });

  it('sends ININ-Correlation-Id on every response, success included', async () => {
    const res = await call('GET', '/api/v2/organizations/me');
    expect(res.status).toBe(200);
    expect(res.headers['inin-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
