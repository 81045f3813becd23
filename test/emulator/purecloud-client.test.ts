/**
 * The purecloud/ client against a real emulator on a free port: every resource, the token cache, and the
 * error mapping for the failures the emulator can produce (bad credentials, 4xx, injected 5xx/429, lost
 * responses, expired tokens).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/server.js';
import {
  createGenesysClient,
  GenesysApiError,
  GenesysAuthError,
  GenesysNetworkError,
  type GenesysClient,
} from '../../purecloud/index.js';
import { TRANSIENT_READ_RETRY } from '../../purecloud/http.js';
import { buildSignedSamlResponse } from '../../saml/build-response.js';
import { createTestSigningIdentity } from '../unit/saml-test-identity.js';

const BULK_ROLES = 120; // more than one page of 100
let emulator: RunningEmulator;
let client: GenesysClient;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    seed: {
      orgs: [
        {
          default: true,
          roles: [
            { name: 'AI Agent Supervisor' },
            ...Array.from({ length: BULK_ROLES }, (_, i) => ({
              name: `Bulk role ${String(i + 1).padStart(3, '0')}`,
            })),
          ],
        },
      ],
    },
  });
  client = connect(emulator.adminClientId, emulator.adminClientSecret);
});

afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

function connect(clientId: string, clientSecret: string): GenesysClient {
  return createGenesysClient({ environment: emulator.url, clientId, clientSecret, timeoutMs: 5_000 });
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

async function adminRoleId(): Promise<string> {
  const listing = await client.roles.list({ defaultRoleId: ['admin'] });
  const id = listing.entities?.[0]?.id;
  if (!id) throw new Error('the emulator has no admin role');
  return id;
}

describe('connection', () => {
  it('uses the emulator origin for both api and login', () => {
    expect(client.apiBaseUrl).toBe(emulator.url);
    expect(client.loginBaseUrl).toBe(emulator.url);
  });

  it('reads the organization and its home division with one token', async () => {
    emulator.control.clearRequests();
    const org = await client.organization.me();
    const home = await client.authorization.homeDivision();
    expect(org).toMatchObject({
      id: emulator.defaultOrg.id,
      thirdPartyOrgName: emulator.defaultOrg.thirdPartyOrgName,
    });
    expect(home).toMatchObject({ id: emulator.defaultOrg.homeDivisionId, homeDivision: true });
    expect(emulator.control.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /oauth/token',
      'GET /api/v2/organizations/me',
      'GET /api/v2/authorization/divisions/home',
    ]);
  });

  it('refuses bad credentials with GenesysAuthError invalid_client', async () => {
    const wrong = connect(emulator.adminClientId, 'not-the-secret-at-all');
    const error = await rejectionOf(wrong.organization.me());
    await wrong.close();
    expect(error).toBeInstanceOf(GenesysAuthError);
    expect(error).toMatchObject({ status: 401, kind: 'unauthorized', code: 'invalid_client' });
    expect(String((error as Error).message)).not.toContain('not-the-secret-at-all');
  });
});

describe('roles and permissions', () => {
  it('listAll walks past the first page of 100', async () => {
    const roles = await client.roles.listAll();
    expect(roles.filter((r) => r.name.startsWith('Bulk role '))).toHaveLength(BULK_ROLES);
    expect(new Set(roles.map((r) => r.id)).size).toBe(roles.length);
  });

  it('filters by repeated defaultRoleId parameters', async () => {
    const listing = await client.roles.list({ defaultRoleId: ['admin', 'employee'] });
    expect(listing.entities?.map((r) => r.defaultRoleId).sort()).toEqual(['admin', 'employee']);
  });

  it('findByName returns the exact match although the name search also finds "AI Agent Supervisor"', async () => {
    const partial = await client.roles.listAll({ name: 'AI Agent' });
    expect(partial.map((r) => r.name).sort()).toEqual(['AI Agent', 'AI Agent Supervisor']);
    await expect(client.roles.findByName('AI Agent')).resolves.toMatchObject({
      name: 'AI Agent',
      defaultRoleId: 'aiAgent',
    });
    await expect(client.roles.findByName('ai agent')).resolves.toBeNull();
  });

  it('gets and updates a role (full replacement of its policies)', async () => {
    const role = await client.roles.findByName('Bulk role 001');
    expect(role).not.toBeNull();
    const updated = await client.roles.update(role!.id, {
      name: role!.name,
      description: 'changed by the client test',
      permissionPolicies: [{ domain: 'sso', entityName: 'provider', actionSet: ['view'] }],
    });
    expect(updated.permissionPolicies).toEqual([
      expect.objectContaining({ domain: 'sso', entityName: 'provider', actionSet: ['view'] }),
    ]);
    await expect(client.roles.get(role!.id)).resolves.toMatchObject({
      description: 'changed by the client test',
    });
    await expect(client.roles.get('no-such-role')).resolves.toBeNull();
  });

  it('rejects an unknown permission with a bad-request error naming it', async () => {
    const role = await client.roles.findByName('Bulk role 002');
    const error = await rejectionOf(
      client.roles.update(role!.id, {
        name: role!.name,
        permissionPolicies: [{ domain: 'sso', entityName: 'provider', actionSet: ['fly'] }],
      }),
    );
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ kind: 'bad-request', code: 'invalid.value' });
    expect((error as GenesysApiError).message).toContain('sso:provider:fly');
  });

  it('lists the permission catalogue', async () => {
    const domains = (await client.permissions.listAll()).map((p) => p.domain);
    expect(domains).toEqual(expect.arrayContaining(['oauth', 'sso', 'journey']));
  });
});

describe('OAuth clients', () => {
  it('creates, reads, updates, rotates and deletes a client-credentials client', async () => {
    const roleId = await adminRoleId();
    const created = await client.oauthClients.create({
      name: 'purecloud-client test',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      accessTokenValiditySeconds: 3600,
      roleDivisions: [{ roleId, divisionId: emulator.defaultOrg.homeDivisionId }],
    });
    expect(created.secret).toBeTruthy();
    expect(created.state).toBe('active');

    // The new client's own credentials work through a second GenesysClient.
    const asNewClient = connect(created.id, created.secret!);
    await expect(asNewClient.organization.me()).resolves.toMatchObject({ id: emulator.defaultOrg.id });
    await asNewClient.close();

    expect((await client.oauthClients.list()).map((c) => c.id)).toContain(created.id);
    await expect(client.oauthClients.get(created.id)).resolves.toMatchObject({
      name: 'purecloud-client test',
    });

    const updated = await client.oauthClients.update(created.id, {
      name: 'purecloud-client test (renamed)',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId, divisionId: '*' }],
      description: 'renamed',
    });
    expect(updated).toMatchObject({ name: 'purecloud-client test (renamed)', description: 'renamed' });

    const rotated = await client.oauthClients.regenerateSecret(created.id);
    expect(rotated.secret).toBeTruthy();
    expect(rotated.secret).not.toBe(created.secret);

    await client.oauthClients.delete(created.id); // active: read, PUT inactive, DELETE
    await expect(client.oauthClients.get(created.id)).resolves.toBeNull();
    await expect(client.oauthClients.delete(created.id)).resolves.toBeUndefined(); // already gone
  });

  it('reports an invalid request as bad-request naming the field', async () => {
    const error = await rejectionOf(
      client.oauthClients.create({
        name: 'bad',
        authorizedGrantType: 'CLIENT-CREDENTIALS',
        scope: ['admin'],
      }),
    );
    expect(error).toMatchObject({ kind: 'bad-request', status: 400 });
    expect((error as GenesysApiError).details).toEqual([expect.objectContaining({ fieldName: 'scope' })]);
  });
});

describe('users and grants', () => {
  const email = 'purecloud.client.test@example.com';

  it('creates, finds, grants, reads roles, sets roles and soft-deletes a user', async () => {
    const employee = (await client.roles.list({ defaultRoleId: ['employee'] })).entities?.[0];
    const aiAgent = await client.roles.findByName('AI Agent');
    const user = await client.users.create({
      name: 'Client Test',
      email,
      divisionId: emulator.defaultOrg.homeDivisionId,
    });
    expect(user).toMatchObject({ email, state: 'inactive' });

    await expect(client.users.findByEmail(email.toUpperCase())).resolves.toMatchObject({ id: user.id });
    await expect(client.users.get(user.id)).resolves.toMatchObject({ id: user.id });

    await client.authorization.bulkAddGrants(user.id, [
      { roleId: employee!.id!, divisionId: emulator.defaultOrg.homeDivisionId },
    ]);
    expect((await client.users.getRoles(user.id)).roles?.map((r) => r.id)).toEqual([employee!.id]);

    const set = await client.users.setRoles(user.id, [employee!.id!, aiAgent!.id]);
    expect(set.roles?.map((r) => r.id).sort()).toEqual([employee!.id, aiAgent!.id].sort());

    await client.users.delete(user.id);
    await expect(client.users.get(user.id)).resolves.toBeNull();
    await expect(client.users.findByEmail(email)).resolves.toBeNull();
    await expect(client.users.findByEmail(email, { deleted: true })).resolves.toMatchObject({
      id: user.id,
      state: 'deleted',
    });
    await expect(client.users.delete(user.id)).resolves.toBeUndefined(); // 404 user.not.found.on.delete = gone

    const duplicate = await rejectionOf(
      client.users.create({ name: 'Again', email, divisionId: emulator.defaultOrg.homeDivisionId }),
    );
    expect(duplicate).toMatchObject({ kind: 'conflict', code: 'general.conflict' });
  });

  it('grants roles to an OAuth client subject', async () => {
    const roleId = await adminRoleId();
    const created = await client.oauthClients.create({
      name: 'grant target',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
    });
    await client.authorization.bulkAddGrants(created.id, [{ roleId, divisionId: '*' }], 'PC_OAUTH_CLIENT');
    await expect(client.oauthClients.get(created.id)).resolves.toMatchObject({
      roleDivisions: expect.arrayContaining([{ roleId, divisionId: '*' }]),
    });
    await client.oauthClients.delete(created.id);
  });
});

describe('PureEngage identity provider and the SAML2 bearer grant', () => {
  const idp = createTestSigningIdentity('purecloud-client-test-idp');
  const issuer = 'https://gws.example.com/saml/purecloud-client-test';

  it('puts, reads, lists and deletes the PureEngage provider', async () => {
    const ref = await client.identityProviders.putPureEngage({
      name: 'PureEngage',
      issuerURI: issuer,
      ssoTargetURI: 'https://gws.example.com/sso',
      certificates: [idp.certificatePem],
      autoProvisionUsers: true,
      disabled: false,
    });
    expect(ref).toMatchObject({ id: expect.any(String), name: 'PureEngage', disabled: false });
    // The emulator keeps certificates as bare base64 DER bodies (reference §8).
    await expect(client.identityProviders.getPureEngage()).resolves.toMatchObject({
      issuerURI: issuer,
      certificates: [idp.certificateBody],
    });
    expect((await client.identityProviders.list()).map((p) => p.id)).toEqual([ref.id]);

    await client.identityProviders.deletePureEngage();
    await expect(client.identityProviders.getPureEngage()).resolves.toBeNull();
    await expect(client.identityProviders.deletePureEngage()).resolves.toBeUndefined();
  });

  it('exchanges a signed SAML response for a user token, and reports a forged one as invalid_grant', async () => {
    await client.identityProviders.putPureEngage({
      issuerURI: issuer,
      certificates: [idp.certificateBody],
      autoProvisionUsers: true,
    });
    const samlClient = await client.oauthClients.create({
      name: 'saml bearer',
      authorizedGrantType: 'SAML2-BEARER',
    });
    const orgName = emulator.defaultOrg.thirdPartyOrgName;
    const response = buildSignedSamlResponse({
      issuer,
      subjectEmail: 'saml.agent@example.com',
      orgName,
      privateKeyPem: idp.privateKeyPem,
      certificatePem: idp.certificatePem,
    });

    const issued = await client.token.exchangeSaml2Bearer({
      clientId: samlClient.id,
      clientSecret: samlClient.secret!,
      orgName,
      assertionBase64: response.base64,
    });
    expect(issued.accessToken).toBeTruthy();
    expect(issued.expiresIn).toBeGreaterThan(0);

    const forger = createTestSigningIdentity('forger');
    const forged = buildSignedSamlResponse({
      issuer,
      subjectEmail: 'saml.agent@example.com',
      orgName,
      privateKeyPem: forger.privateKeyPem,
      certificatePem: forger.certificatePem,
    });
    const error = await rejectionOf(
      client.token.exchangeSaml2Bearer({
        clientId: samlClient.id,
        clientSecret: samlClient.secret!,
        orgName,
        assertionBase64: forged.base64,
      }),
    );
    expect(error).toBeInstanceOf(GenesysAuthError);
    expect(error).toMatchObject({ code: 'invalid_grant', operation: 'POST /oauth/token (saml2-bearer)' });
    expect(JSON.stringify(error)).not.toContain(samlClient.secret!);

    await client.oauthClients.delete(samlClient.id);
    await client.identityProviders.deletePureEngage();
  });
});

describe('failures the emulator injects', () => {
  it('maps an injected 503 to kind server and a 429 to rate-limited with Retry-After', async () => {
    // Every try of the transient read retry fails, so the error reaches the caller (the retry has its own tests).
    emulator.control.setFaults({
      rules: [
        {
          match: { method: 'GET', path: '/api/v2/organizations/me' },
          times: TRANSIENT_READ_RETRY.maxTries,
          error: { status: 503 },
        },
      ],
    });
    const unavailable = await rejectionOf(client.organization.me());
    expect(unavailable).toMatchObject({
      name: 'GenesysApiError',
      kind: 'server',
      status: 503,
      code: 'service.unavailable',
    });
    expect((unavailable as GenesysApiError).contextId).toBeTruthy();

    emulator.control.setFaults({
      // Longer than the read retry's window: not waited here, left to the activity's retry (nextRetryDelay).
      rules: [
        { match: { path: '/api/v2/organizations/me' }, times: 1, rateLimit: { retryAfterSeconds: 70 } },
      ],
    });
    const limited = await rejectionOf(client.organization.me());
    expect(limited).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: 70 });
    emulator.control.clearFaults();
    await expect(client.organization.me()).resolves.toBeDefined(); // no retries here: the next call simply works
  });

  it('reports a dropped connection as a GenesysNetworkError', async () => {
    emulator.control.setFaults({
      rules: [
        {
          match: { method: 'GET', path: '/api/v2/authorization/divisions/home' },
          times: TRANSIENT_READ_RETRY.maxTries,
          loseResponse: { mode: 'drop' },
        },
      ],
    });
    const error = await rejectionOf(client.authorization.homeDivision());
    emulator.control.clearFaults();
    expect(error).toBeInstanceOf(GenesysNetworkError);
    expect(error).toMatchObject({ operation: 'GET /api/v2/authorization/divisions/home' });
  });

  it('gets a fresh token after the emulator expires the cached one (401 → one refresh)', async () => {
    const session = connect(emulator.adminClientId, emulator.adminClientSecret);
    await session.organization.me();
    emulator.control.clearRequests();
    emulator.control.advanceClock(2 * 86_400_000); // the emulator now considers the token expired
    await expect(session.organization.me()).resolves.toBeDefined();
    const paths = emulator.control.requests().map((r) => `${r.status} ${r.method} ${r.path}`);
    expect(paths).toEqual([
      '401 GET /api/v2/organizations/me',
      '200 POST /oauth/token',
      '200 GET /api/v2/organizations/me',
    ]);
    await session.close();
  });
});
