/**
 * The role-holding rule (emulator/auth.ts requireHeldRoles): a caller can only give an OAuth client roles it
 * holds itself, on create and on update, answered 403 `not.authorized` naming the roles. And a client reads
 * its own `roleDivisions` with `GET /api/v2/oauth/clients/{its id}`, which is how a provisioning client can
 * check what it holds before it changes anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import type { CreatedOrg } from '../../emulator/routes/control.js';
import { login, rejection, withEmulator, type SdkSession } from './sdk.js';

let emulator: RunningEmulator;
/** An org whose admin client holds Admin only: the usual real-world provisioning client. */
let adminOnlyOrg: CreatedOrg;
let adminOnly: SdkSession;

async function roleIdOf(session: SdkSession, name: string): Promise<string> {
  const listing = await session.authorization.getAuthorizationRoles({ name, userCount: false });
  const role = listing.entities?.find((r) => r.name === name);
  if (!role?.id) throw new Error(`no role ${name}`);
  return role.id;
}

beforeAll(async () => {
  emulator = await withEmulator();
  adminOnlyOrg = emulator.control.createOrg({ thirdPartyOrgName: 'admin-only', adminClientRoles: ['Admin'] });
  adminOnly = await login(emulator, adminOnlyOrg.adminClientId, adminOnlyOrg.adminClientSecret);
});
afterAll(() => emulator.close());

describe('role-holding rule', () => {
  it('refuses to create a client with a role the calling client lacks, naming the role', async () => {
    const employee = await roleIdOf(adminOnly, 'employee');
    const err = await rejection(
      adminOnly.oauth.postOauthClients({
        name: 'service',
        authorizedGrantType: 'CLIENT-CREDENTIALS',
        roleDivisions: [{ roleId: employee, divisionId: adminOnlyOrg.homeDivisionId }],
      }),
    );
    expect(err).toMatchObject({ status: 403, code: 'not.authorized', messageParams: { roles: 'employee' } });
    expect(err.message).toContain('employee');
    const dump = emulator.control.orgState(adminOnlyOrg.id)!;
    expect(dump.clients.map((c) => c.name)).not.toContain('service');
  });

  it('allows roles the caller holds, and refuses an update that adds one it lacks', async () => {
    const admin = await roleIdOf(adminOnly, 'Admin');
    const employee = await roleIdOf(adminOnly, 'employee');
    const home = adminOnlyOrg.homeDivisionId;
    const created = await adminOnly.oauth.postOauthClients({
      name: 'held roles only',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: admin, divisionId: home }],
    });
    const err = await rejection(
      adminOnly.oauth.putOauthClient(created.id as string, {
        name: 'held roles only',
        authorizedGrantType: 'CLIENT-CREDENTIALS',
        roleDivisions: [
          { roleId: admin, divisionId: home },
          { roleId: employee, divisionId: home },
        ],
      }),
    );
    expect(err).toMatchObject({ status: 403, code: 'not.authorized' });
    const after = await adminOnly.oauth.getOauthClient(created.id as string);
    expect(after.roleDivisions).toEqual([{ roleId: admin, divisionId: home }]);
  });

  it('lets a client read its own roleDivisions', async () => {
    const own = await adminOnly.oauth.getOauthClient(adminOnlyOrg.adminClientId);
    expect(own.roleDivisions).toEqual([
      { roleId: await roleIdOf(adminOnly, 'Admin'), divisionId: adminOnlyOrg.homeDivisionId },
    ]);
  });

  it('gives the default admin client Admin and employee, so the documented setup can grant employee', async () => {
    const session = await login(emulator, emulator.adminClientId, emulator.adminClientSecret);
    const own = await session.oauth.getOauthClient(emulator.adminClientId);
    const names = await Promise.all(
      (own.roleDivisions ?? []).map(
        async (rd) => (await session.authorization.getAuthorizationRole(rd.roleId)).name,
      ),
    );
    expect(names.sort()).toEqual(['Admin', 'employee']);
    const employee = await roleIdOf(session, 'employee');
    await expect(
      session.oauth.postOauthClients({
        name: 'service with employee',
        authorizedGrantType: 'CLIENT-CREDENTIALS',
        roleDivisions: [{ roleId: employee, divisionId: emulator.defaultOrg.homeDivisionId }],
      }),
    ).resolves.toMatchObject({ name: 'service with employee' });
  });

  it('refuses an unknown admin client role name when creating an org', () => {
    expect(() =>
      emulator.control.createOrg({ thirdPartyOrgName: 'typo', adminClientRoles: ['Admn'] }),
    ).toThrow(/Admn/);
  });
});
