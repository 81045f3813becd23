import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainOrganizationRole, OAuthClient } from '../../../purecloud/index.js';
import { errorBody, mockGenesys, type MockGenesys } from './mock-genesys.js';

const CLIENTS = '/api/v2/oauth/clients';
const ROLES = '/api/v2/authorization/roles';
const NOT_FOUND = { status: 404, body: errorBody(404, 'not.found', 'not found') };

let mock: MockGenesys;
beforeEach(() => {
  mock = mockGenesys();
  mock.issueTokens();
});
afterEach(async () => {
  await mock.close();
});

function jsonBody(index: number): unknown {
  const body = mock.apiRequests()[index]?.body;
  return body === undefined ? undefined : JSON.parse(body);
}

describe('oauthClients', () => {
  const active: OAuthClient = {
    id: 'c-1',
    name: 'Hybrid Altocloud',
    authorizedGrantType: 'CLIENT-CREDENTIALS',
    accessTokenValiditySeconds: 86400,
    description: 'managed by hybrid-provisioner',
    roleIds: ['r-1'],
    roleDivisions: [{ roleId: 'r-1', divisionId: 'd-home' }],
    state: 'active',
    secret: 'should-never-be-sent-back',
    dateCreated: '2026-01-01T00:00:00Z',
    createdBy: { id: 'u-0' },
    selfUri: '/api/v2/oauth/clients/c-1',
  };

  it('lists entities, deleted ones included', async () => {
    mock.onApi('GET', CLIENTS, { body: { entities: [active, { ...active, id: 'c-2', state: 'deleted' }] } });
    const clients = await mock.client.oauthClients.list();
    expect(clients.map((c) => [c.id, c.state])).toEqual([
      ['c-1', 'active'],
      ['c-2', 'deleted'],
    ]);
  });

  it('follows nextUri when the server pages the listing (the SDK call has no paging parameters)', async () => {
    mock.onApi('GET', CLIENTS, {
      body: {
        entities: [active],
        pageNumber: 1,
        pageCount: 2,
        nextUri: `${CLIENTS}?pageSize=1&pageNumber=2`,
      },
    });
    mock.onApi('GET', `${CLIENTS}?pageSize=1&pageNumber=2`, {
      body: { entities: [{ ...active, id: 'c-2' }], pageNumber: 2, pageCount: 2 },
    });
    const clients = await mock.client.oauthClients.list();
    expect(clients.map((c) => c.id)).toEqual(['c-1', 'c-2']);
    expect(mock.apiCalls()).toEqual([`GET ${CLIENTS}`, `GET ${CLIENTS}?pageSize=1&pageNumber=2`]);
  });

  it('returns null from get on 404', async () => {
    mock.onApi('GET', `${CLIENTS}/c-9`, NOT_FOUND);
    await expect(mock.client.oauthClients.get('c-9')).resolves.toBeNull();
  });

  it('creates with a JSON body and returns the secret', async () => {
    mock.onApi('POST', CLIENTS, { body: { ...active, secret: 'fresh-secret' } });
    const created = await mock.client.oauthClients.create({
      name: 'Hybrid Altocloud',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
    });
    expect(created.secret).toBe('fresh-secret');
    expect(mock.apiRequests()[0]?.headers['content-type']).toBe('application/json');
    expect(jsonBody(0)).toEqual({ name: 'Hybrid Altocloud', authorizedGrantType: 'CLIENT-CREDENTIALS' });
  });

  it('regenerates a secret with POST …/secret', async () => {
    mock.onApi('POST', `${CLIENTS}/c-1/secret`, { body: { ...active, secret: 'new-secret' } });
    await expect(mock.client.oauthClients.regenerateSecret('c-1')).resolves.toMatchObject({
      secret: 'new-secret',
    });
  });

  it('deletes an active client by marking it inactive first, sending back only writable fields', async () => {
    mock.onApi('GET', `${CLIENTS}/c-1`, { body: active });
    mock.onApi('PUT', `${CLIENTS}/c-1`, { body: { ...active, state: 'inactive' } });
    mock.onApi('DELETE', `${CLIENTS}/c-1`, { status: 204 });

    await mock.client.oauthClients.delete('c-1');

    expect(mock.apiCalls()).toEqual([`GET ${CLIENTS}/c-1`, `PUT ${CLIENTS}/c-1`, `DELETE ${CLIENTS}/c-1`]);
    expect(jsonBody(1)).toEqual({
      name: 'Hybrid Altocloud',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      accessTokenValiditySeconds: 86400,
      description: 'managed by hybrid-provisioner',
      roleDivisions: [{ roleId: 'r-1', divisionId: 'd-home' }],
      state: 'inactive',
    });
  });

  it('deletes an inactive client without a PUT', async () => {
    mock.onApi('GET', `${CLIENTS}/c-1`, { body: { ...active, state: 'inactive' } });
    mock.onApi('DELETE', `${CLIENTS}/c-1`, { status: 204 });
    await mock.client.oauthClients.delete('c-1');
    expect(mock.apiCalls()).toEqual([`GET ${CLIENTS}/c-1`, `DELETE ${CLIENTS}/c-1`]);
  });

  it('also deactivates a disabled client, since only inactive ones can be deleted', async () => {
    mock.onApi('GET', `${CLIENTS}/c-1`, { body: { ...active, state: 'disabled' } });
    mock.onApi('PUT', `${CLIENTS}/c-1`, { body: { ...active, state: 'inactive' } });
    mock.onApi('DELETE', `${CLIENTS}/c-1`, { status: 204 });
    await mock.client.oauthClients.delete('c-1');
    expect(mock.apiCalls()).toHaveLength(3);
  });

  it.each([
    ['the GET', [['GET', NOT_FOUND]], 1],
    [
      'the PUT',
      [
        ['GET', { body: active }],
        ['PUT', NOT_FOUND],
      ],
      2,
    ],
    [
      'the DELETE',
      [
        ['GET', { body: active }],
        ['PUT', { body: active }],
        ['DELETE', NOT_FOUND],
      ],
      3,
    ],
  ] as const)('treats a 404 on %s as already deleted', async (_step, replies, calls) => {
    for (const [method, reply] of replies) mock.onApi(method, `${CLIENTS}/c-1`, reply);
    await expect(mock.client.oauthClients.delete('c-1')).resolves.toBeUndefined();
    expect(mock.apiCalls()).toHaveLength(calls);
  });

  it('treats a client already in state deleted as gone', async () => {
    mock.onApi('GET', `${CLIENTS}/c-1`, { body: { ...active, state: 'deleted' } });
    await mock.client.oauthClients.delete('c-1');
    expect(mock.apiCalls()).toEqual([`GET ${CLIENTS}/c-1`]);
  });

  it('lets other delete failures through', async () => {
    mock.onApi('GET', `${CLIENTS}/c-1`, { body: { ...active, state: 'inactive' } });
    mock.onApi('DELETE', `${CLIENTS}/c-1`, {
      status: 400,
      body: errorBody(
        400,
        'cannot.delete.client',
        'Clients must be marked as inactive to be eligible for deletion',
      ),
    });
    await expect(mock.client.oauthClients.delete('c-1')).rejects.toMatchObject({
      code: 'cannot.delete.client',
    });
  });

  it('refuses an empty id instead of addressing the whole collection', async () => {
    await expect(mock.client.oauthClients.delete('')).rejects.toThrow(/id in the path is empty/);
    await expect(mock.client.users.setRoles('', [])).rejects.toThrow(/PUT \/api\/v2\/users\/\/roles/);
    expect(mock.apiCalls()).toEqual([]);
  });

  it('encodes ids into the path', async () => {
    mock.onApi('GET', `${CLIENTS}/a%2Fb%3Fc`, NOT_FOUND);
    await expect(mock.client.oauthClients.get('a/b?c')).resolves.toBeNull();
  });
});

describe('roles', () => {
  const role = (id: string, name: string): DomainOrganizationRole => ({ id, name });

  it('sends pageSize, pageNumber, name and repeated defaultRoleId parameters', async () => {
    mock.onApi(
      'GET',
      `${ROLES}?pageSize=25&pageNumber=2&name=AI+Agent&defaultRoleId=employee&defaultRoleId=admin&userCount=false`,
      {
        body: { entities: [], pageNumber: 2, pageCount: 2 },
      },
    );
    await mock.client.roles.list({
      pageSize: 25,
      pageNumber: 2,
      name: 'AI Agent',
      defaultRoleId: ['employee', 'admin'],
    });
    // Pinned on the recorded path: MockAgent's matcher is lenient about parameter order and form.
    expect(mock.apiCalls()).toEqual([
      `GET ${ROLES}?pageSize=25&pageNumber=2&name=AI+Agent&defaultRoleId=employee&defaultRoleId=admin&userCount=false`,
    ]);
  });

  it('listAll walks every page, 100 at a time', async () => {
    for (const page of [1, 2, 3]) {
      mock.onApi('GET', `${ROLES}?pageSize=100&pageNumber=${page}&userCount=false`, {
        body: {
          entities: [role(`r-${page}`, `Role ${page}`)],
          pageSize: 100,
          pageNumber: page,
          pageCount: 3,
          total: 3,
        },
      });
    }
    const roles = await mock.client.roles.listAll();
    expect(roles.map((r) => r.id)).toEqual(['r-1', 'r-2', 'r-3']);
    expect(mock.apiCalls()).toHaveLength(3);
  });

  it('listAll stops at a short page when the server omits pageCount', async () => {
    mock.onApi('GET', `${ROLES}?pageSize=100&pageNumber=1&userCount=false`, {
      body: { entities: [role('r-1', 'A')] },
    });
    await expect(mock.client.roles.listAll()).resolves.toHaveLength(1);
  });

  it('findByName picks the exact, case-sensitive match among partial name matches', async () => {
    mock.onApi('GET', `${ROLES}?name=AI+Agent&pageSize=100&pageNumber=1&userCount=false`, {
      body: {
        entities: [role('r-1', 'AI Agent Supervisor'), role('r-2', 'ai agent'), role('r-3', 'AI Agent')],
        pageCount: 1,
      },
    });
    await expect(mock.client.roles.findByName('AI Agent')).resolves.toMatchObject({ id: 'r-3' });
  });

  it('findByName returns null when only partial matches exist', async () => {
    mock.onApi('GET', `${ROLES}?name=Admin&pageSize=100&pageNumber=1&userCount=false`, {
      body: { entities: [role('r-1', 'Admin Lite')], pageCount: 1 },
    });
    await expect(mock.client.roles.findByName('Admin')).resolves.toBeNull();
  });

  it('get returns null on 404 and update PUTs the whole role', async () => {
    mock.onApi('GET', `${ROLES}/r-9?userCount=false`, NOT_FOUND);
    mock.onApi('PUT', `${ROLES}/r-1`, { body: role('r-1', 'AI Agent') });
    await expect(mock.client.roles.get('r-9')).resolves.toBeNull();
    const update = {
      name: 'AI Agent',
      permissionPolicies: [{ domain: 'journey', entityName: 'event', actionSet: ['view'] }],
    };
    await mock.client.roles.update('r-1', update);
    expect(jsonBody(1)).toEqual(update);
  });
});

describe('permissions', () => {
  it('listAll walks the permission catalogue pages', async () => {
    mock.onApi('GET', '/api/v2/authorization/permissions?pageSize=100&pageNumber=1', {
      body: { entities: [{ domain: 'journey' }], pageCount: 2 },
    });
    mock.onApi('GET', '/api/v2/authorization/permissions?pageSize=100&pageNumber=2', {
      body: { entities: [{ domain: 'sso' }], pageCount: 2 },
    });
    const all = await mock.client.permissions.listAll();
    expect(all.map((p) => p.domain)).toEqual(['journey', 'sso']);
  });
});

describe('users', () => {
  it('findByEmail posts an EXACT email search over active and inactive users and returns the matching user', async () => {
    mock.onApi('POST', '/api/v2/users/search', {
      body: {
        total: 1,
        pageCount: 1,
        pageSize: 25,
        pageNumber: 1,
        types: ['users'],
        results: [{ id: 'u-1', email: 'Agent@Example.com' }],
      },
    });
    await expect(mock.client.users.findByEmail('agent@example.com')).resolves.toMatchObject({ id: 'u-1' });
    expect(jsonBody(0)).toEqual({
      query: [
        { type: 'EXACT', fields: ['email'], value: 'agent@example.com' },
        // An account created without an invitation is inactive: it must be found too.
        { type: 'EXACT', fields: ['state'], values: ['active', 'inactive'] },
      ],
      pageSize: 25,
      pageNumber: 1,
    });
  });

  it('findByEmail returns null when the search has no results field', async () => {
    mock.onApi('POST', '/api/v2/users/search', {
      body: { total: 0, pageCount: 0, pageSize: 25, pageNumber: 1, types: ['users'] },
    });
    await expect(mock.client.users.findByEmail('nobody@example.com')).resolves.toBeNull();
  });

  it('findByEmail with deleted: true searches soft-deleted users', async () => {
    mock.onApi('POST', '/api/v2/users/search', {
      body: { results: [{ id: 'u-2', email: 'a@example.com', state: 'deleted' }] },
    });
    await expect(mock.client.users.findByEmail('a@example.com', { deleted: true })).resolves.toMatchObject({
      id: 'u-2',
    });
    expect(jsonBody(0)).toMatchObject({
      query: [
        { type: 'EXACT', fields: ['email'], value: 'a@example.com' },
        { type: 'EXACT', fields: ['state'], values: ['deleted'] },
      ],
    });
  });

  it('create, get (null on 404), delete (404 ok), getRoles and setRoles', async () => {
    mock.onApi('POST', '/api/v2/users', { body: { id: 'u-1', email: 'a@example.com' } });
    mock.onApi('GET', '/api/v2/users/u-9', NOT_FOUND);
    mock.onApi('DELETE', '/api/v2/users/u-9', NOT_FOUND);
    mock.onApi('GET', '/api/v2/users/u-1/roles', { body: { roles: [{ id: 'r-1', name: 'employee' }] } });
    mock.onApi('PUT', '/api/v2/users/u-1/roles', { body: { roles: [{ id: 'r-1' }, { id: 'r-2' }] } });

    await mock.client.users.create({ name: 'A', email: 'a@example.com', divisionId: 'd-home' });
    await expect(mock.client.users.get('u-9')).resolves.toBeNull();
    await expect(mock.client.users.delete('u-9')).resolves.toBeUndefined();
    await expect(mock.client.users.getRoles('u-1')).resolves.toMatchObject({ roles: [{ name: 'employee' }] });
    await mock.client.users.setRoles('u-1', ['r-1', 'r-2']);

    expect(jsonBody(0)).toEqual({ name: 'A', email: 'a@example.com', divisionId: 'd-home' });
    expect(jsonBody(4)).toEqual(['r-1', 'r-2']);
  });

  it('surfaces a duplicate email as a conflict', async () => {
    mock.onApi('POST', '/api/v2/users', {
      status: 409,
      body: errorBody(409, 'general.conflict', 'email in use'),
    });
    await expect(
      mock.client.users.create({ name: 'A', email: 'a@example.com', divisionId: 'd-home' }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'general.conflict' });
  });
});

/**
 * Which failures of a user's PATCH or DELETE purecloud/users.ts retries as a version conflict, by Terraform's
 * rule (IsVersionMismatch in genesyscloud/util/util_retries.go): every 409, and a 400 carrying its words ("does not
 * match the current version"); no other 400.
 */
const USER_U1 = '/api/v2/users/u-1';
const deletedUser = (version: number) => ({ body: { id: 'u-1', state: 'deleted', version } });
const STALE = 'The version supplied (3) does not match the current version (4) of user u-1';

describe('user version conflicts', () => {
  it('retries a restore on any 409, as Terraform does, reading the version again', async () => {
    mock.onApi('GET', `${USER_U1}?state=deleted`, deletedUser(3));
    mock.onApi('PATCH', USER_U1, {
      status: 409,
      body: errorBody(409, 'general.conflict', 'The email address jane@acme.example.com is already in use'),
    });
    mock.onApi('GET', `${USER_U1}?state=deleted`, deletedUser(3));
    mock.onApi('PATCH', USER_U1, { body: { id: 'u-1', state: 'active', version: 4 } });
    await expect(mock.client.users.restore('u-1')).resolves.toMatchObject({ state: 'active' });
    expect(mock.apiCalls().filter((c) => c.startsWith('PATCH'))).toHaveLength(2);
  });

  it('reads the version again and retries a restore on a 409 that names it', async () => {
    mock.onApi('GET', `${USER_U1}?state=deleted`, deletedUser(3));
    mock.onApi('PATCH', USER_U1, { status: 409, body: errorBody(409, 'general.conflict', STALE) });
    mock.onApi('GET', `${USER_U1}?state=deleted`, deletedUser(4));
    mock.onApi('PATCH', USER_U1, { body: { id: 'u-1', state: 'active', version: 5 } });
    await expect(mock.client.users.restore('u-1')).resolves.toMatchObject({ state: 'active' });
    expect(
      mock
        .apiRequests()
        .filter((r) => r.method === 'PATCH')
        .map((r) => JSON.parse(r.body!)),
    ).toEqual([
      { state: 'active', version: 3 },
      { state: 'active', version: 4 },
    ]);
  });

  it("retries a 400 carrying Terraform's version-mismatch words, and no other 400", async () => {
    mock.onApi('GET', USER_U1, { body: { id: 'u-1', state: 'inactive', version: 3 } });
    mock.onApi('PATCH', USER_U1, { status: 400, body: errorBody(400, 'bad.request', STALE) });
    mock.onApi('GET', USER_U1, { body: { id: 'u-1', state: 'inactive', version: 4 } });
    mock.onApi('PATCH', USER_U1, { body: { id: 'u-1', state: 'active', version: 5 } });
    await expect(mock.client.users.setState('u-1', 'active')).resolves.toMatchObject({ state: 'active' });

    mock.onApi('GET', USER_U1, { body: { id: 'u-1', state: 'inactive', version: 5 } });
    mock.onApi('PATCH', USER_U1, { status: 400, body: errorBody(400, 'bad.request', 'state is invalid') });
    await expect(mock.client.users.setState('u-1', 'active')).rejects.toMatchObject({ kind: 'bad-request' });
    expect(mock.apiCalls().filter((c) => c.startsWith('PATCH'))).toHaveLength(3);
  });

  it('retries a DELETE on a 409', async () => {
    mock.onApi('DELETE', USER_U1, { status: 409, body: errorBody(409, 'general.conflict', STALE) });
    mock.onApi('DELETE', USER_U1, { body: {} });
    await expect(mock.client.users.delete('u-1')).resolves.toBeUndefined();
    expect(mock.apiCalls()).toEqual([`DELETE ${USER_U1}`, `DELETE ${USER_U1}`]);
  });
});

describe('identity providers', () => {
  it('list, getPureEngage (null on 404), putPureEngage and deletePureEngage (404 ok)', async () => {
    mock.onApi('GET', '/api/v2/identityproviders', {
      body: { entities: [{ id: 'idp-1', name: 'PureEngage' }] },
    });
    mock.onApi('GET', '/api/v2/identityproviders/pureengage', NOT_FOUND);
    mock.onApi('PUT', '/api/v2/identityproviders/pureengage', {
      body: { id: 'idp-1', name: 'PureEngage', disabled: false },
    });
    mock.onApi('DELETE', '/api/v2/identityproviders/pureengage', NOT_FOUND);

    await expect(mock.client.identityProviders.list()).resolves.toEqual([
      { id: 'idp-1', name: 'PureEngage' },
    ]);
    await expect(mock.client.identityProviders.getPureEngage()).resolves.toBeNull();
    const provider = {
      name: 'PureEngage',
      issuerURI: 'https://gws.example/saml',
      certificates: ['MIIB'],
      autoProvisionUsers: true,
    };
    await expect(mock.client.identityProviders.putPureEngage(provider)).resolves.toMatchObject({
      id: 'idp-1',
    });
    await expect(mock.client.identityProviders.deletePureEngage()).resolves.toBeUndefined();
    expect(jsonBody(2)).toEqual(provider);
  });
});

describe('authorization and organization', () => {
  it('bulkAddGrants posts {grants} with the subjectType query and accepts an empty 204', async () => {
    mock.onApi('POST', '/api/v2/authorization/subjects/c-1/bulkadd?subjectType=PC_OAUTH_CLIENT', {
      status: 204,
    });
    await mock.client.authorization.bulkAddGrants(
      'c-1',
      [{ roleId: 'r-1', divisionId: '*' }],
      'PC_OAUTH_CLIENT',
    );
    expect(jsonBody(0)).toEqual({ grants: [{ roleId: 'r-1', divisionId: '*' }] });
  });

  it('bulkAddGrants leaves subjectType to the server default when not given', async () => {
    mock.onApi('POST', '/api/v2/authorization/subjects/u-1/bulkadd', { status: 204 });
    await mock.client.authorization.bulkAddGrants('u-1', [{ roleId: 'r-1', divisionId: 'd-1' }]);
    expect(mock.apiCalls()).toEqual(['POST /api/v2/authorization/subjects/u-1/bulkadd']);
  });

  it('reads the home division and the organization', async () => {
    mock.onApi('GET', '/api/v2/authorization/divisions/home', {
      body: { id: 'd-home', name: 'Home', homeDivision: true },
    });
    mock.onApi('GET', '/api/v2/organizations/me', {
      body: { id: 'org-1', thirdPartyOrgName: 'acme', version: 3 },
    });
    await expect(mock.client.authorization.homeDivision()).resolves.toMatchObject({ id: 'd-home' });
    await expect(mock.client.organization.me()).resolves.toMatchObject({ thirdPartyOrgName: 'acme' });
  });
});
