/**
 * The token endpoint only ever answers failures in the OAuth shape `{error, description, error_description}`,
 * also when the refusal comes from code it shares with `/api/v2` (user validation during SAML
 * auto-provisioning, body limits, routing, injected faults).
 */
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { buildSignedSamlResponse } from '../../saml/build-response.js';
import { createTestSigningIdentity } from '../unit/saml-test-identity.js';
import { adminSession, withEmulator, type SdkSession } from './sdk.js';

const SAML2_BEARER = 'urn:ietf:params:oauth:grant-type:saml2-bearer';
const ISSUER = 'https://gws.example.com/saml/token-oauth-errors';
const idp = createTestSigningIdentity('token-oauth-errors-idp');

let emulator: RunningEmulator;
let admin: SdkSession;
let samlClient: { id: string; secret: string };

beforeAll(async () => {
  emulator = await withEmulator();
  admin = await adminSession(emulator);
  await admin.idp.putIdentityprovidersPureengage({
    name: 'PureEngage',
    issuerURI: ISSUER,
    certificates: [idp.certificateBody],
    autoProvisionUsers: true,
  });
  const created = await admin.oauth.postOauthClients({ name: 'gws', authorizedGrantType: 'SAML2-BEARER' });
  samlClient = { id: created.id as string, secret: created.secret as string };
});
afterEach(() => emulator.control.clearFaults());
afterAll(() => emulator.close());

const basic = (c: { id: string; secret: string }) =>
  `Basic ${Buffer.from(`${c.id}:${c.secret}`).toString('base64')}`;

async function tokenCall(
  init: { method?: string; body?: string; contentType?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Record<string, unknown> }> {
  const res = await request(`${emulator.url}/oauth/token`, {
    method: (init.method ?? 'POST') as 'POST',
    headers: {
      authorization: basic({ id: emulator.adminClientId, secret: emulator.adminClientSecret }),
      'content-type': init.contentType ?? 'application/x-www-form-urlencoded',
    },
    body: init.body ?? (init.method === 'GET' ? undefined : 'grant_type=client_credentials'),
  });
  return {
    status: res.statusCode,
    headers: res.headers,
    body: (await res.body.json()) as Record<string, unknown>,
  };
}

function expectOAuthBody(body: Record<string, unknown>, error: string): void {
  expect(Object.keys(body).sort()).toEqual(['description', 'error', 'error_description']);
  expect(body.error).toBe(error);
  expect(body.error_description).toBe(body.description);
}

describe('SAML auto-provisioning refusals', () => {
  it('refuses an asserted email the user directory rejects with invalid_grant, creating nobody', async () => {
    const assertion = buildSignedSamlResponse({
      issuer: ISSUER,
      subjectEmail: 'agent@localhost',
      orgName: emulator.defaultOrg.thirdPartyOrgName,
      privateKeyPem: idp.privateKeyPem,
      certificatePem: idp.certificatePem,
    }).base64;
    const res = await request(`${emulator.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic(samlClient), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: SAML2_BEARER,
        orgName: emulator.defaultOrg.thirdPartyOrgName,
        assertion,
      }).toString(),
    });
    const body = (await res.body.json()) as Record<string, unknown>;

    expect(res.statusCode).toBe(400);
    expectOAuthBody(body, 'invalid_grant');
    expect(body.description).toMatch(
      /agent@localhost cannot be auto-provisioned: email must be an email address/,
    );
    const users = emulator.control.orgState(emulator.defaultOrg.id)!.users;
    expect(users.map((u) => u.email)).not.toContain('agent@localhost');
  });
});

describe('refusals raised outside the grant handlers', () => {
  it('answers an unknown method with 404 invalid_request', async () => {
    const { status, body } = await tokenCall({ method: 'GET' });
    expect(status).toBe(404);
    expectOAuthBody(body, 'invalid_request');
  });

  it('answers a body over 1 MiB with 413 invalid_request', async () => {
    const { status, body } = await tokenCall({
      body: `grant_type=client_credentials&x=${'a'.repeat(1_100_000)}`,
    });
    expect(status).toBe(413);
    expectOAuthBody(body, 'invalid_request');
  });

  it('answers a JSON body with 415 invalid_request', async () => {
    const { status, body } = await tokenCall({ body: '{}', contentType: 'application/json' });
    expect(status).toBe(415);
    expectOAuthBody(body, 'invalid_request');
  });

  it('answers an injected 503 with temporarily_unavailable and an injected 500 with server_error', async () => {
    emulator.control.setFaults({
      rules: [{ match: { path: '/oauth/token' }, times: 1, error: { status: 503 } }],
    });
    const unavailable = await tokenCall();
    expect(unavailable.status).toBe(503);
    expectOAuthBody(unavailable.body, 'temporarily_unavailable');

    emulator.control.setFaults({
      rules: [{ match: { path: '/oauth/token' }, times: 1, error: { status: 500 } }],
    });
    const failed = await tokenCall();
    expect(failed.status).toBe(500);
    expectOAuthBody(failed.body, 'server_error');
  });

  it('answers an injected 429 with temporarily_unavailable and keeps Retry-After', async () => {
    emulator.control.setFaults({
      rules: [{ match: { path: '/oauth/token' }, times: 1, rateLimit: { retryAfterSeconds: 7 } }],
    });
    const { status, headers, body } = await tokenCall();
    expect(status).toBe(429);
    expect(headers['retry-after']).toBe('7');
    expectOAuthBody(body, 'temporarily_unavailable');
  });

  it('still answers the Platform API shape on /api/v2', async () => {
    const res = await request(`${emulator.url}/api/v2/organizations/me`);
    const body = (await res.body.json()) as Record<string, unknown>;
    expect(res.statusCode).toBe(401);
    expect(body).toMatchObject({ code: 'authentication.required', status: 401 });
  });
});
