/**
 * Every writable field of an OAuth client survives the one PUT body (purecloud/oauth-client-request.ts), from
 * the API's model or from its snapshot in history; and the fields the spec sets outright (description, token
 * validity) are compared by the one decision that plan, verify, provisioning and import share.
 */
import { describe, expect, it } from 'vitest';
import { decideOAuthClient, needsRestore } from '../../../decisions/oauth-client.js';
import { toClientSnapshot } from '../../../org-state/snapshots.js';
import type { OAuthClientWanted } from '../../../provisioning/types.js';
import { toOAuthClientRequest } from '../../../purecloud/oauth-client-request.js';

const legacy = {
  id: 'c-legacy',
  name: 'Pacing',
  authorizedGrantType: 'CLIENT_CREDENTIALS',
  roleIds: ['r-supervisor'],
  dateToDelete: '2031-01-01T00:00:00.000Z',
  accessTokenValiditySeconds: 7200,
  state: 'active' as const,
};
const grants = { roleIds: [], divisionId: 'home' };
const pacing = (w: Partial<OAuthClientWanted> = {}): OAuthClientWanted => ({
  name: 'Pacing',
  grantType: 'CLIENT-CREDENTIALS',
  redirectUris: [],
  roles: [],
  ...w,
});

describe('the OAuth client snapshot and its PUT body', () => {
  it('keep dateToDelete and the legacy roleIds, with the grant type in its current spelling', () => {
    expect(toOAuthClientRequest(toClientSnapshot(legacy))).toEqual({
      name: 'Pacing',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleIds: ['r-supervisor'],
      dateToDelete: '2031-01-01T00:00:00.000Z',
      accessTokenValiditySeconds: 7200,
      state: 'active',
    });
  });

  it('leave the new fields out of snapshots of clients without them, as snapshots were recorded before', () => {
    const snapshot = toClientSnapshot({ id: 'c', name: 'WDE', authorizedGrantType: 'SAML2-BEARER' });
    expect(Object.keys(snapshot)).not.toContain('roleIds');
    expect(Object.keys(snapshot)).not.toContain('dateToDelete');
    expect(toClientSnapshot({ ...legacy, secret: 'never in history' })).not.toHaveProperty('secret');
  });

  it('restore a client whose deletion date a run changed', () => {
    const before = toClientSnapshot(legacy);
    expect(needsRestore(before, toClientSnapshot(legacy))).toBe(false);
    expect(needsRestore(before, toClientSnapshot({ ...legacy, dateToDelete: undefined }))).toBe(true);
  });
});

describe('decideOAuthClient on the fields the spec sets outright', () => {
  const existing = toClientSnapshot({
    ...legacy,
    dateToDelete: undefined,
    description: 'old words [hybrid-provisioner run=r1]',
    accessTokenValiditySeconds: undefined,
  });

  it('sets a different description, keeping the run marker and every other field', () => {
    const [change] = decideOAuthClient(pacing({ description: 'Agent pacing' }), [existing], grants);
    expect(change).toMatchObject({
      action: 'update',
      reasons: ['description is "old words", not "Agent pacing"'],
      request: {
        description: 'Agent pacing [hybrid-provisioner run=r1]',
        roleIds: ['r-supervisor'],
      },
    });
    expect(decideOAuthClient(pacing({ description: 'old words' }), [existing], grants)).toEqual([]);
  });

  it("compares the token validity with the API's default when the client has none", () => {
    const [change] = decideOAuthClient(pacing({ accessTokenValiditySeconds: 3600 }), [existing], grants);
    expect(change).toMatchObject({
      reasons: ['access tokens last 86400 s, not 3600 s'],
      request: { accessTokenValiditySeconds: 3600 },
    });
    expect(decideOAuthClient(pacing({ accessTokenValiditySeconds: 86400 }), [existing], grants)).toEqual([]);
  });

  it('never drops legacy roleIds: a client holding only them keeps them and gets no grant added', () => {
    const [change] = decideOAuthClient(pacing({ roles: ['employee'] }), [existing], {
      roleIds: ['r-employee'],
      divisionId: 'home',
    });
    expect(change).toMatchObject({
      reasons: ['roles lack "r-employee/home" (not added: it holds its roles only as legacy roleIds)'],
      request: { roleIds: ['r-supervisor'] },
    });
    expect(change).not.toHaveProperty('request.roleDivisions');
  });

  it('adds a grant beside the roleDivisions a client has, roleIds mirrored or not', () => {
    const mirrored = { ...existing, roleDivisions: [{ roleId: 'r-supervisor', divisionId: '*' }] };
    const [change] = decideOAuthClient(pacing({ roles: ['employee'] }), [mirrored], {
      roleIds: ['r-employee'],
      divisionId: 'home',
    });
    expect(change).toMatchObject({
      request: {
        roleDivisions: [
          { roleId: 'r-supervisor', divisionId: '*' },
          { roleId: 'r-employee', divisionId: 'home' },
        ],
      },
    });
    expect(change).not.toHaveProperty('request.roleIds');
  });

  it('leaves both as they are when the spec does not set them', () => {
    expect(decideOAuthClient(pacing(), [existing], grants)).toEqual([]);
  });
});

describe('decideOAuthClient on a client scheduled for deletion', () => {
  const doomed = toClientSnapshot(legacy);

  it('reports the date and sends the client active without it, every other field kept', () => {
    const [change] = decideOAuthClient(pacing(), [doomed], grants);
    expect(change).toMatchObject({
      action: 'update',
      id: 'c-legacy',
      reasons: ['scheduled for deletion on 2031-01-01T00:00:00.000Z (dateToDelete); the update calls the deletion off'],
      request: { state: 'active', roleIds: ['r-supervisor'], accessTokenValiditySeconds: 7200 },
    });
    expect(change).not.toHaveProperty('request.dateToDelete');
  });

  it('says nothing once the date is gone', () => {
    expect(decideOAuthClient(pacing(), [{ ...doomed, dateToDelete: undefined }], grants)).toEqual([]);
  });
});
