import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { adminSession, login, rejection, withEmulator, type SdkSession } from './sdk.js';

let emulator: RunningEmulator;
let admin: SdkSession;
let adminRoleId: string;

beforeAll(async () => {
  emulator = await withEmulator();
  admin = await adminSession(emulator);
  const roles = await admin.authorization.getAuthorizationRoles({ defaultRoleId: ['admin'] });
  adminRoleId = roles.entities?.[0]?.id as string;
});
afterAll(() => emulator.close());

describe('OAuth clients through the official SDK', () => {
  it('creates a client-credentials client whose secret appears only in the create response, and whose token works', async () => {
    const created = await admin.oauth.postOauthClients({
      name: 'Altocloud service',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      accessTokenValiditySeconds: 3600,
      roleDivisions: [{ roleId: adminRoleId, divisionId: emulator.defaultOrg.homeDivisionId }],
    });
    expect(created.secret).toMatch(/^[\w-]{43}$/);
    expect(created).toMatchObject({
      name: 'Altocloud service',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      accessTokenValiditySeconds: 3600,
      state: 'active',
      roleIds: [adminRoleId],
      selfUri: `/api/v2/oauth/clients/${created.id}`,
    });
    const fetched = await admin.oauth.getOauthClient(created.id as string);
    expect(fetched.secret).toBeUndefined();
    const listed = await admin.oauth.getOauthClients();
    expect(listed.entities?.find((c) => c.id === created.id)?.secret).toBeUndefined();

    const session = await login(emulator, created.id as string, created.secret as string);
    const org = await session.organization.getOrganizationsMe();
    expect(org.thirdPartyOrgName).toBe(emulator.defaultOrg.thirdPartyOrgName);
  });

  it('regenerates a secret: the new one logs in, the old one is refused with invalid_client', async () => {
    const created = await admin.oauth.postOauthClients({
      name: 'rotating',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: adminRoleId, divisionId: '*' }],
    });
    const rotated = await admin.oauth.postOauthClientSecret(created.id as string);
    expect(rotated.secret).toBeDefined();
    expect(rotated.secret).not.toBe(created.secret);
    await expect(login(emulator, created.id as string, rotated.secret as string)).resolves.toBeDefined();
    const err = await rejection(login(emulator, created.id as string, created.secret as string));
    expect((err as { response?: { status: number; data: unknown } }).response?.status).toBe(401);
    expect((err as { response?: { data: unknown } }).response?.data).toEqual({
      error: 'invalid_client',
      description: 'authentication failed',
      error_description: 'authentication failed',
    });
  });

  it('updates a client as a full replacement', async () => {
    const created = await admin.oauth.postOauthClients({
      name: 'to update',
      description: 'first',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
    });
    const updated = await admin.oauth.putOauthClient(created.id as string, {
      name: 'updated',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: adminRoleId, divisionId: emulator.defaultOrg.homeDivisionId }],
    });
    expect(updated).toMatchObject({ id: created.id, name: 'updated', roleIds: [adminRoleId] });
    expect(updated.description).toBeUndefined();
    expect(updated.secret).toBeUndefined();
  });

  it('refuses to delete an active client with 400 cannot.delete.client, deletes it once inactive, then answers 404', async () => {
    const created = await admin.oauth.postOauthClients({
      name: 'doomed',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
    });
    const id = created.id as string;
    const refused = await rejection(admin.oauth.deleteOauthClient(id));
    expect(refused).toMatchObject({
      status: 400,
      code: 'cannot.delete.client',
      message: 'Clients must be marked as inactive to be eligible for deletion',
    });
    expect(refused.contextId).toEqual(expect.any(String));
    await admin.oauth.putOauthClient(id, {
      name: 'doomed',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      state: 'inactive',
    });
    await admin.oauth.deleteOauthClient(id);
    expect(await rejection(admin.oauth.getOauthClient(id))).toMatchObject({ status: 404, code: 'not.found' });
    expect(await rejection(admin.oauth.deleteOauthClient(id))).toMatchObject({
      status: 404,
      code: 'not.found',
    });
  });

  it('emits the hyphenated grant type for the legacy spellings SAML2BEARER and CLIENT_CREDENTIALS', async () => {
    const saml = await admin.oauth.postOauthClients({
      name: 'legacy saml',
      authorizedGrantType: 'SAML2BEARER',
    });
    expect(saml.authorizedGrantType).toBe('SAML2-BEARER');
    const cc = await admin.oauth.postOauthClients({
      name: 'legacy cc',
      authorizedGrantType: 'CLIENT_CREDENTIALS',
    });
    expect(cc.authorizedGrantType).toBe('CLIENT-CREDENTIALS');
  });

  it.each([
    [{ authorizedGrantType: 'CLIENT-CREDENTIALS' }, 'name'],
    [{ name: 'x' }, 'authorizedGrantType'],
    [{ name: 'x', authorizedGrantType: 'IMPLICIT' }, 'authorizedGrantType'],
    [{ name: 'x', authorizedGrantType: 'CODE' }, 'registeredRedirectUri'],
    [
      { name: 'x', authorizedGrantType: 'TOKEN', registeredRedirectUri: ['not a uri'] },
      'registeredRedirectUri[0]',
    ],
    [
      { name: 'x', authorizedGrantType: 'CLIENT-CREDENTIALS', accessTokenValiditySeconds: 60 },
      'accessTokenValiditySeconds',
    ],
    [{ name: 'x', authorizedGrantType: 'CLIENT-CREDENTIALS', scope: ['users'] }, 'scope'],
    [{ name: 'x', authorizedGrantType: 'CLIENT-CREDENTIALS', state: 'paused' }, 'state'],
    [
      { name: 'x', authorizedGrantType: 'SAML2-BEARER', roleDivisions: [{ roleId: 'r', divisionId: '*' }] },
      'roleDivisions',
    ],
    [
      {
        name: 'x',
        authorizedGrantType: 'CLIENT-CREDENTIALS',
        roleDivisions: [{ roleId: 'no-such-role', divisionId: '*' }],
      },
      'roleDivisions[0].roleId',
    ],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const err = await rejection(admin.oauth.postOauthClients(body as never));
    expect(err).toMatchObject({ status: 400, code: expect.stringMatching(/^invalid\./) });
    expect((err.details as { fieldName: string }[])[0]?.fieldName).toBe(field);
    expect(err.message).toContain(field);
  });

  it('accepts a CODE client with a redirect URI and a PASSWORD client without one', async () => {
    const code = await admin.oauth.postOauthClients({
      name: 'web app',
      authorizedGrantType: 'CODE',
      registeredRedirectUri: ['https://app.example.com/callback'],
      scope: ['users:readonly'],
    });
    expect(code).toMatchObject({
      authorizedGrantType: 'CODE',
      registeredRedirectUri: ['https://app.example.com/callback'],
    });
    await expect(
      admin.oauth.postOauthClients({ name: 'pw', authorizedGrantType: 'PASSWORD' }),
    ).resolves.toBeDefined();
  });
});
