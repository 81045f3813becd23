/**
 * Users' initial state, `GET /users/{id}?state=`, the invitation, and the employee role every user holds
 * (emulator/routes/users.ts, routes/grants.ts; sources in emulator/README.md), through the official SDK and
 * through the purecloud/ client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { GenesysApiError, type GenesysClient } from '../../purecloud/index.js';
import { adminGenesysClient, adminSession, rejection, withEmulator, type SdkSession } from './sdk.js';

let emulator: RunningEmulator;
let admin: SdkSession;
let client: GenesysClient;
let counter = 0;

beforeAll(async () => {
  emulator = await withEmulator();
  admin = await adminSession(emulator);
  client = adminGenesysClient(emulator);
});
afterAll(async () => {
  await client.close();
  await emulator.close();
});

function nextEmail(): string {
  counter += 1;
  return `person.${counter}@example.com`;
}

async function employeeRoleId(): Promise<string> {
  const listing = await admin.authorization.getAuthorizationRoles({
    defaultRoleId: ['employee'],
    userCount: false,
  });
  return listing.entities?.[0]?.id as string;
}

describe('initial state and invitation', () => {
  it('creates a user without a state as inactive, and an explicit active one as active', async () => {
    const divisionId = emulator.defaultOrg.homeDivisionId;
    const quiet = await client.users.create({ name: 'Quiet', email: nextEmail(), divisionId });
    expect(quiet.state).toBe('inactive');
    const active = await client.users.create({
      name: 'Active',
      email: nextEmail(),
      divisionId,
      state: 'active',
    });
    expect(active.state).toBe('active');
    // Listing defaults to active users; the inactive one is listed with state=inactive.
    const listed = await admin.users.getUsers({ id: [quiet.id, active.id] });
    expect(listed.entities?.map((u) => u.id)).toEqual([active.id]);
    const inactive = await admin.users.getUsers({ id: [quiet.id], state: 'inactive' });
    expect(inactive.entities?.map((u) => u.id)).toEqual([quiet.id]);
  });

  it('reads an inactive user by id with the default state, a deleted one only with state=deleted', async () => {
    const user = await client.users.create({
      name: 'Reader',
      email: nextEmail(),
      divisionId: emulator.defaultOrg.homeDivisionId,
    });
    await expect(client.users.get(user.id)).resolves.toMatchObject({ id: user.id, state: 'inactive' });
    await expect(client.users.get(user.id, { state: 'deleted' })).resolves.toBeNull();
    await client.users.delete(user.id);
    await expect(client.users.get(user.id)).resolves.toBeNull();
    await expect(client.users.get(user.id, { state: 'deleted' })).resolves.toMatchObject({
      state: 'deleted',
    });
    // The SDK documents only active and deleted for this parameter.
    expect(await rejection(admin.users.getUser(user.id, { state: 'any' }))).toMatchObject({
      status: 400,
      code: 'invalid.value',
    });
  });

  it('sends an invitation that activates an inactive user, once unless forced', async () => {
    const user = await client.users.create({
      name: 'Invitee',
      email: nextEmail(),
      divisionId: emulator.defaultOrg.homeDivisionId,
    });
    await client.users.invite(user.id);
    await expect(client.users.get(user.id)).resolves.toMatchObject({ state: 'active' });
    await client.users.invite(user.id);
    const dumped = () =>
      emulator.control.orgState(emulator.defaultOrg.id)!.users.find((u) => u.id === user.id);
    expect(dumped()).toMatchObject({ invitationsSent: 1 });
    await client.users.invite(user.id, { force: true });
    expect(dumped()).toMatchObject({ invitationsSent: 2 });
    const unknown = await client.users.invite('no-such-user').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(GenesysApiError);
    expect(unknown).toMatchObject({ kind: 'not-found' });
  });
});

describe('the employee role', () => {
  it('is granted to every new user and cannot be removed with PUT /users/{id}/roles', async () => {
    const employee = await employeeRoleId();
    const user = await client.users.create({
      name: 'Employee',
      email: nextEmail(),
      divisionId: emulator.defaultOrg.homeDivisionId,
    });
    expect((await client.users.getRoles(user.id)).roles?.map((r) => r.id)).toEqual([employee]);
    const emptied = await rejection(admin.users.putUserRoles(user.id, []));
    expect(emptied).toMatchObject({ status: 400, code: 'bad.request' });
    expect(emptied.message).toContain('employee');
    const admins = await admin.authorization.getAuthorizationRoles({
      defaultRoleId: ['admin'],
      userCount: false,
    });
    const adminRole = admins.entities?.[0]?.id as string;
    const withoutEmployee = await rejection(admin.users.putUserRoles(user.id, [adminRole]));
    expect(withoutEmployee).toMatchObject({ status: 400 });
    await expect(client.users.setRoles(user.id, [employee, adminRole])).resolves.toBeDefined();
    expect((await client.users.getRoles(user.id)).roles?.map((r) => r.id).sort()).toEqual(
      [employee, adminRole].sort(),
    );
  });
});
