/**
 * The spec's `oauthClients[].scopes` (only for clients that are not CLIENT-CREDENTIALS: OAuthClientRequest.scope,
 * reference §3.1) and `admins[].invite` (default true), with field-named errors.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { SpecError } from '../../spec/errors.js';
import { parseSpec } from '../../spec/load.js';
import { toProvisionInput } from '../../provisioning/spec-to-input.js';

const base = {
  org: 'acme',
  environment: 'mypurecloud.com',
  credentials: { clientId: 'env:ID', clientSecret: 'env:SECRET' },
  certificate: { password: 'env:PW' },
  identityProvider: { issuerURI: 'urn:pe:acme', ssoTargetURI: 'https://sso.example.com' },
  admins: [{ name: 'Jane', email: 'jane@example.com' }],
};

const spec = (clients: unknown[], extra: Record<string, unknown> = {}) =>
  parseSpec(stringify({ ...base, oauthClients: clients, ...extra }));

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecError) return error.issues.map((i) => [i.path, i.message]);
    throw error;
  }
  throw new Error('the spec was accepted');
}

const wde = { name: 'WDE', grantType: 'SAML2-BEARER', redirectUris: ['https://apps.mypurecloud.com'] };

describe('oauthClients[].scopes', () => {
  it('reaches the provisioning input for a SAML2-BEARER client', () => {
    const input = toProvisionInput(spec([{ ...wde, scopes: ['users:readonly', 'authorization'] }]));
    expect(input.oauthClients[0]!.scopes).toEqual(['users:readonly', 'authorization']);
  });

  it('is refused on a CLIENT-CREDENTIALS client, naming the field', () => {
    const issues = issuesOf(() =>
      spec([wde, { name: 'Svc', grantType: 'CLIENT-CREDENTIALS', roles: ['employee'], scopes: ['users'] }]),
    );
    expect(issues).toEqual([['oauthClients[1].scopes', expect.stringContaining('not CLIENT-CREDENTIALS')]]);
  });

  it('refuses a scope with spaces or listed twice, naming the entry', () => {
    expect(issuesOf(() => spec([{ ...wde, scopes: ['users readonly'] }]))).toEqual([
      ['oauthClients[0].scopes[0]', expect.stringContaining('without spaces')],
    ]);
    expect(issuesOf(() => spec([{ ...wde, scopes: ['users', 'users'] }]))).toEqual([
      ['oauthClients[0].scopes[1]', "'users' is listed twice"],
    ]);
  });
});

describe('admins[].invite', () => {
  it('defaults to true and can be turned off', () => {
    expect(toProvisionInput(spec([wde])).admins[0]!.invite).toBe(true);
    const quiet = spec([wde], { admins: [{ name: 'Jane', email: 'jane@example.com', invite: false }] });
    expect(quiet.admins[0]!.invite).toBe(false);
  });

  it('must be true or false', () => {
    expect(
      issuesOf(() => spec([wde], { admins: [{ name: 'Jane', email: 'jane@example.com', invite: 'yes' }] })),
    ).toEqual([['admins[0].invite', 'must be true or false']]);
  });
});
