/**
 * Generic identity providers (`POST /api/v2/identityproviders`, `GET|PUT|DELETE …/{providerId}`, model
 * `CustomProvider`) next to the PureEngage singleton, through the official SDK and the purecloud/ client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { createGenesysClient, GenesysApiError, type GenesysClient } from '../../purecloud/index.js';
import { bareBody, selfSignedCertificatePem } from './certificate.js';
import { adminSession, login, rejection, withEmulator, type SdkSession } from './sdk.js';

let emulator: RunningEmulator;
let admin: SdkSession;
let client: GenesysClient;
const pem = selfSignedCertificatePem('generic-idp');
const ISSUER = 'https://idp.example.com/shared-issuer';

beforeAll(async () => {
  emulator = await withEmulator();
  admin = await adminSession(emulator);
  client = createGenesysClient({
    environment: emulator.url,
    clientId: emulator.adminClientId,
    clientSecret: emulator.adminClientSecret,
    timeoutMs: 5_000,
  });
});
afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

async function removeAllGeneric(): Promise<void> {
  for (const p of emulator.control.orgState(emulator.defaultOrg.id)?.identityProviders ?? []) {
    await admin.idp.deleteIdentityprovider(String(p['id']));
  }
}

describe('generic identity providers through the official SDK', () => {
  it('creates a provider with POST, answering the CustomProvider with id, selfUri and a bare certificate', async () => {
    const created = await admin.idp.postIdentityproviders({
      name: 'Okta',
      issuerURI: ISSUER,
      ssoTargetURI: 'https://idp.example.com/sso',
      certificates: [pem],
      endpointCompression: true,
    });
    expect(created).toMatchObject({
      id: expect.any(String),
      name: 'Okta',
      disabled: false,
      issuerURI: ISSUER,
      certificates: [bareBody(pem)],
      endpointCompression: true,
      selfUri: `/api/v2/identityproviders/${created.id}`,
    });
    expect(await admin.idp.getIdentityprovider(created.id as string)).toEqual(created);
    await removeAllGeneric();
  });

  it('lists generic providers with the PureEngage one as SAMLProvider entries, so a shared issuer URI shows', async () => {
    await admin.idp.putIdentityprovidersPureengage({
      name: 'PureEngage',
      issuerURI: ISSUER,
      certificate: pem,
      autoProvisionUsers: true,
    });
    const zeta = await admin.idp.postIdentityproviders({ name: 'Zeta SSO', issuerURI: ISSUER });
    const alpha = await admin.idp.postIdentityproviders({ name: 'Alpha SSO', endpointCompression: false });

    const listed = (await admin.idp.getIdentityproviders()).entities ?? [];

    expect(listed.map((p) => p.name)).toEqual(['PureEngage', 'Alpha SSO', 'Zeta SSO']);
    expect(listed.filter((p) => p.issuerURI === ISSUER).map((p) => p.name)).toEqual([
      'PureEngage',
      'Zeta SSO',
    ]);
    expect(listed[0]).toMatchObject({ selfUri: '/api/v2/identityproviders/pureengage', disabled: false });
    expect(listed[2]).toMatchObject({ id: zeta.id, selfUri: `/api/v2/identityproviders/${zeta.id}` });
    // SAMLProvider has neither the PureEngage nor the CustomProvider specific flags.
    expect(listed[0]).not.toHaveProperty('autoProvisionUsers');
    expect(listed[1]).not.toHaveProperty('endpointCompression');
    expect(listed[1]).toMatchObject({ id: alpha.id });

    const dump = emulator.control.orgState(emulator.defaultOrg.id)!;
    expect(dump.identityProviders.map((p) => p['name'])).toEqual(['Alpha SSO', 'Zeta SSO']);
    await removeAllGeneric();
    await admin.idp.deleteIdentityprovidersPureengage();
  });

  it('replaces the whole model on PUT, keeping the id', async () => {
    const created = await admin.idp.postIdentityproviders({
      name: 'Replace me',
      issuerURI: ISSUER,
      ssoTargetURI: 'https://idp.example.com/sso',
      disabled: true,
    });
    const put = await admin.idp.putIdentityprovider(created.id as string, {
      name: 'Replaced',
      certificate: pem,
    });
    expect(put).toEqual({
      id: created.id,
      name: 'Replaced',
      disabled: false,
      certificate: bareBody(pem),
      selfUri: `/api/v2/identityproviders/${created.id}`,
    });
    expect(await admin.idp.getIdentityprovider(created.id as string)).toEqual(put);
    await removeAllGeneric();
  });

  it('deletes with 204 and answers 404 not.found afterwards, to GET, PUT and DELETE alike', async () => {
    const created = await admin.idp.postIdentityproviders({ name: 'Short-lived' });
    const id = created.id as string;
    await expect(admin.idp.deleteIdentityprovider(id)).resolves.toBeFalsy();
    for (const call of [
      admin.idp.getIdentityprovider(id),
      admin.idp.putIdentityprovider(id, { name: 'x' }),
      admin.idp.deleteIdentityprovider(id),
    ]) {
      expect(await rejection(call)).toMatchObject({ status: 404, code: 'not.found' });
    }
    expect(emulator.control.orgState(emulator.defaultOrg.id)!.identityProviders).toEqual([]);
  });

  it('refuses a provider without a name, or with a certificate that is not X.509, with 400 naming the field', async () => {
    const nameless = await rejection(admin.idp.postIdentityproviders({ issuerURI: ISSUER }));
    expect(nameless).toMatchObject({ status: 400, code: 'invalid.value', details: [{ fieldName: 'name' }] });
    const badCert = await rejection(
      admin.idp.postIdentityproviders({ name: 'Bad cert', certificates: [pem, 'bm90IGEgY2VydA=='] }),
    );
    expect(badCert).toMatchObject({ status: 400, details: [{ fieldName: 'certificates[1]' }] });
    expect(emulator.control.orgState(emulator.defaultOrg.id)!.identityProviders).toEqual([]);
  });

  it('checks sso:provider:add, view, edit and delete', async () => {
    const created = await admin.idp.postIdentityproviders({ name: 'Guarded' });
    const id = created.id as string;
    const employeeRole = (await admin.authorization.getAuthorizationRoles({ name: 'employee' }))
      .entities?.[0];
    const weak = await admin.oauth.postOauthClients({
      name: 'no sso permissions',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: employeeRole?.id as string, divisionId: emulator.defaultOrg.homeDivisionId }],
    });
    const session = await login(emulator, weak.id as string, weak.secret as string);
    const cases: [Promise<unknown>, string][] = [
      [session.idp.postIdentityproviders({ name: 'x' }), 'sso:provider:add'],
      [session.idp.getIdentityprovider(id), 'sso:provider:view'],
      [session.idp.putIdentityprovider(id, { name: 'x' }), 'sso:provider:edit'],
      [session.idp.deleteIdentityprovider(id), 'sso:provider:delete'],
    ];
    for (const [call, permission] of cases) {
      const err = await rejection(call);
      expect(err).toMatchObject({ status: 403, code: 'missing.any.permissions' });
      expect(err.message).toContain(permission);
    }
    await removeAllGeneric();
  });
});

describe('generic identity providers through the purecloud/ client', () => {
  it('creates, reads, lists, replaces and deletes; a missing provider reads as null', async () => {
    const created = await client.identityProviders.createCustom({ name: 'Via client', issuerURI: ISSUER });
    const id = created.id as string;
    expect(await client.identityProviders.getCustom(id)).toMatchObject({ name: 'Via client' });
    expect((await client.identityProviders.list()).map((p) => [p.name, p.issuerURI])).toEqual([
      ['Via client', ISSUER],
    ]);
    expect(await client.identityProviders.putCustom(id, { name: 'Renamed' })).toMatchObject({
      id,
      name: 'Renamed',
    });
    await client.identityProviders.deleteCustom(id);
    expect(await client.identityProviders.getCustom(id)).toBeNull();
    await expect(client.identityProviders.deleteCustom(id)).resolves.toBeUndefined();
    const err = await client.identityProviders.putCustom(id, { name: 'gone' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GenesysApiError);
    expect(err).toMatchObject({ kind: 'not-found' });
  });
});
