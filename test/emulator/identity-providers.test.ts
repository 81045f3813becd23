import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { bareBody, selfSignedCertificatePem } from './certificate.js';
import { adminSession, rejection, withEmulator, type SdkSession } from './sdk.js';

let emulator: RunningEmulator;
let admin: SdkSession;
const pem = selfSignedCertificatePem();
const backupPem = selfSignedCertificatePem('backup');

beforeAll(async () => {
  emulator = await withEmulator();
  admin = await adminSession(emulator);
});
afterAll(() => emulator.close());

describe('PureEngage identity provider through the official SDK', () => {
  it('answers 404 not.found while no PureEngage provider exists, and lists none', async () => {
    expect(await rejection(admin.idp.getIdentityprovidersPureengage())).toMatchObject({
      status: 404,
      code: 'not.found',
    });
    expect((await admin.idp.getIdentityproviders()).entities).toEqual([]);
  });

  it('upserts with PUT returning only {id,name,disabled,selfUri}, storing certificates without PEM armour', async () => {
    const put = await admin.idp.putIdentityprovidersPureengage({
      name: 'PureEngage',
      issuerURI: 'https://gws.example.com/saml',
      ssoTargetURI: 'https://gws.example.com/sso',
      certificates: [pem, bareBody(backupPem)],
      autoProvisionUsers: true,
      disabled: false,
    });
    expect(Object.keys(put).sort()).toEqual(['disabled', 'id', 'name', 'selfUri']);
    expect(put).toMatchObject({
      name: 'PureEngage',
      disabled: false,
      selfUri: '/api/v2/identityproviders/pureengage',
    });

    const got = await admin.idp.getIdentityprovidersPureengage();
    expect(got).toMatchObject({
      id: put.id,
      issuerURI: 'https://gws.example.com/saml',
      ssoTargetURI: 'https://gws.example.com/sso',
      certificates: [bareBody(pem), bareBody(backupPem)],
      autoProvisionUsers: true,
    });

    const again = await admin.idp.putIdentityprovidersPureengage({
      name: 'PureEngage',
      issuerURI: 'https://other',
      certificate: pem,
    });
    expect(again.id).toBe(put.id);
    const replaced = await admin.idp.getIdentityprovidersPureengage();
    expect(replaced.certificates).toBeUndefined();
    expect(replaced.certificate).toBe(bareBody(pem));
    expect((await admin.idp.getIdentityproviders()).entities?.map((e) => e.id)).toEqual([put.id]);
  });

  it('refuses a certificate that is not X.509 with 400 naming the field', async () => {
    const err = await rejection(
      admin.idp.putIdentityprovidersPureengage({ certificates: [pem, 'bm90IGEgY2VydA=='] }),
    );
    expect(err).toMatchObject({ status: 400, code: 'invalid.value' });
    expect(err.message).toContain('certificates[1]');
  });

  it('deletes with 200 {} and answers 404 afterwards', async () => {
    await admin.idp.putIdentityprovidersPureengage({
      name: 'PureEngage',
      issuerURI: 'https://x',
      certificate: pem,
    });
    await expect(admin.idp.deleteIdentityprovidersPureengage()).resolves.toEqual({});
    expect(await rejection(admin.idp.getIdentityprovidersPureengage())).toMatchObject({ status: 404 });
    expect(await rejection(admin.idp.deleteIdentityprovidersPureengage())).toMatchObject({ status: 404 });
  });
});
