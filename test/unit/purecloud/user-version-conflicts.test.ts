/**
 * Which failures of a user's PATCH or DELETE purecloud/users.ts retries as a version conflict: Terraform's words
 * for one ("does not match the current version", IsVersionMismatch in genesyscloud/util/util_retries.go) or a 409
 * that speaks of the version; never a 409 about something else, such as an email another user holds, which a
 * fresh read cannot settle and which used to hold the step for 27.5 s before failing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorBody, mockGenesys, type MockGenesys } from './mock-genesys.js';

const USER = '/api/v2/users/u-1';
const deletedUser = (version: number) => ({ body: { id: 'u-1', state: 'deleted', version } });
const STALE = 'The version supplied (3) does not match the current version (4) of user u-1';

let mock: MockGenesys;
beforeEach(() => {
  mock = mockGenesys();
  mock.issueTokens();
});
afterEach(async () => {
  await mock.close();
});

describe('user version conflicts', () => {
  it('fails a restore at once on a 409 that is not about the version (an email another user holds)', async () => {
    mock.onApi('GET', `${USER}?state=deleted`, deletedUser(3));
    mock.onApi('PATCH', USER, {
      status: 409,
      body: errorBody(409, 'general.conflict', 'The email address jane@acme.example.com is already in use'),
    });
    await expect(mock.client.users.restore('u-1')).rejects.toMatchObject({
      kind: 'conflict',
      code: 'general.conflict',
    });
    expect(mock.apiCalls()).toEqual([`GET ${USER}?state=deleted`, `PATCH ${USER}`]);
  });

  it('reads the version again and retries a restore on a 409 that names it', async () => {
    mock.onApi('GET', `${USER}?state=deleted`, deletedUser(3));
    mock.onApi('PATCH', USER, { status: 409, body: errorBody(409, 'general.conflict', STALE) });
    mock.onApi('GET', `${USER}?state=deleted`, deletedUser(4));
    mock.onApi('PATCH', USER, { body: { id: 'u-1', state: 'active', version: 5 } });
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
    mock.onApi('GET', USER, { body: { id: 'u-1', state: 'inactive', version: 3 } });
    mock.onApi('PATCH', USER, { status: 400, body: errorBody(400, 'bad.request', STALE) });
    mock.onApi('GET', USER, { body: { id: 'u-1', state: 'inactive', version: 4 } });
    mock.onApi('PATCH', USER, { body: { id: 'u-1', state: 'active', version: 5 } });
    await expect(mock.client.users.setState('u-1', 'active')).resolves.toMatchObject({ state: 'active' });

    mock.onApi('GET', USER, { body: { id: 'u-1', state: 'inactive', version: 5 } });
    mock.onApi('PATCH', USER, { status: 400, body: errorBody(400, 'bad.request', 'state is invalid') });
    await expect(mock.client.users.setState('u-1', 'active')).rejects.toMatchObject({ kind: 'bad-request' });
    expect(mock.apiCalls().filter((c) => c.startsWith('PATCH'))).toHaveLength(3);
  });

  it('retries a DELETE on a 409 that names the version, and fails at once on one that does not', async () => {
    mock.onApi('DELETE', USER, { status: 409, body: errorBody(409, 'general.conflict', STALE) });
    mock.onApi('DELETE', USER, { body: {} });
    await expect(mock.client.users.delete('u-1')).resolves.toBeUndefined();

    mock.onApi('DELETE', USER, {
      status: 409,
      body: errorBody(409, 'general.conflict', 'The user is the last administrator'),
    });
    await expect(mock.client.users.delete('u-1')).rejects.toMatchObject({ kind: 'conflict' });
    expect(mock.apiCalls()).toEqual([`DELETE ${USER}`, `DELETE ${USER}`, `DELETE ${USER}`]);
  });
});
