import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { selfSignedCertificatePem } from './certificate.js';
import { adminSession, withEmulator, type SdkSession } from './sdk.js';

/**
 * Route-level refusals of the SAML2 bearer grant that happen before (or, for the unsigned case, inside) the
 * signature verifier. Signed happy paths live in saml-bearer.test.ts.
 */
const SAML2_BEARER = 'urn:ietf:params:oauth:grant-type:saml2-bearer';
const UNSIGNED = Buffer.from(
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">' +
    '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">' +
    '<saml:Issuer>https://idp.example.com</saml:Issuer><saml:Subject><saml:NameID>a@example.com</saml:NameID></saml:Subject>' +
    '</saml:Assertion></samlp:Response>',
).toString('base64');

let emulator: RunningEmulator;
let admin: SdkSession;
let saml: { id: string; secret: string };
const certificate = selfSignedCertificatePem();

beforeAll(async () => {
  emulator = await withEmulator();
  admin = await adminSession(emulator);
  const created = await admin.oauth.postOauthClients({ name: 'gws', authorizedGrantType: 'SAML2-BEARER' });
  saml = { id: created.id as string, secret: created.secret as string };
});
afterAll(() => emulator.close());

async function exchange(form: Record<string, string>, client = saml) {
  const res = await request(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: SAML2_BEARER, ...form }).toString(),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, string> };
}

describe('SAML2 bearer grant refusals', () => {
  const orgName = () => emulator.defaultOrg.thirdPartyOrgName;

  it('needs orgName and assertion (400 invalid_request)', async () => {
    expect(await exchange({ assertion: UNSIGNED })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    const noAssertion = await exchange({ orgName: orgName() });
    expect(noAssertion).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(noAssertion.body.error_description).toContain('assertion');
  });

  it('refuses an unknown org with 401 invalid_client and another org with unauthorized_client', async () => {
    expect(await exchange({ orgName: 'no-such-org', assertion: UNSIGNED })).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    emulator.control.createOrg({ thirdPartyOrgName: 'elsewhere' });
    expect(await exchange({ orgName: 'elsewhere', assertion: UNSIGNED })).toMatchObject({
      status: 400,
      body: { error: 'unauthorized_client' },
    });
  });

  it('refuses a client whose grant type is not SAML2-BEARER', async () => {
    const res = await exchange(
      { orgName: orgName(), assertion: UNSIGNED },
      { id: emulator.adminClientId, secret: emulator.adminClientSecret },
    );
    expect(res).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
  });

  it('refuses while the org has no PureEngage IdP, and while it is disabled', async () => {
    const none = await exchange({ orgName: orgName(), assertion: UNSIGNED });
    expect(none).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(none.body.description).toContain('no PureEngage identity provider');
    await admin.idp.putIdentityprovidersPureengage({
      issuerURI: 'https://idp.example.com',
      certificate,
      disabled: true,
    });
    const disabled = await exchange({ orgName: orgName(), assertion: UNSIGNED });
    expect(disabled.body.description).toContain('disabled');
  });

  it('hands the assertion to the verifier and refuses an unsigned one with invalid_grant naming the reason', async () => {
    await admin.idp.putIdentityprovidersPureengage({
      issuerURI: 'https://idp.example.com',
      certificate,
    });
    const res = await exchange({ orgName: orgName(), assertion: UNSIGNED });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_grant', error_description: res.body.description });
    expect(res.body.description).toContain('unsigned');
  });
});
