import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import {
  adminHolds,
  adminSession,
  apis,
  login,
  rejection,
  sdkClient,
  withEmulator,
  type SdkSession,
} from './sdk.js';

let clock = Date.parse('2026-01-01T00:00:00Z');
let emulator: RunningEmulator;
let admin: SdkSession;

beforeAll(async () => {
  emulator = await withEmulator({ now: () => clock });
  admin = await adminSession(emulator);
});
afterAll(() => emulator.close());

async function token(
  basic: string | undefined,
  form: string,
  contentType = 'application/x-www-form-urlencoded',
) {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (basic !== undefined) headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  const res = await request(`${emulator.url}/oauth/token`, { method: 'POST', headers, body: form });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

describe('setGateway', () => {
  it('routes both the login host and the API host of the SDK to the emulator', async () => {
    emulator.control.clearRequests();
    const session = await adminSession(emulator);
    await session.organization.getOrganizationsMe();
    const seen = emulator.control.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(seen).toEqual(['POST /oauth/token 200', 'GET /api/v2/organizations/me 200']);
  });
});

describe('token endpoint', () => {
  it('issues a bearer token whose expires_in is the client accessTokenValiditySeconds', async () => {
    const created = await admin.oauth.postOauthClients({
      name: 'short-lived',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      accessTokenValiditySeconds: 300,
    });
    const res = await token(`${created.id}:${created.secret}`, 'grant_type=client_credentials');
    expect(res).toEqual({
      status: 200,
      body: { access_token: expect.any(String), token_type: 'bearer', expires_in: 300 },
    });
  });

  it.each([
    ['no client authentication', undefined, 'grant_type=client_credentials', 401, 'invalid_client'],
    ['an unknown client', 'nobody:nothing', 'grant_type=client_credentials', 401, 'invalid_client'],
    ['no grant_type', 'ADMIN', '', 400, 'invalid_request'],
    ['an unsupported grant type', 'ADMIN', 'grant_type=password', 400, 'unsupported_grant_type'],
  ])('refuses %s with an OAuth error body', async (_label, basic, form, status, error) => {
    const creds = basic === 'ADMIN' ? `${emulator.adminClientId}:${emulator.adminClientSecret}` : basic;
    const res = await token(creds, form);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({
      error,
      description: expect.any(String),
      error_description: res.body.description,
    });
  });

  it('refuses client_credentials for a client of another grant type, and for an inactive client', async () => {
    const saml = await admin.oauth.postOauthClients({
      name: 'saml client',
      authorizedGrantType: 'SAML2-BEARER',
    });
    const wrongType = await token(`${saml.id}:${saml.secret}`, 'grant_type=client_credentials');
    expect(wrongType).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
    const cc = await admin.oauth.postOauthClients({
      name: 'sleeping',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      state: 'inactive',
    });
    const inactive = await token(`${cc.id}:${cc.secret}`, 'grant_type=client_credentials');
    expect(inactive).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(inactive.body.description).toContain('inactive');
  });
});

describe('bearer authentication', () => {
  it('answers 401 authentication.required without a token and bad.credentials for an unknown one', async () => {
    const none = await request(`${emulator.url}/api/v2/organizations/me`);
    expect(none.statusCode).toBe(401);
    expect(await none.body.json()).toMatchObject({
      status: 401,
      code: 'authentication.required',
      contextId: none.headers['inin-correlation-id'],
    });
    const client = sdkClient(emulator);
    client.setAccessToken('not-a-token');
    expect(await rejection(apis(client).organization.getOrganizationsMe())).toMatchObject({
      status: 401,
      code: 'bad.credentials',
    });
  });

  it('answers 401 credentials.expired once the token outlives accessTokenValiditySeconds', async () => {
    const created = await admin.oauth.postOauthClients({
      name: 'expiring',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      accessTokenValiditySeconds: 300,
    });
    const session = await login(emulator, created.id as string, created.secret as string);
    clock += 299_000;
    await expect(session.organization.getOrganizationsMe()).resolves.toBeDefined();
    clock += 2_000;
    expect(await rejection(session.organization.getOrganizationsMe())).toMatchObject({
      status: 401,
      code: 'credentials.expired',
    });
  });

  it('expires tokens when the clock is advanced over the control API', async () => {
    const session = await adminSession(emulator);
    const res = await request(`${emulator.url}/__emulator/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 86_401 }),
    });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    expect(await rejection(session.organization.getOrganizationsMe())).toMatchObject({
      code: 'credentials.expired',
    });
    admin = await adminSession(emulator);
    await expect(admin.organization.getOrganizationsMe()).resolves.toBeDefined();
  });

  it('scopes each client-credentials token to its own org', async () => {
    const other = emulator.control.createOrg({ thirdPartyOrgName: 'second-org' });
    const session = await login(emulator, other.adminClientId, other.adminClientSecret);
    expect((await session.organization.getOrganizationsMe()).thirdPartyOrgName).toBe('second-org');
    const ids = (await session.oauth.getOauthClients()).entities?.map((c) => c.id);
    expect(ids).toEqual([other.adminClientId]);
    expect(await rejection(session.oauth.getOauthClient(emulator.adminClientId))).toMatchObject({
      status: 404,
    });
  });
});

describe('permission checks', () => {
  it('answers 403 naming the missing permission for a client whose roles lack it', async () => {
    const roles = await admin.authorization.getAuthorizationRoles({ name: 'AI Agent' });
    const aiAgent = roles.entities?.[0]?.id as string;
    await adminHolds(emulator, admin, [aiAgent]);
    const created = await admin.oauth.postOauthClients({
      name: 'journey reader',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: aiAgent, divisionId: '*' }],
    });
    const session = await login(emulator, created.id as string, created.secret as string);
    const listClients = await rejection(session.oauth.getOauthClients());
    expect(listClients).toMatchObject({ status: 403, code: 'missing.any.permissions' });
    expect(listClients.message).toContain('oauth:client:view');
    const idp = await rejection(session.idp.putIdentityprovidersPureengage({ name: 'x' }));
    expect(idp.message).toContain('sso:provider:add, sso:provider:edit');
    const bulk = await rejection(
      session.authorization.postAuthorizationSubjectBulkadd(created.id as string, { grants: [] }),
    );
    expect(bulk).toMatchObject({ status: 403, code: 'missing.permissions' });
    expect(bulk.message).toContain('authorization:grant:add');
    // Reads that need no permission still work.
    await expect(session.organization.getOrganizationsMe()).resolves.toBeDefined();
  });

  it('evaluates wildcards in policies and applies role changes to live tokens', async () => {
    const role = await admin.authorization.postAuthorizationRoles({
      name: 'oauth reader',
      permissionPolicies: [{ domain: 'oauth', entityName: '*', actionSet: ['view'] }],
    });
    await adminHolds(emulator, admin, [role.id as string]);
    const created = await admin.oauth.postOauthClients({
      name: 'wildcard',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: role.id as string, divisionId: '*' }],
    });
    const session = await login(emulator, created.id as string, created.secret as string);
    await expect(session.oauth.getOauthClients()).resolves.toBeDefined();
    expect(
      await rejection(
        session.oauth.postOauthClients({ name: 'n', authorizedGrantType: 'CLIENT-CREDENTIALS' }),
      ),
    ).toMatchObject({
      status: 403,
    });
    await admin.authorization.putAuthorizationRole(role.id as string, {
      name: 'oauth reader',
      permissionPolicies: [{ domain: 'oauth', entityName: 'client', actionSet: ['*'] }],
    });
    await expect(
      session.oauth.postOauthClients({ name: 'n', authorizedGrantType: 'CLIENT-CREDENTIALS' }),
    ).resolves.toBeDefined();
  });
});
