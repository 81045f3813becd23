/**
 * Reads that cost: role reads of the purecloud/ client ask for no user count (the emulator answers
 * `userCount` only when asked, emulator/routes/roles.ts), and listings page as the real API does: roles and
 * users at the default 25, OAuth clients not at all (the SDK's getOauthClients has no paging parameters).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import type { GenesysClient } from '../../purecloud/index.js';
import { adminGenesysClient, adminSession, withEmulator, type SdkSession } from './sdk.js';

const EXTRA = 30; // more than one default page
let emulator: RunningEmulator;
let admin: SdkSession;
let client: GenesysClient;

beforeAll(async () => {
  emulator = await withEmulator({
    seed: {
      orgs: [
        {
          default: true,
          roles: Array.from({ length: EXTRA }, (_, i) => ({ name: `Extra role ${i}` })),
          users: Array.from({ length: EXTRA }, (_, i) => ({
            name: `User ${i}`,
            email: `user.${i}@example.com`,
          })),
          clients: Array.from({ length: EXTRA }, (_, i) => ({
            name: `Client ${i}`,
            authorizedGrantType: 'SAML2-BEARER' as const,
          })),
        },
      ],
    },
  });
  admin = await adminSession(emulator);
  client = adminGenesysClient(emulator);
});
afterAll(async () => {
  await client.close();
  await emulator.close();
});

describe('role reads of the purecloud/ client', () => {
  it('do not ask for the user count, on list, listAll and get', async () => {
    const listed = await client.roles.list({ defaultRoleId: ['employee'] });
    expect(listed.entities?.[0]).not.toHaveProperty('userCount');
    const all = await client.roles.listAll();
    expect(all.length).toBeGreaterThan(EXTRA);
    expect(all.filter((r) => 'userCount' in r)).toEqual([]);
    const one = await client.roles.get(listed.entities?.[0]?.id as string);
    expect(one).not.toHaveProperty('userCount');
    // The SDK's default (userCount true) still gets the count.
    const counted = await admin.authorization.getAuthorizationRole(listed.entities?.[0]?.id as string);
    expect(counted.userCount).toBe(EXTRA);
  });
});

describe('paging', () => {
  it('pages roles and users at 25 by default', async () => {
    const roles = await admin.authorization.getAuthorizationRoles();
    expect(roles).toMatchObject({ pageSize: 25, pageNumber: 1 });
    expect(roles.entities).toHaveLength(25);
    expect(roles.pageCount).toBeGreaterThan(1);
    const users = await admin.users.getUsers();
    expect(users).toMatchObject({ pageSize: 25, pageCount: 2 });
    expect(users.entities).toHaveLength(25);
  });

  it('lists every OAuth client on one page, as the unpaged SDK call expects', async () => {
    const listing = await admin.oauth.getOauthClients();
    expect(listing.entities?.length).toBe(EXTRA + 1);
    expect(listing.nextUri).toBeUndefined();
    expect(await client.oauthClients.list()).toHaveLength(EXTRA + 1);
  });
});
