/**
 * `GET /api/v2/authorization/roles/{roleId}/users` (SDK `getAuthorizationRoleUsers`, a
 * `UserReferenceEntityListing`), through the official SDK and through our client's `roles.listUserIds`, which
 * `hybrid import --admins all` uses to find the Admin role's holders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { createGenesysClient, type GenesysClient } from '../../purecloud/index.js';
import { adminSession, rejection, withEmulator, type SdkSession } from './sdk.js';

let emulator: RunningEmulator;
let admin: SdkSession;
let genesys: GenesysClient;
let adminRoleId: string;
let employeeRoleId: string;

beforeAll(async () => {
  emulator = await withEmulator();
  admin = await adminSession(emulator);
  genesys = createGenesysClient({
    environment: emulator.url,
    clientId: emulator.adminClientId,
    clientSecret: emulator.adminClientSecret,
  });
  adminRoleId = (await genesys.roles.findByName('Admin'))!.id;
  employeeRoleId = (await genesys.roles.findByName('employee'))!.id;
});
afterAll(async () => {
  await genesys.close();
  await emulator.close();
});

/** Every user keeps `employee` (it cannot be removed), so a role list always names it. */
async function user(email: string, roleIds: string[]): Promise<string> {
  const created = await admin.users.postUsers({
    name: email,
    email,
    divisionId: emulator.defaultOrg.homeDivisionId,
  });
  await admin.authorization.putUserRoles(created.id as string, [employeeRoleId, ...roleIds]);
  return created.id as string;
}

describe('users of a role', () => {
  it('lists the ids of the users holding the role, not those without it nor deleted ones, on every page', async () => {
    const holders = [];
    for (let i = 0; i < 105; i++) holders.push(await user(`holder${i}@example.com`, [adminRoleId]));
    await user('other@example.com', []);
    const gone = await user('gone@example.com', [adminRoleId]);
    await admin.users.deleteUser(gone);

    const page = await admin.authorization.getAuthorizationRoleUsers(adminRoleId, { pageSize: 25 });
    expect(page).toMatchObject({ pageSize: 25, pageNumber: 1, total: 105, pageCount: 5 });
    expect(page.entities?.[0]).toEqual({
      id: expect.any(String),
      selfUri: `/api/v2/users/${page.entities?.[0]?.id}`,
    });

    expect((await genesys.roles.listUserIds(adminRoleId)).sort()).toEqual([...holders].sort());
  });

  it('answers 404 for an unknown role', async () => {
    expect(await rejection(admin.authorization.getAuthorizationRoleUsers('no-such-role'))).toMatchObject({
      status: 404,
    });
  });
});
