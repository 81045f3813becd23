import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignedSamlResponse, type SamlResponseInput } from '../../saml/build-response.js';
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS } from '../../saml/namespaces.js';
import type { RunningEmulator } from '../../emulator/server.js';
import { createTestSigningIdentity } from '../unit/saml-test-identity.js';
import {
  assertionOf,
  editXml,
  first,
  removeSignatures,
  responseOf,
  toBase64,
} from '../unit/saml-test-xml.js';
import { adminSession, apis, sdkClient, withEmulator, type SdkSession } from './sdk.js';

const SAML2_BEARER = 'urn:ietf:params:oauth:grant-type:saml2-bearer';
const ISSUER = 'https://gws.example.com/saml/saml-bearer-test';
const idp = createTestSigningIdentity('saml-bearer-idp');
const stranger = createTestSigningIdentity('saml-bearer-stranger');

let emulator: RunningEmulator;
let admin: SdkSession;
let samlClient: { id: string; secret: string };
let orgName: string;

/** The SDK ships `loginSaml2BearerGrant` (ApiClient.js) but its typings omit it. */
interface Saml2BearerLogin {
  loginSaml2BearerGrant(
    clientId: string,
    clientSecret: string,
    orgName: string,
    assertion: string,
  ): Promise<unknown>;
}

function samlResponse(overrides: Partial<SamlResponseInput> = {}): { xml: string; base64: string } {
  return buildSignedSamlResponse({
    issuer: ISSUER,
    subjectEmail: 'known.agent@example.com',
    orgName,
    privateKeyPem: idp.privateKeyPem,
    certificatePem: idp.certificatePem,
    ...overrides,
  });
}

/** POST /oauth/token with the SAML2 bearer grant over plain HTTP, returning status and parsed body. */
async function exchange(assertion: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const basic = Buffer.from(`${samlClient.id}:${samlClient.secret}`).toString('base64');
  const response = await request(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: SAML2_BEARER, orgName, assertion }).toString(),
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

async function configureIdp(autoProvisionUsers: boolean): Promise<void> {
  await admin.idp.putIdentityprovidersPureengage({
    name: 'PureEngage',
    issuerURI: ISSUER,
    certificates: [idp.certificateBody],
    autoProvisionUsers,
    disabled: false,
  });
}

async function userByEmail(email: string): Promise<{ id?: string } | undefined> {
  const found = await admin.search.postUsersSearch({
    query: [{ type: 'EXACT', fields: ['email'], value: email }],
  });
  return found.results?.[0];
}

beforeAll(async () => {
  emulator = await withEmulator();
  admin = await adminSession(emulator);
  orgName = emulator.defaultOrg.thirdPartyOrgName;
  await configureIdp(false);
  const created = await admin.oauth.postOauthClients({
    name: 'saml bearer',
    authorizedGrantType: 'SAML2-BEARER',
  });
  samlClient = { id: created.id as string, secret: created.secret as string };
  await admin.users.postUsers({
    name: 'Known Agent',
    email: 'known.agent@example.com',
    divisionId: emulator.defaultOrg.homeDivisionId,
    // Without a state a new user is inactive, and inactive users cannot sign in.
    state: 'active',
  });
});
afterAll(() => emulator.close());

describe('SAML2 bearer grant against the emulator', () => {
  it('exchanges a signed Response through the SDK for a user token that works for GET /api/v2/users/me', async () => {
    const client = sdkClient(emulator);
    await (client as unknown as Saml2BearerLogin).loginSaml2BearerGrant(
      samlClient.id,
      samlClient.secret,
      orgName,
      samlResponse().base64,
    );
    const me = await apis(client).users.getUsersMe();
    expect(me.email).toBe('known.agent@example.com');
  });

  it('accepts an Audience and Recipient naming its token endpoint, or the relying party identifier as Audience (RFC 7522 §3)', async () => {
    const tokenEndpoint = `${emulator.url}/oauth/token`;
    const named = await exchange(samlResponse({ audience: tokenEndpoint, recipient: tokenEndpoint }).base64);
    expect(named.status).toBe(200);
    await admin.idp.putIdentityprovidersPureengage({
      name: 'PureEngage',
      issuerURI: ISSUER,
      certificates: [idp.certificateBody],
      relyingPartyIdentifier: 'urn:example:genesys',
      disabled: false,
    });
    try {
      const byRelyingParty = await exchange(samlResponse({ audience: 'urn:example:genesys' }).base64);
      expect(byRelyingParty.status).toBe(200);
    } finally {
      await configureIdp(false);
    }
  });

  it('answers an OAuth token body for a Response-signed document over plain HTTP', async () => {
    const { status, body } = await exchange(samlResponse({ signWhat: 'response' }).base64);
    expect(status).toBe(200);
    expect(body).toMatchObject({ access_token: expect.any(String), token_type: 'bearer', expires_in: 86400 });
    const me = await request(`${emulator.url}/api/v2/users/me`, {
      headers: { authorization: `Bearer ${body.access_token as string}` },
    });
    expect(me.statusCode).toBe(200);
    expect(((await me.body.json()) as { email: string }).email).toBe('known.agent@example.com');
  });

  const hour = 3600_000;
  it.each([
    [
      'tampered',
      'bad-signature',
      () =>
        toBase64(
          editXml(samlResponse().xml, (document) => {
            first(document, SAML_ASSERTION_NS, 'NameID').textContent = 'admin@example.com';
          }),
        ),
    ],
    [
      'from another issuer',
      'wrong-issuer',
      () => samlResponse({ issuer: 'https://evil.example.com/saml' }).base64,
    ],
    ['expired', 'expired', () => samlResponse({ now: new Date(Date.now() - hour) }).base64],
    ['not yet valid', 'not-yet-valid', () => samlResponse({ now: new Date(Date.now() + hour) }).base64],
    [
      'signed with an untrusted certificate',
      'untrusted-certificate',
      () =>
        samlResponse({ privateKeyPem: stranger.privateKeyPem, certificatePem: stranger.certificatePem })
          .base64,
    ],
    ['unsigned', 'unsigned', () => toBase64(editXml(samlResponse().xml, removeSignatures))],
    [
      'wrapped around an evil Assertion',
      'wrapped',
      () =>
        toBase64(
          editXml(samlResponse().xml, (document) => {
            const evil = assertionOf(document).cloneNode(true) as ReturnType<typeof assertionOf>;
            removeSignatures(evil);
            evil.setAttribute('ID', '_evil');
            first(evil, SAML_ASSERTION_NS, 'NameID').textContent = 'admin@example.com';
            responseOf(document).insertBefore(evil, assertionOf(document));
          }),
        ),
    ],
    [
      'whose Audience is another service',
      'wrong-audience',
      () => samlResponse({ audience: 'https://other.example.com/oauth/token' }).base64,
    ],
    [
      'whose Recipient is another endpoint',
      'wrong-recipient',
      () =>
        samlResponse({ audience: `${emulator.url}/oauth/token`, recipient: 'https://other.example.com/acs' })
          .base64,
    ],
    [
      'encrypted',
      'encrypted',
      () =>
        toBase64(
          editXml(samlResponse().xml, (document) => {
            const encrypted = document.createElementNS(SAML_ASSERTION_NS, 'saml:EncryptedAssertion');
            responseOf(document).replaceChild(encrypted, assertionOf(document));
          }),
        ),
    ],
  ] as const)('refuses a Response %s with invalid_grant naming %s', async (_name, reason, makeAssertion) => {
    const { status, body } = await exchange(makeAssertion());
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_grant' });
    expect(body.error_description).toBe(body.description);
    expect(body.description).toContain(`(${reason})`);
    expect(body).not.toHaveProperty('access_token');
  });

  it('refuses a non-success Status even when the Assertion is valid', async () => {
    const base64 = toBase64(
      editXml(samlResponse().xml, (document) => {
        first(responseOf(document), SAML_PROTOCOL_NS, 'StatusCode').setAttribute('Value', 'urn:x:failed');
      }),
    );
    expect((await exchange(base64)).body).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('SAML2 bearer grant and autoProvisionUsers', () => {
  it('refuses an unknown user while autoProvisionUsers is off, creating nobody', async () => {
    await configureIdp(false);
    const { status, body } = await exchange(samlResponse({ subjectEmail: 'stranger@example.com' }).base64);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_grant' });
    expect(body.description).toMatch(/autoProvisionUsers is off/);
    expect(await userByEmail('stranger@example.com')).toBeUndefined();
  });

  it('creates an unknown user with the employee role when autoProvisionUsers is on', async () => {
    await configureIdp(true);
    const { status, body } = await exchange(samlResponse({ subjectEmail: 'new.hire@example.com' }).base64);
    expect(status).toBe(200);
    const me = await request(`${emulator.url}/api/v2/users/me`, {
      headers: { authorization: `Bearer ${body.access_token as string}` },
    });
    const user = (await me.body.json()) as { id: string; email: string };
    expect(user.email).toBe('new.hire@example.com');
    const subject = await admin.authorization.getAuthorizationSubject(user.id);
    expect(subject.grants?.map((grant: { role?: { name?: string } }) => grant.role?.name)).toEqual([
      'employee',
    ]);

    // A second login adopts the user created by the first instead of creating another.
    expect((await exchange(samlResponse({ subjectEmail: 'new.hire@example.com' }).base64)).status).toBe(200);
    expect((await userByEmail('new.hire@example.com'))?.id).toBe(user.id);
  });
});
