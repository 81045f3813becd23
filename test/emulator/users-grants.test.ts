import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { adminSession, rejection, withEmulator, type SdkSession } from './sdk.js';

let emulator: RunningEmulator;
let admin: SdkSession;
let roleIds: Record<string, string>;

beforeAll(async () => {
  emulator = await withEmulator();
  admin = await adminSession(emulator);
  const roles = await admin.authorization.getAuthorizationRoles({ pageSize: 100 });
  roleIds = Object.fromEntries((roles.entities ?? []).map((r) => [r.name, r.id as string]));
});
afterAll(() => emulator.close());

function emailSearch(email: string) {
  return admin.search.postUsersSearch({ query: [{ type: 'EXACT', fields: ['email'], value: email }] });
}

describe('users through the official SDK', () => {
  it('creates a user in the given division and finds it by exact email search, get and list', async () => {
    const home = await admin.authorization.getAuthorizationDivisionsHome();
    expect(home).toMatchObject({ name: 'Home', homeDivision: true, id: emulator.defaultOrg.homeDivisionId });
    const user = await admin.users.postUsers({
      name: 'Ada Agent',
      email: 'ada@example.com',
      divisionId: home.id as string,
      state: 'active',
    });
    expect(user).toMatchObject({
      name: 'Ada Agent',
      email: 'ada@example.com',
      username: 'ada@example.com',
      state: 'active',
      version: 1,
    });
    expect(user.division?.id).toBe(home.id);

    const found = await emailSearch('ADA@example.com');
    expect(found).toMatchObject({ total: 1, pageNumber: 1, types: ['users'] });
    expect(found.results?.[0]?.id).toBe(user.id);
    expect((await emailSearch('ada@example')).total).toBe(0);
    expect((await admin.users.getUser(user.id as string)).email).toBe('ada@example.com');
    expect((await admin.users.getUsers({ id: [user.id as string] })).entities?.map((u) => u.id)).toEqual([
      user.id,
    ]);
  });

  it('refuses a second user with the same email with 409 general.conflict, also after the first is soft-deleted', async () => {
    const first = await admin.users.postUsers({
      name: 'Bo',
      email: 'bo@example.com',
      divisionId: emulator.defaultOrg.homeDivisionId,
    });
    expect(
      await rejection(
        admin.users.postUsers({
          name: 'Bo 2',
          email: 'bo@example.com',
          divisionId: emulator.defaultOrg.homeDivisionId,
        }),
      ),
    ).toMatchObject({
      status: 409,
      code: 'general.conflict',
    });
    await expect(admin.users.deleteUser(first.id as string)).resolves.toEqual({});
    const deleted = await admin.users.getUser(first.id as string, { state: 'deleted' });
    expect(deleted.state).toBe('deleted');
    expect(await rejection(admin.users.getUser(first.id as string))).toMatchObject({ status: 404 });
    expect((await emailSearch('bo@example.com')).total).toBe(0);
    expect(
      await rejection(
        admin.users.postUsers({
          name: 'Bo 3',
          email: 'bo@example.com',
          divisionId: emulator.defaultOrg.homeDivisionId,
        }),
      ),
    ).toMatchObject({
      status: 409,
      code: 'general.conflict',
    });
    expect(await rejection(admin.users.deleteUser(first.id as string))).toMatchObject({
      status: 404,
      code: 'user.not.found.on.delete',
    });
  });

  it('validates CreateUser fields and search criteria with 400s naming the field', async () => {
    const noEmail = await rejection(admin.users.postUsers({ name: 'x' } as never));
    expect(noEmail).toMatchObject({ status: 400 });
    expect((noEmail.details as { fieldName: string }[])[0]?.fieldName).toBe('email');
    const badDivision = await rejection(
      admin.users.postUsers({ name: 'x', email: 'x@example.com', divisionId: 'elsewhere' }),
    );
    expect((badDivision.details as { fieldName: string }[])[0]?.fieldName).toBe('divisionId');
    const badSearch = await rejection(
      admin.search.postUsersSearch({ query: [{ type: 'FUZZY', fields: ['email'], value: 'x' }] }),
    );
    expect((badSearch.details as { fieldName: string }[])[0]?.fieldName).toBe('query[0].type');
  });

  it('answers /users/me only for user tokens: client credentials get 400', async () => {
    const err = await rejection(admin.users.getUsersMe());
    expect(err).toMatchObject({ status: 400 });
    expect(err.message).toContain('requires a user context');
  });
});

describe('role grants', () => {
  it('sets user roles with PUT (replace), reads them back, and shows them as subject grants', async () => {
    const user = await admin.users.postUsers({
      name: 'Cy',
      email: 'cy@example.com',
      divisionId: emulator.defaultOrg.homeDivisionId,
    });
    const id = user.id as string;
    const set = await admin.authorization.putUserRoles(id, [
      roleIds['employee'] as string,
      roleIds['AI Agent'] as string,
    ]);
    expect(set.roles?.map((r) => r.name)).toEqual(['AI Agent', 'employee']);
    expect(set.permissions).toEqual(
      expect.arrayContaining(['journey:customer:view', 'journey:visit:view', 'directory:user:view']),
    );
    // Replace: AI Agent goes; employee stays (it cannot be removed, see employee-role.test.ts).
    const replaced = await admin.authorization.putUserRoles(id, [roleIds['employee'] as string]);
    expect(replaced.roles?.map((r) => r.name)).toEqual(['employee']);
    expect((await admin.authorization.getUserRoles(id)).roles?.map((r) => r.name)).toEqual(['employee']);

    await admin.authorization.postAuthorizationSubjectBulkadd(id, {
      grants: [
        { roleId: roleIds['Supervisor'] as string, divisionId: '*' },
        { roleId: roleIds['AI Agent'] as string, divisionId: emulator.defaultOrg.homeDivisionId },
      ],
    });
    const subject = await admin.authorization.getAuthorizationSubject(id);
    expect(subject.grants?.map((g) => [g.role?.name, g.division?.id]).sort()).toEqual([
      ['AI Agent', emulator.defaultOrg.homeDivisionId],
      ['Supervisor', '*'],
      ['employee', emulator.defaultOrg.homeDivisionId],
    ]);
    const role = await admin.authorization.getAuthorizationRole(roleIds['AI Agent'] as string);
    expect(role.userCount).toBeGreaterThanOrEqual(1);
  });

  it('refuses unknown roles in grants with 400 naming the entry', async () => {
    const user = await admin.users.postUsers({
      name: 'Di',
      email: 'di@example.com',
      divisionId: emulator.defaultOrg.homeDivisionId,
    });
    const err = await rejection(admin.authorization.putUserRoles(user.id as string, ['no-such-role']));
    expect(err).toMatchObject({ status: 400 });
    expect(err.message).toContain('body[0]');
    const bulk = await rejection(
      admin.authorization.postAuthorizationSubjectBulkadd(user.id as string, {
        grants: [{ roleId: 'nope', divisionId: '*' }],
      }),
    );
    expect((bulk.details as { fieldName: string }[])[0]?.fieldName).toBe('grants[0].roleId');
  });

  it('bulk-adds roles to an OAuth client (subjectType PC_OAUTH_CLIENT) and reports them as its grants', async () => {
    const client = await admin.oauth.postOauthClients({
      name: 'grantee',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
    });
    await admin.authorization.postAuthorizationSubjectBulkadd(
      client.id as string,
      { grants: [{ roleId: roleIds['AI Agent'] as string, divisionId: '*' }] },
      { subjectType: 'PC_OAUTH_CLIENT' },
    );
    expect((await admin.oauth.getOauthClient(client.id as string)).roleDivisions).toEqual([
      { roleId: roleIds['AI Agent'], divisionId: '*' },
    ]);
    const subject = await admin.authorization.getAuthorizationSubject(client.id as string);
    expect(subject.grants?.[0]?.role?.name).toBe('AI Agent');
  });
});
