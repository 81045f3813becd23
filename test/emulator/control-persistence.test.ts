import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { adminSession, login, withEmulator } from './sdk.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emulator-state-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function json(url: string, init: Parameters<typeof request>[1] = {}) {
  const res = await request(url, init);
  const text = await res.body.text();
  return {
    status: res.statusCode,
    body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

describe('control API', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await withEmulator({
      adminClientId: 'fixed-admin',
      adminClientSecret: 'fixed-admin-secret-for-tests',
    });
  });
  afterAll(() => emulator.close());

  it('creates an org over HTTP and returns its admin credentials, which log in to that org', async () => {
    const created = await json(`${emulator.url}/__emulator/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme', thirdPartyOrgName: 'acme' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Acme',
      thirdPartyOrgName: 'acme',
      adminClientId: expect.any(String),
    });
    const session = await login(
      emulator,
      created.body?.adminClientId as string,
      created.body?.adminClientSecret as string,
    );
    expect((await session.organization.getOrganizationsMe()).name).toBe('Acme');
    const duplicate = await json(`${emulator.url}/__emulator/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ thirdPartyOrgName: 'ACME' }),
    });
    expect(duplicate).toMatchObject({ status: 409, body: { code: 'general.conflict' } });
  });

  it('dumps an org state without secrets, in a stable order, comparable with deep equality', async () => {
    const admin = await adminSession(emulator);
    const before = await json(
      `${emulator.url}/__emulator/orgs/${emulator.defaultOrg.thirdPartyOrgName}/state`,
    );
    const created = await admin.oauth.postOauthClients({
      name: 'temporary',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
    });
    const during = await json(`${emulator.url}/__emulator/orgs/${emulator.defaultOrg.id}/state`);
    expect(JSON.stringify(during.body)).not.toContain(created.secret as string);
    expect(JSON.stringify(during.body)).not.toContain('fixed-admin-secret-for-tests');
    expect((during.body?.clients as { name: string }[]).map((c) => c.name)).toContain('temporary');
    await admin.oauth.putOauthClient(created.id as string, {
      name: 'temporary',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      state: 'inactive',
    });
    await admin.oauth.deleteOauthClient(created.id as string);
    const after = await json(`${emulator.url}/__emulator/orgs/${emulator.defaultOrg.id}/state`);
    expect(after.body).toEqual(before.body);
    expect(Object.keys(after.body ?? {})).toEqual([
      'id',
      'name',
      'thirdPartyOrgName',
      'homeDivision',
      'roles',
      'clients',
      'identityProvider',
      'identityProviders',
      'users',
      'grants',
    ]);
    expect((await json(`${emulator.url}/__emulator/orgs/nope/state`)).status).toBe(404);
  });

  it('logs requests with method, path, status, client id and time, never secrets', async () => {
    await adminSession(emulator);
    const log = await json(`${emulator.url}/__emulator/requests`);
    const entries = log.body?.entities as {
      method: string;
      path: string;
      status: number;
      clientId?: string;
      time: string;
    }[];
    const tokenCall = entries.filter((e) => e.path === '/oauth/token').at(-1);
    expect(tokenCall).toMatchObject({
      method: 'POST',
      status: 200,
      clientId: 'fixed-admin',
      time: expect.any(String),
    });
    expect(JSON.stringify(entries)).not.toContain('fixed-admin-secret-for-tests');
  });

  it('resets to the initial state: extra orgs, clients and faults are gone, the admin still logs in', async () => {
    const admin = await adminSession(emulator);
    await admin.oauth.postOauthClients({ name: 'ephemeral', authorizedGrantType: 'CLIENT-CREDENTIALS' });
    emulator.control.setFaults({ rules: [{ error: { status: 503 } }] });
    const reset = await json(`${emulator.url}/__emulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(204);
    expect((await json(`${emulator.url}/__emulator/orgs/acme/state`)).status).toBe(404);
    const again = await adminSession(emulator);
    const names = (await again.oauth.getOauthClients()).entities?.map((c) => c.name);
    expect(names).toEqual(['Emulator admin client']);
    expect(await admin.oauth.getOauthClients().catch((e: { code: string }) => e.code)).toBe(
      'bad.credentials',
    );
  });
});

describe('persistence', () => {
  it('keeps orgs, clients, users and tokens across a restart from the state file', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await withEmulator({ stateFile });
    const admin = await adminSession(first);
    const client = await admin.oauth.postOauthClients({
      name: 'survivor',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
    });
    await admin.users.postUsers({
      name: 'Eve',
      email: 'eve@example.com',
      divisionId: first.defaultOrg.homeDivisionId,
    });
    const dumpBefore = first.control.orgState(first.defaultOrg.id);
    const credentials = { id: first.adminClientId, secret: first.adminClientSecret };
    await first.close();
    const onDisk = JSON.parse(await readFile(stateFile, 'utf8')) as { version: number };
    expect(onDisk.version).toBe(1);

    // Same port, so the SDK session from before the restart can carry on.
    const second = await withEmulator({ stateFile, port: first.port });
    try {
      expect({ id: second.adminClientId, secret: second.adminClientSecret }).toEqual(credentials);
      expect(second.control.orgState(second.defaultOrg.id)).toEqual(dumpBefore);
      // The SDK session from before the restart still works: tokens persist too.
      expect((await admin.oauth.getOauthClient(client.id as string)).name).toBe('survivor');
      const relogged = await login(second, client.id as string, client.secret as string);
      await expect(relogged.organization.getOrganizationsMe()).resolves.toBeDefined();
    } finally {
      await second.close();
    }
  });
});
