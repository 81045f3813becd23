/**
 * Whole-object PUTs: the emulator stores and returns the full OAuth client model (SDK `OAuthClient`) and the
 * full PureEngage model (SDK `PureEngage`), and a PUT replaces the whole object: a field not sent is gone.
 * So a client that PUTs back only the fields it knows would lose the others here, as on a real org.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Models } from 'purecloud-platform-client-v2';
import type { RunningEmulator } from '../../emulator/server.js';
import { bareBody, selfSignedCertificatePem } from './certificate.js';
import { adminSession, withEmulator, type SdkSession } from './sdk.js';

let emulator: RunningEmulator;
let admin: SdkSession;
beforeAll(async () => {
  emulator = await withEmulator();
  admin = await adminSession(emulator);
});
afterAll(() => emulator.close());

describe('PureEngage identity provider', () => {
  it('returns every field of the model it was given, and a PUT without some clears them', async () => {
    const primary = bareBody(selfSignedCertificatePem());
    const backup = bareBody(selfSignedCertificatePem());
    // Every writable field of SDK-DTS `PureEngage` (index.d.ts).
    const full: Models.PureEngage = {
      name: 'PureEngage',
      disabled: false,
      issuerURI: 'https://gws.example.com/saml',
      ssoTargetURI: 'https://gws.example.com/sso',
      sloURI: 'https://gws.example.com/slo',
      sloBinding: 'HTTP Redirect',
      relyingPartyIdentifier: 'urn:example:genesys',
      certificate: primary,
      certificates: [primary, backup],
      logoImageData: Buffer.from('logo').toString('base64'),
      nameIdentifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      ssoBinding: 'HTTP Post',
      signAuthnRequests: true,
      providerName: 'Genesys Engage',
      displayOnLogin: true,
      metadataURL: 'https://gws.example.com/metadata',
      forceAuthn: true,
      autoProvisionUsers: true,
    };
    await admin.idp.putIdentityprovidersPureengage(full);
    const got = await admin.idp.getIdentityprovidersPureengage();
    expect(got).toEqual({ ...full, id: got.id, selfUri: '/api/v2/identityproviders/pureengage' });

    await admin.idp.putIdentityprovidersPureengage({
      name: 'PureEngage',
      issuerURI: full.issuerURI,
      certificate: primary,
    });
    const replaced = await admin.idp.getIdentityprovidersPureengage();
    for (const field of [
      'sloURI',
      'sloBinding',
      'ssoBinding',
      'displayOnLogin',
      'signAuthnRequests',
      'forceAuthn',
      'providerName',
      'metadataURL',
      'logoImageData',
      'certificates',
      'relyingPartyIdentifier',
    ] as const) {
      expect(replaced[field], field).toBeUndefined();
    }
  });
});

describe('OAuth client', () => {
  it('returns scope, description, token validity and state, and a PUT without them resets them', async () => {
    const created = await admin.oauth.postOauthClients({
      name: 'code client',
      authorizedGrantType: 'CODE',
      registeredRedirectUri: ['https://apps.example.com/callback'],
      scope: ['users:readonly', 'authorization:readonly'],
      description: 'a browser app',
      accessTokenValiditySeconds: 3600,
      state: 'disabled',
    });
    const got = await admin.oauth.getOauthClient(created.id as string);
    expect(got).toMatchObject({
      scope: ['users:readonly', 'authorization:readonly'],
      description: 'a browser app',
      accessTokenValiditySeconds: 3600,
      state: 'disabled',
      registeredRedirectUri: ['https://apps.example.com/callback'],
    });
    await admin.oauth.putOauthClient(created.id as string, {
      name: 'code client',
      authorizedGrantType: 'CODE',
      registeredRedirectUri: ['https://apps.example.com/callback'],
    });
    const replaced = await admin.oauth.getOauthClient(created.id as string);
    expect(replaced.scope).toEqual([]);
    expect(replaced.description).toBeUndefined();
    expect(replaced).toMatchObject({ accessTokenValiditySeconds: 86400, state: 'active' });
  });
});
