/**
 * Soft-deleted users: `PATCH /api/v2/users/{id}` with `{state: 'active', version}` restores them (as
 * Terraform does after a `general.conflict` on create), with optimistic locking on `version`; their role
 * grants are kept while they are deleted but give nothing, and come back with the user.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { createGenesysClient, GenesysApiError, type GenesysClient } from '../../purecloud/index.js';
import { adminSession, login, rejection, withEmulator, type SdkSession } from './sdk.js';

let emulator: RunningEmulator;
let admin: SdkSession;
let client: GenesysClient;
let counter = 0;

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

async function roleId(name: string): Promise<string> {
  const role = (await admin.authorization.getAuthorizationRoles({ name })).entities?.find(
    (r) => r.name === name,
  );
  if (!role?.id) throw new Error(`no role ${name}`);
  return role.id;
}

/** A user holding `roles`, then soft-deleted; returns its id. */
async function deletedUser(roles: string[] = ['employee']): Promise<{ id: string; email: string }> {
  counter += 1;
  const email = `restorable.${counter}@example.com`;
  const user = await admin.users.postUsers({
    name: `Restorable ${counter}`,
    email,
    divisionId: emulator.defaultOrg.homeDivisionId,
    title: 'Agent',
  });
  await admin.users.putUserRoles(user.id as string, await Promise.all(roles.map(roleId)));
  await admin.users.deleteUser(user.id as string);
  return { id: user.id as string, email };
}

async function deletedVersion(id: string): Promise<number> {
  return (await admin.users.getUser(id, { state: 'deleted' })).version as number;
}

describe('PATCH /api/v2/users/{id} through the official SDK', () => {
  it('restores a deleted user with its current version: same id, data and roles, version bumped', async () => {
    const { id, email } = await deletedUser(['employee', 'Supervisor']);
    expect(
      await rejection(
        admin.users.postUsers({ name: 'Again', email, divisionId: emulator.defaultOrg.homeDivisionId }),
      ),
    ).toMatchObject({
      status: 409,
      code: 'general.conflict',
    });
    const version = await deletedVersion(id);

    const restored = await admin.users.patchUser(id, { state: 'active', version });

    expect(restored).toMatchObject({ id, email, state: 'active', title: 'Agent', version: version + 1 });
    expect(await admin.users.getUser(id)).toMatchObject({ id, state: 'active' });
    const roles = await admin.users.getUserRoles(id);
    expect(roles.roles?.map((r) => r.name)).toEqual(['employee', 'Supervisor']);
  });

  it('answers 409 general.conflict to a stale version and changes nothing', async () => {
    const { id } = await deletedUser();
    const version = await deletedVersion(id);
    const err = await rejection(admin.users.patchUser(id, { state: 'active', version: version - 1 }));
    expect(err).toMatchObject({ status: 409, code: 'general.conflict' });
    expect(err.message).toContain('does not match the current version');
    expect(await deletedVersion(id)).toBe(version);
  });

  it('refuses a body without version, and state deleted, with 400 naming the field', async () => {
    const { id } = await deletedUser();
    const noVersion = await rejection(admin.users.patchUser(id, { state: 'active' } as never));
    expect(noVersion).toMatchObject({ status: 400, details: [{ fieldName: 'version' }] });
    const version = await deletedVersion(id);
    const toDeleted = await rejection(admin.users.patchUser(id, { state: 'deleted', version }));
    expect(toDeleted).toMatchObject({ status: 400, details: [{ fieldName: 'state' }] });
  });

  it('treats a deleted user as absent for any PATCH other than a restore', async () => {
    const { id } = await deletedUser();
    const version = await deletedVersion(id);
    expect(await rejection(admin.users.patchUser(id, { name: 'Renamed', version }))).toMatchObject({
      status: 404,
    });
  });

  it('updates the name, title and department of an active user', async () => {
    counter += 1;
    const user = await admin.users.postUsers({
      name: 'Before',
      email: `patched.${counter}@example.com`,
      divisionId: emulator.defaultOrg.homeDivisionId,
      state: 'active',
    });
    const patched = await admin.users.patchUser(user.id as string, {
      name: 'After',
      title: 'Lead',
      department: 'Support',
      version: user.version as number,
    });
    expect(patched).toMatchObject({ name: 'After', title: 'Lead', department: 'Support', state: 'active' });
  });

  it('requires directory:user:edit', async () => {
    const { id } = await deletedUser();
    const weak = await admin.oauth.postOauthClients({
      name: 'employee only',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: await roleId('employee'), divisionId: emulator.defaultOrg.homeDivisionId }],
    });
    const session = await login(emulator, weak.id as string, weak.secret as string);
    const err = await rejection(
      session.users.patchUser(id, { state: 'active', version: await deletedVersion(id) }),
    );
    expect(err).toMatchObject({ status: 403, code: 'missing.any.permissions' });
    expect(err.message).toContain('directory:user:edit');
  });
});

describe('grants of a deleted user', () => {
  it('are kept but inert: not counted in userCount, and a role held only by deleted users can be deleted', async () => {
    const role = await admin.authorization.postAuthorizationRoles({
      name: 'Only for the deleted',
      permissionPolicies: [{ domain: 'journey', entityName: 'event', actionSet: ['view'] }],
    });
    const { id } = await deletedUser(['employee', 'Only for the deleted']);
    const dump = emulator.control.orgState(emulator.defaultOrg.id)!;
    expect(dump.grants).toContainEqual(expect.objectContaining({ subjectId: id, roleId: role.id }));
    expect((await admin.authorization.getAuthorizationRole(role.id as string)).userCount).toBe(0);

    await admin.authorization.deleteAuthorizationRole(role.id as string);

    const after = emulator.control.orgState(emulator.defaultOrg.id)!;
    expect(after.grants.filter((g) => g.roleId === role.id)).toEqual([]);
  });
});

describe('users.restore() of the purecloud/ client', () => {
  it('restores a deleted user, and answers an already active one as it is', async () => {
    const { id, email } = await deletedUser();
    expect(await client.users.findByEmail(email)).toBeNull();
    expect(await client.users.findByEmail(email, { deleted: true })).toMatchObject({ id });

    const restored = await client.users.restore(id);
    expect(restored).toMatchObject({ id, state: 'active' });
    expect(await client.users.findByEmail(email)).toMatchObject({ id });

    // A retry after a lost response finds the user active and changes nothing.
    const again = await client.users.restore(id);
    expect(again).toMatchObject({ id, state: 'active', version: restored.version });
  });

  it('fails with a not-found GenesysApiError for an unknown id', async () => {
    const err = await client.users.restore('no-such-user').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GenesysApiError);
    expect(err).toMatchObject({ kind: 'not-found' });
  });

  it('re-reads the version when a concurrent edit makes its PATCH stale, and then restores', async () => {
    const { id } = await deletedUser();
    // Hold the client's first PATCH back long enough for another administrator to act in between.
    emulator.control.setFaults({
      rules: [{ match: { method: 'PATCH', path: '/api/v2/users/*' }, times: 1, latency: { fixedMs: 1500 } }],
    });
    emulator.control.clearRequests();
    const restoring = client.users.restore(id);
    await vi.waitFor(
      () => {
        const { counters } = emulator.control.getFaults() as { counters: { acted: number }[] };
        expect(counters[0]?.acted).toBe(1);
      },
      { timeout: 5_000, interval: 20 },
    );
    await admin.users.patchUser(id, { state: 'active', version: await deletedVersion(id) });
    await admin.users.deleteUser(id);

    const restored = await restoring;

    expect(restored).toMatchObject({ id, state: 'active' });
    const patches = emulator.control.requests().filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.status)).toEqual([200, 409, 200]);
    emulator.control.clearFaults();
  });
});
