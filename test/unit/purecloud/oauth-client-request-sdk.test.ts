/**
 * `PUT /api/v2/oauth/clients/{id}` replaces the whole client, so the one PUT body
 * (purecloud/oauth-client-request.ts `toOAuthClientRequest`) must COPY every field of the SDK's request model
 * from the client as it was read. purecloud/sdk-model-contract.ts only checks that `OAuthClientFields` NAMES
 * every field; this checks the copy.
 *
 * EVERY_FIELD is typed `Required<Models.OAuthClientRequest>` (node_modules/purecloud-platform-client-v2/
 * index.d.ts, types only): a field the SDK adds fails the typecheck until it gets a value here, and then this
 * test until the builder copies it.
 *
 * Deliberately not copied: `roleIds` when `roleDivisions` is there (the deprecated mirror of roleDivisions;
 * sending both invites a validation error), and state `deleted` (listings of removed clients; no request sets
 * it). Read-only fields of the response (id, secret, dates) are not in the request model and must not be sent.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import { toClientSnapshot } from '../../../org-state/snapshots.js';
import { toOAuthClientRequest } from '../../../purecloud/oauth-client-request.js';
import type { OAuthClient, OAuthClientState } from '../../../purecloud/types.js';

/** A distinct value in every field, none of them the API's default, so a dropped or swapped one shows. */
const EVERY_FIELD: Required<Models.OAuthClientRequest> = {
  name: 'Every Field',
  accessTokenValiditySeconds: 7200,
  description: 'every writable field set',
  registeredRedirectUri: ['https://a.example.com/callback', 'https://b.example.com/callback'],
  roleIds: ['r-legacy'],
  authorizedGrantType: 'CLIENT-CREDENTIALS',
  scope: ['users:readonly', 'routing'],
  roleDivisions: [
    { roleId: 'r-supervisor', divisionId: 'd-home' },
    { roleId: 'r-admin', divisionId: '*' },
  ],
  state: 'inactive',
  dateToDelete: '2031-01-01T00:00:00.000Z',
};

/** The client as GET returns it: the request's fields plus read-only ones. */
const readBack: OAuthClient = {
  ...EVERY_FIELD,
  // The SDK types the enum as string; ours narrows it.
  state: EVERY_FIELD.state as OAuthClientState,
  id: 'c-every-field',
  secret: 'never sent back',
  dateCreated: '2026-01-01T00:00:00.000Z',
  dateModified: '2026-02-01T00:00:00.000Z',
};

/** What a PUT of the client as read must send: every field but the deliberately dropped legacy roleIds. */
const { roleIds: _legacyMirror, ...expected } = EVERY_FIELD;

describe('the OAuth client PUT body against the SDK request model', () => {
  it('copies every writable field of a client read from the API', () => {
    expect(toOAuthClientRequest(readBack)).toStrictEqual(expected);
  });

  it('copies every writable field of a client snapshot from workflow history', () => {
    expect(toOAuthClientRequest(toClientSnapshot(readBack))).toStrictEqual(expected);
  });

  it('keeps the legacy roleIds of a client without roleDivisions', () => {
    const { roleDivisions: _none, ...withoutDivisions } = expected;
    expect(toOAuthClientRequest({ ...readBack, roleDivisions: [] })).toStrictEqual({
      ...withoutDivisions,
      roleIds: EVERY_FIELD.roleIds,
    });
  });
});
