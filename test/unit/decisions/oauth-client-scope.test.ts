/**
 * The PUT that widens an adopted client replaces the whole model (reference §3), so it must carry the client's
 * scopes: a CODE or TOKEN client brought under management (e.g. by `hybrid import`) keeps them when provisioning
 * adds a redirect URI, and its undo writes them back too.
 */
import { describe, expect, it } from 'vitest';
import { decideOAuthClient } from '../../../decisions/oauth-client.js';
import { toOAuthClientRequest } from '../../../purecloud/oauth-client-request.js';
import { toClientSnapshot } from '../../../org-state/snapshots.js';

const portal = toClientSnapshot({
  id: 'c-portal',
  name: 'Portal',
  authorizedGrantType: 'CODE',
  registeredRedirectUri: ['https://portal.example.com/a'],
  scope: ['users:readonly', 'openid'],
  state: 'active',
});

describe('OAuth client scopes', () => {
  it('survive the update that adds a redirect URI', () => {
    const [change] = decideOAuthClient(
      { name: 'Portal', grantType: 'CODE', redirectUris: ['https://portal.example.com/b'], roles: [] },
      [portal],
      { roleIds: [], divisionId: 'home' },
    );
    expect(change).toMatchObject({ action: 'update', request: { scope: ['users:readonly', 'openid'] } });
  });

  it('are written back by the undo of an adopted client, and left out when it has none', () => {
    expect(toOAuthClientRequest(portal).scope).toEqual(['users:readonly', 'openid']);
    expect(toOAuthClientRequest({ ...portal, scope: [] }).scope).toBeUndefined();
  });
});
