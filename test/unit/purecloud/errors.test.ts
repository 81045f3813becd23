import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createGenesysClient,
  GenesysApiError,
  GenesysNetworkError,
  type GenesysErrorKind,
} from '../../../purecloud/index.js';
import { parseRetryAfter, TRANSIENT_READ_RETRY } from '../../../purecloud/http.js';
import { CLIENT_SECRET, errorBody, mockGenesys, token, type MockGenesys } from './mock-genesys.js';

const CLIENTS = '/api/v2/oauth/clients';
const REQUEST_MARKER = 'request-body-marker-7f3a';
const newClient = { name: REQUEST_MARKER, authorizedGrantType: 'CLIENT-CREDENTIALS' as const };

describe('HTTP outcome → typed error', () => {
  let mock: MockGenesys;
  afterEach(async () => mock.close());

  it.each<[number, string, GenesysErrorKind]>([
    [400, 'invalid.value', 'bad-request'],
    [403, 'missing.any.permissions', 'forbidden'],
    [404, 'not.found', 'not-found'],
    [409, 'general.conflict', 'conflict'],
    [415, 'unsupported.media.type', 'bad-request'],
    [500, 'internal.server.error', 'server'],
    [503, 'service.unavailable', 'server'],
    [504, 'request.timeout', 'server'],
  ])('maps %i %s to kind %s with code, message, contextId and operation', async (status, code, kind) => {
    mock = mockGenesys();
    mock.issueTokens();
    mock.onApi('POST', CLIENTS, {
      status,
      body: {
        ...errorBody(status, code, `server says ${code}`, 'ctx-body'),
        details: [{ fieldName: 'name' }],
      },
    });

    const error = (await mock.client.oauthClients
      .create(newClient)
      .catch((e: unknown) => e)) as GenesysApiError;

    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({
      status,
      code,
      kind,
      contextId: 'ctx-body',
      serverMessage: `server says ${code}`,
      operation: 'POST /api/v2/oauth/clients',
      details: [{ fieldName: 'name' }],
    });
    expect(error.message).toBe(
      `POST /api/v2/oauth/clients failed with ${status} ${code}: server says ${code} (contextId ctx-body)`,
    );
  });

  it('maps 429 to rate-limited with Retry-After in seconds', async () => {
    mock = mockGenesys();
    mock.issueTokens();
    mock.onApi('GET', CLIENTS, {
      status: 429,
      headers: { 'retry-after': '17', 'inin-correlation-id': 'corr-429' },
      body: {
        message: 'Rate limit exceeded the maximum. Retry the request in [17] seconds',
        code: 'too.many.requests.retry.after',
        status: 429,
        details: [],
        errors: [],
      },
    });

    await expect(mock.client.oauthClients.list()).rejects.toMatchObject({
      kind: 'rate-limited',
      retryAfterSeconds: 17,
      code: 'too.many.requests.retry.after',
      contextId: 'corr-429', // no contextId in the body: taken from ININ-Correlation-Id
    });
  });

  it('reads Retry-After given as an HTTP date', async () => {
    mock = mockGenesys();
    mock.issueTokens();
    const inThirtySeconds = new Date(Date.now() + 30_000).toUTCString();
    mock.onApi('GET', CLIENTS, {
      status: 429,
      headers: { 'retry-after': inThirtySeconds },
      body: errorBody(429, 'too.many.requests', 'slow down'),
    });

    const error = (await mock.client.oauthClients.list().catch((e: unknown) => e)) as GenesysApiError;

    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(31);
  });

  it('still yields a typed error for a non-JSON error page, without quoting the page', async () => {
    mock = mockGenesys();
    mock.issueTokens();
    // A GET is tried TRANSIENT_READ_RETRY.maxTries times on a 5xx; each try gets the same page.
    for (let i = 0; i < TRANSIENT_READ_RETRY.maxTries; i++) {
      mock.onApi('GET', CLIENTS, {
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html>Bad gateway, your request was: secret stuff</html>',
      });
    }

    const error = (await mock.client.oauthClients.list().catch((e: unknown) => e)) as GenesysApiError;

    expect(error).toMatchObject({ kind: 'server', status: 502, code: 'http.502' });
    expect(error.message).toContain('non-JSON response body (text/html)');
    expect(error.message).not.toContain('secret stuff');
  });

  it('treats a 2xx whose body is not JSON as a server fault', async () => {
    mock = mockGenesys();
    mock.issueTokens();
    mock.onApi('GET', CLIENTS, { status: 200, headers: { 'content-type': 'text/plain' }, body: 'OK' });

    await expect(mock.client.oauthClients.list()).rejects.toMatchObject({
      name: 'GenesysApiError',
      kind: 'server',
      code: 'invalid.response.body',
    });
  });

  it('wraps a network failure in GenesysNetworkError naming the operation', async () => {
    mock = mockGenesys();
    mock.issueTokens();
    mock.agent
      .get('https://api.mypurecloud.com')
      .intercept({ path: CLIENTS, method: 'GET' })
      .replyWithError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))
      .times(TRANSIENT_READ_RETRY.maxTries);

    const error = (await mock.client.oauthClients.list().catch((e: unknown) => e)) as GenesysNetworkError;

    expect(error).toBeInstanceOf(GenesysNetworkError);
    expect(error).toMatchObject({
      failure: 'connection-reset',
      causeCode: 'ECONNRESET',
      operation: 'GET /api/v2/oauth/clients',
    });
  });

  it('never puts the client secret, a token or the request body in messages or toJSON()', async () => {
    mock = mockGenesys();
    mock.issueTokens();
    // A server that echoes everything it got, the worst case for leaking.
    mock.onApi('POST', CLIENTS, {
      status: 400,
      body: {
        ...errorBody(400, 'bad.request', `Bearer ${token(1)} for ${CLIENT_SECRET} rejected`),
        details: [{ fieldName: 'name', entityName: `${CLIENT_SECRET}` }],
      },
    });

    const error = (await mock.client.oauthClients
      .create(newClient)
      .catch((e: unknown) => e)) as GenesysApiError;

    const surfaces = [
      error.message,
      String(error.stack),
      JSON.stringify(error),
      JSON.stringify(error.toJSON()),
    ];
    for (const text of surfaces) {
      expect(text).not.toContain(CLIENT_SECRET);
      expect(text).not.toContain(token(1));
      expect(text).not.toContain(REQUEST_MARKER);
      expect(text).not.toMatch(/authorization/i);
    }
    expect(error.message).toContain('[redacted]');
  });
});

it('parses Retry-After forms precisely', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(parseRetryAfter('0', now)).toBe(0);
  expect(parseRetryAfter(' 120 ', now)).toBe(120);
  expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
  expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  expect(parseRetryAfter('soon', now)).toBeUndefined();
  expect(parseRetryAfter(undefined, now)).toBeUndefined();
});

describe('network failures against real sockets', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  async function listen(handler: http.RequestListener): Promise<string> {
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('reports connection refused on the token request', async () => {
    const url = await listen(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve)); // the port is now closed
    const client = createGenesysClient({ environment: url, clientId: 'id', clientSecret: CLIENT_SECRET });

    const error = await client.organization.me().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GenesysNetworkError);
    expect(error).toMatchObject({
      failure: 'connection-refused',
      operation: 'POST /oauth/token (client_credentials)',
    });
    await client.close();
  });

  it('gives up after timeoutMs when the server sends no response headers', async () => {
    let reads = 0;
    const url = await listen((req, res) => {
      if (req.url === '/oauth/token') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ access_token: 'tok-abcdefgh', expires_in: 86400 }));
        return;
      }
      if (req.url === '/api/v2/organizations/me') reads += 1;
      // any other path: never answer
    });
    const client = createGenesysClient({
      environment: url,
      clientId: 'id',
      clientSecret: CLIENT_SECRET,
      timeoutMs: 300,
    });

    const error = await client.organization.me().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GenesysNetworkError);
    expect(error).toMatchObject({ failure: 'timeout', operation: 'GET /api/v2/organizations/me' });
    // A GET that times out is tried again, at most TRANSIENT_READ_RETRY.maxTries times in all, then the error
    // surfaces: the mechanism, counted at the server (four 300 ms tries and their backoff fit the window, but a
    // loaded machine may stretch them past it, so fewer tries are allowed).
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBeLessThanOrEqual(TRANSIENT_READ_RETRY.maxTries);
    await client.close();
    for (const s of servers) s.closeAllConnections();
  });

  it('fails calls made after close() with a network error instead of hanging', async () => {
    const url = await listen(() => undefined);
    const client = createGenesysClient({ environment: url, clientId: 'id', clientSecret: CLIENT_SECRET });
    await client.close();

    await expect(client.organization.me()).rejects.toMatchObject({
      name: 'GenesysNetworkError',
      failure: 'other',
    });
  });
});
