import { afterEach, describe, expect, it, vi } from 'vitest';
import { GenesysApiError, GenesysAuthError } from '../../../purecloud/index.js';
import { CLIENT_ID, CLIENT_SECRET, errorBody, mockGenesys, token, type MockGenesys } from './mock-genesys.js';

const ORG = { id: 'org-1', name: 'Acme', thirdPartyOrgName: 'acme', version: 1 };

describe('client-credentials token cache', () => {
  let mock: MockGenesys;
  afterEach(async () => {
    vi.useRealTimers();
    await mock.close();
  });

  it('requests a token the way the SDK does: Basic id:secret and a urlencoded client_credentials form', async () => {
    mock = mockGenesys();
    mock.issueTokens();
    mock.onApi('GET', '/api/v2/organizations/me', { body: ORG });

    await mock.client.organization.me();

    const [tokenRequest] = mock.tokenRequests();
    expect(tokenRequest?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
    );
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenRequest?.body).toBe('grant_type=client_credentials');
    expect(mock.apiRequests()[0]?.headers.authorization).toBe(`Bearer ${token(1)}`);
  });

  it('fetches the token lazily and reuses it across calls', async () => {
    mock = mockGenesys();
    mock.issueTokens();
    expect(mock.tokenRequests()).toHaveLength(0);
    mock.onApi('GET', '/api/v2/organizations/me', { body: ORG });
    mock.onApi('GET', '/api/v2/organizations/me', { body: ORG });
    mock.onApi('GET', '/api/v2/organizations/me', { body: ORG });

    await mock.client.organization.me();
    await mock.client.organization.me();
    await mock.client.organization.me();

    expect(mock.tokenRequests()).toHaveLength(1);
    expect(mock.apiRequests().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${token(1)}`,
      `Bearer ${token(1)}`,
      `Bearer ${token(1)}`,
    ]);
  });

  it('refreshes the token shortly before expires_in runs out', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    mock = mockGenesys();
    mock.issueTokens(600); // margin = min(60 s, 10 % of 600 s) = 60 s → refresh after 540 s
    for (let i = 0; i < 3; i++) mock.onApi('GET', '/api/v2/organizations/me', { body: ORG });

    await mock.client.organization.me();
    vi.setSystemTime(new Date('2026-01-01T00:08:59Z')); // 539 s: still cached
    await mock.client.organization.me();
    vi.setSystemTime(new Date('2026-01-01T00:09:01Z')); // 541 s: inside the margin, refresh
    await mock.client.organization.me();

    expect(mock.apiRequests().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${token(1)}`,
      `Bearer ${token(1)}`,
      `Bearer ${token(2)}`,
    ]);
  });

  it('shares one in-flight token request among concurrent callers', async () => {
    mock = mockGenesys();
    mock.issueTokens();
    for (let i = 0; i < 5; i++) mock.onApi('GET', '/api/v2/organizations/me', { body: ORG });

    await Promise.all(Array.from({ length: 5 }, () => mock.client.organization.me()));

    expect(mock.tokenRequests()).toHaveLength(1);
  });

  it('fetches a new token once after a 401 and repeats the call with it', async () => {
    mock = mockGenesys();
    mock.issueTokens();
    mock.onApi('GET', '/api/v2/organizations/me', { body: ORG });
    mock.onApi('GET', '/api/v2/organizations/me', {
      status: 401,
      body: errorBody(401, 'credentials.expired', 'The token has expired'),
    });
    mock.onApi('GET', '/api/v2/organizations/me', { body: ORG });

    await mock.client.organization.me();
    await expect(mock.client.organization.me()).resolves.toMatchObject({ thirdPartyOrgName: 'acme' });

    expect(mock.tokenRequests()).toHaveLength(2);
    expect(mock.apiRequests().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${token(1)}`,
      `Bearer ${token(1)}`,
      `Bearer ${token(2)}`,
    ]);
  });

  it('surfaces a second 401 as an unauthorized GenesysApiError without trying a third time', async () => {
    mock = mockGenesys();
    mock.issueTokens();
    const unauthorized = {
      status: 401,
      body: errorBody(401, 'bad.credentials', 'Invalid login credentials.'),
    };
    mock.onApi('GET', '/api/v2/organizations/me', unauthorized);
    mock.onApi('GET', '/api/v2/organizations/me', unauthorized);

    const error = await mock.client.organization.me().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'bad.credentials' });
    expect(mock.tokenRequests()).toHaveLength(2);
    expect(mock.apiRequests()).toHaveLength(2);
  });

  it('reports a refused client as GenesysAuthError with the OAuth error and description', async () => {
    mock = mockGenesys();
    mock.onToken({
      status: 401,
      body: {
        error: 'invalid_client',
        description: 'authentication failed',
        error_description: 'authentication failed',
      },
    });

    const error = await mock.client.organization.me().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GenesysAuthError);
    expect(error).toMatchObject({
      kind: 'unauthorized',
      status: 401,
      code: 'invalid_client',
      description: 'authentication failed',
      operation: 'POST /oauth/token (client_credentials)',
    });
    expect(mock.apiRequests()).toHaveLength(0);
  });

  it('does not cache a failed token request: the next call asks again', async () => {
    mock = mockGenesys();
    mock.onToken({ status: 503, body: { error: 'temporarily_unavailable', description: 'try later' } });
    mock.issueTokens();
    mock.onApi('GET', '/api/v2/organizations/me', { body: ORG });

    await expect(mock.client.organization.me()).rejects.toMatchObject({ kind: 'server', status: 503 });
    await expect(mock.client.organization.me()).resolves.toMatchObject({ id: 'org-1' });
    expect(mock.tokenRequests()).toHaveLength(2);
  });

  it('rejects a token response without access_token instead of sending "Bearer undefined"', async () => {
    mock = mockGenesys();
    mock.onToken({ body: { expires_in: 86400 } });

    await expect(mock.client.organization.me()).rejects.toMatchObject({
      name: 'GenesysAuthError',
      kind: 'server',
      code: 'invalid.token.response',
    });
    expect(mock.apiRequests()).toHaveLength(0);
  });
});

describe('SAML2 bearer exchange', () => {
  let mock: MockGenesys;
  afterEach(async () => mock.close());

  const input = {
    clientId: 'saml-client',
    clientSecret: 'saml-client-secret-0987654321',
    orgName: 'acme',
    assertionBase64: 'PHNhbWxwOlJlc3BvbnNlIC8++/=',
  };

  it('posts the saml2-bearer form with the SAML client’s Basic credentials to the login origin', async () => {
    mock = mockGenesys();
    mock.onToken({ body: { access_token: 'user-token-abcdefgh', token_type: 'bearer', expires_in: 3600 } });

    await expect(mock.client.token.exchangeSaml2Bearer(input)).resolves.toEqual({
      accessToken: 'user-token-abcdefgh',
      expiresIn: 3600,
    });

    const [request] = mock.tokenRequests();
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from('saml-client:saml-client-secret-0987654321').toString('base64')}`,
    );
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
      orgName: 'acme',
      assertion: input.assertionBase64,
    });
    expect(request?.body).toContain('assertion=PHNhbWxwOlJlc3BvbnNlIC8%2B%2B%2F%3D');
  });

  it('reports a rejected assertion as GenesysAuthError without echoing the assertion or secret', async () => {
    mock = mockGenesys();
    mock.onToken({
      status: 400,
      body: {
        error: 'invalid_grant',
        description: `assertion ${input.assertionBase64} rejected for ${input.clientSecret}`,
      },
    });

    const error = (await mock.client.token
      .exchangeSaml2Bearer(input)
      .catch((e: unknown) => e)) as GenesysAuthError;

    expect(error).toBeInstanceOf(GenesysAuthError);
    expect(error).toMatchObject({
      code: 'invalid_grant',
      kind: 'bad-request',
      operation: 'POST /oauth/token (saml2-bearer)',
    });
    const text = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
    expect(text).not.toContain(input.assertionBase64);
    expect(text).not.toContain(input.clientSecret);
    expect(text).toContain('[redacted]');
  });
});
