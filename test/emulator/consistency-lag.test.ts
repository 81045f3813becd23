/**
 * Reads that lag writes (emulator/consistency.ts). The emulator runs on an injected clock, so the lag is
 * exercised by moving that clock, not by sleeping: a created object reaches listings and searches after N ms
 * and a GET by id answers 404 for the first N/2 ms; a deleted one stays listed, as it was, for N ms; a user
 * DELETE right after a write is a 409 version conflict; the PureEngage provider reads as before its last PUT
 * or DELETE for N/2 ms. Also: the control API and the CLI flag switch it.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorControlClient } from '../../emulator/control-client.js';
import type { RunningEmulator } from '../../emulator/server.js';
import { selfSignedCertificatePem } from './certificate.js';
import { adminSession, rejection, withEmulator, type SdkSession } from './sdk.js';

const LAG_MS = 2_000;
let clock = Date.now();
let emulator: RunningEmulator;
let admin: SdkSession;
let counter = 0;

const advance = (ms: number) => {
  clock += ms;
};

beforeAll(async () => {
  emulator = await withEmulator({ now: () => clock, consistencyLagMs: LAG_MS });
  admin = await adminSession(emulator);
});
beforeEach(() => emulator.control.setConsistencyLag(LAG_MS));
afterAll(() => emulator.close());

function emailSearch(email: string) {
  return admin.search.postUsersSearch({ query: [{ type: 'EXACT', fields: ['email'], value: email }] });
}

async function newUser(): Promise<{ id: string; email: string; version: number }> {
  counter += 1;
  const email = `lagged.${counter}@example.com`;
  const user = await admin.users.postUsers({
    name: `Lagged ${counter}`,
    email,
    divisionId: emulator.defaultOrg.homeDivisionId,
    state: 'active',
  });
  return { id: user.id as string, email, version: user.version as number };
}

describe('a created object', () => {
  it('is searchable and listed only after the lag, and readable by id after half of it', async () => {
    const user = await newUser();
    expect(await rejection(admin.users.getUser(user.id))).toMatchObject({ status: 404 });
    expect((await emailSearch(user.email)).total).toBe(0);
    advance(LAG_MS / 2);
    expect((await admin.users.getUser(user.id)).id).toBe(user.id);
    expect((await emailSearch(user.email)).total).toBe(0);
    expect((await admin.users.getUsers({ id: [user.id] })).entities).toEqual([]);
    advance(LAG_MS / 2);
    expect((await emailSearch(user.email)).results?.[0]?.id).toBe(user.id);
    expect((await admin.users.getUsers({ id: [user.id] })).entities?.map((u) => u.id)).toEqual([user.id]);
  });

  it('applies to OAuth clients and roles too', async () => {
    const client = await admin.oauth.postOauthClients({
      name: 'lagged client',
      authorizedGrantType: 'SAML2-BEARER',
    });
    const role = await admin.authorization.postAuthorizationRoles({ name: 'Lagged role' });
    expect(await rejection(admin.oauth.getOauthClient(client.id as string))).toMatchObject({ status: 404 });
    expect(await rejection(admin.authorization.getAuthorizationRole(role.id as string))).toMatchObject({
      status: 404,
    });
    expect((await admin.oauth.getOauthClients()).entities?.map((c) => c.id)).not.toContain(client.id);
    expect((await admin.authorization.getAuthorizationRoles({ name: 'Lagged role' })).entities).toEqual([]);
    advance(LAG_MS);
    expect((await admin.oauth.getOauthClients()).entities?.map((c) => c.id)).toContain(client.id);
    expect(
      (await admin.authorization.getAuthorizationRoles({ name: 'Lagged role' })).entities?.map((r) => r.id),
    ).toEqual([role.id]);
  });

  it('can be granted roles only once it is readable', async () => {
    const user = await newUser();
    const employee = (await admin.authorization.getAuthorizationRoles({ defaultRoleId: ['employee'] }))
      .entities?.[0]?.id as string;
    expect(await rejection(admin.users.putUserRoles(user.id, [employee]))).toMatchObject({ status: 404 });
    advance(LAG_MS / 2);
    await expect(admin.users.putUserRoles(user.id, [employee])).resolves.toBeDefined();
  });
});

describe('a deleted object', () => {
  it('stays in searches and listings, as it was, for the lag', async () => {
    const user = await newUser();
    advance(LAG_MS);
    await admin.users.deleteUser(user.id);
    expect(await rejection(admin.users.getUser(user.id))).toMatchObject({ status: 404 });
    const stale = await emailSearch(user.email);
    expect(stale.results?.map((u) => [u.id, u.state])).toEqual([[user.id, 'active']]);
    advance(LAG_MS);
    expect((await emailSearch(user.email)).total).toBe(0);
  });

  it('keeps a deleted OAuth client listed for the lag, in its own org only', async () => {
    const client = await admin.oauth.postOauthClients({
      name: 'soon gone',
      authorizedGrantType: 'SAML2-BEARER',
      state: 'inactive',
    });
    advance(LAG_MS);
    await admin.oauth.deleteOauthClient(client.id as string);
    expect(await rejection(admin.oauth.getOauthClient(client.id as string))).toMatchObject({ status: 404 });
    expect((await admin.oauth.getOauthClients()).entities?.map((c) => c.id)).toContain(client.id);
    const other = emulator.control.createOrg({ thirdPartyOrgName: `other-${counter++}` });
    const otherSession = await adminSession({
      ...emulator,
      adminClientId: other.adminClientId,
      adminClientSecret: other.adminClientSecret,
    });
    expect((await otherSession.oauth.getOauthClients()).entities?.map((c) => c.id)).not.toContain(client.id);
    advance(LAG_MS);
    expect((await admin.oauth.getOauthClients()).entities?.map((c) => c.id)).not.toContain(client.id);
  });
});

const PEM = selfSignedCertificatePem('lagged-idp');

describe('the PureEngage identity provider', () => {
  const provider = (issuerURI: string) => ({
    name: 'PureEngage',
    issuerURI,
    ssoTargetURI: 'https://sso.example.com',
    certificate: PEM,
    autoProvisionUsers: true,
    disabled: false,
  });

  it('answers a GET with the version before a PUT or DELETE for half the lag', async () => {
    // No provider before the first PUT: 404 until half the lag has passed.
    await admin.idp.putIdentityprovidersPureengage(provider('urn:lag:first'));
    expect(await rejection(admin.idp.getIdentityprovidersPureengage())).toMatchObject({ status: 404 });
    advance(LAG_MS / 2);
    expect((await admin.idp.getIdentityprovidersPureengage()).issuerURI).toBe('urn:lag:first');

    await admin.idp.putIdentityprovidersPureengage(provider('urn:lag:second'));
    expect((await admin.idp.getIdentityprovidersPureengage()).issuerURI).toBe('urn:lag:first');
    // A second write inside the window: reads have caught up with neither.
    advance(LAG_MS / 4);
    await admin.idp.putIdentityprovidersPureengage(provider('urn:lag:third'));
    expect((await admin.idp.getIdentityprovidersPureengage()).issuerURI).toBe('urn:lag:first');
    advance(LAG_MS / 2);
    expect((await admin.idp.getIdentityprovidersPureengage()).issuerURI).toBe('urn:lag:third');

    await admin.idp.deleteIdentityprovidersPureengage();
    expect((await admin.idp.getIdentityprovidersPureengage()).issuerURI).toBe('urn:lag:third');
    advance(LAG_MS / 2);
    expect(await rejection(admin.idp.getIdentityprovidersPureengage())).toMatchObject({ status: 404 });
    // The org's state is the truth at once: the lag is in what reads answer.
    expect(emulator.control.orgState(emulator.defaultOrg.id)!.identityProvider).toBeNull();
  });
});

describe('user version conflicts', () => {
  const VERSION_MISMATCH = 'does not match the current version';

  it('refuses a DELETE right after a write with 409 general.conflict, and accepts it once settled', async () => {
    const user = await newUser();
    advance(LAG_MS);
    const patched = await admin.users.patchUser(user.id, { title: 'Lead', version: user.version });
    expect(
      await rejection(admin.users.patchUser(user.id, { title: 'Stale', version: user.version })),
    ).toMatchObject({
      status: 409,
      code: 'general.conflict',
      message: expect.stringContaining(VERSION_MISMATCH),
    });
    // The words Terraform's IsVersionMismatch looks for, which the client's retry matches (purecloud/users.ts).
    expect(await rejection(admin.users.deleteUser(user.id))).toMatchObject({
      status: 409,
      code: 'general.conflict',
      message: expect.stringContaining(VERSION_MISMATCH),
    });
    advance(LAG_MS / 2);
    await expect(admin.users.deleteUser(user.id)).resolves.toEqual({});
    expect(patched.version).toBe(user.version + 1);
  });
});

describe('switching the lag', () => {
  it('is off at 0 through the control API: reads see writes at once', async () => {
    const control = new EmulatorControlClient(emulator.url);
    await control.setConsistencyLag(0);
    const user = await newUser();
    expect((await admin.users.getUser(user.id)).id).toBe(user.id);
    expect((await emailSearch(user.email)).total).toBe(1);
    await control.setConsistencyLag(LAG_MS);
    const lagged = await newUser();
    expect((await emailSearch(lagged.email)).total).toBe(0);
  });

  it('refuses a lag that is not a whole number of ms with 400 naming lagMs', async () => {
    const res = await fetch(`${emulator.url}/__emulator/consistency`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lagMs: -1 }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { details: { fieldName: string }[] }).details[0]?.fieldName).toBe('lagMs');
  });

  it('is set by the CLI flag --consistency-lag-ms', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'emulator/main.ts', '--port', '0', '--consistency-lag-ms', '1234'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
      });
      const res = await fetch(`${url}/__emulator/consistency`);
      expect(await res.json()).toEqual({ lagMs: 1234 });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
