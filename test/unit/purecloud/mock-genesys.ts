/** Test harness: a GenesysClient wired to an undici MockAgent that records every request it answers. */
import { MockAgent, type Interceptable } from 'undici';
import { createGenesysClient, type GenesysClient } from '../../../purecloud/index.js';

export const CLIENT_ID = 'provisioner-client-id';
export const CLIENT_SECRET = 'S3cr3t-client-secret-value-1234567890';
export const API = 'https://api.mypurecloud.com';
export const LOGIN = 'https://login.mypurecloud.com';

export interface RecordedRequest {
  origin: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Reply {
  status?: number;
  /** Objects are sent as JSON; strings as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type PathMatcher = string | ((path: string) => boolean);
type MockRequestOptions = { path: string; method: string; headers?: unknown; body?: unknown };

export interface MockGenesys {
  client: GenesysClient;
  agent: MockAgent;
  requests: RecordedRequest[];
  /** Answers one API call (path matched exactly, query included) with `reply`. */
  onApi(method: Method, path: PathMatcher, reply?: Reply): void;
  /** Answers one token request with `reply`. */
  onToken(reply: Reply): void;
  /** Answers every token request with `token(1)`, `token(2)`, … of the given lifetime. */
  issueTokens(expiresIn?: number): void;
  /** API requests as `METHOD path`, in order. */
  apiCalls(): string[];
  apiRequests(): RecordedRequest[];
  tokenRequests(): RecordedRequest[];
  close(): Promise<void>;
}

function normalizeHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2)
      result[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
    return result;
  }
  for (const [name, value] of Object.entries(headers as Record<string, string>)) {
    result[name.toLowerCase()] = String(value);
  }
  return result;
}

function serialize(body: unknown): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

export function mockGenesys(options: { timeoutMs?: number } = {}): MockGenesys {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const requests: RecordedRequest[] = [];
  const pools: Record<string, Interceptable> = { [API]: agent.get(API), [LOGIN]: agent.get(LOGIN) };
  const client = createGenesysClient({
    environment: 'mypurecloud.com',
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    dispatcher: agent,
    timeoutMs: options.timeoutMs,
  });

  const answer =
    (origin: string, reply: (opts: MockRequestOptions) => Reply) => (opts: MockRequestOptions) => {
      requests.push({
        origin,
        method: opts.method,
        path: opts.path,
        headers: normalizeHeaders(opts.headers),
        body: typeof opts.body === 'string' ? opts.body : undefined,
      });
      const { status = 200, body, headers } = reply(opts);
      return {
        statusCode: status,
        data: serialize(body),
        responseOptions: { headers: { 'content-type': 'application/json', ...headers } },
      };
    };

  let tokensIssued = 0;
  return {
    client,
    agent,
    requests,
    onApi(method, path, reply = {}) {
      pools[API]!.intercept({ path, method }).reply(answer(API, () => reply));
    },
    onToken(reply) {
      pools[LOGIN]!.intercept({ path: '/oauth/token', method: 'POST' }).reply(answer(LOGIN, () => reply));
    },
    issueTokens(expiresIn = 86400) {
      pools[LOGIN]!.intercept({ path: '/oauth/token', method: 'POST' })
        .reply(
          answer(LOGIN, () => {
            tokensIssued += 1;
            return {
              body: { access_token: token(tokensIssued), token_type: 'bearer', expires_in: expiresIn },
            };
          }),
        )
        .persist();
    },
    apiCalls: () => requests.filter((r) => r.origin === API).map((r) => `${r.method} ${r.path}`),
    apiRequests: () => requests.filter((r) => r.origin === API),
    tokenRequests: () => requests.filter((r) => r.origin === LOGIN),
    async close() {
      await client.close();
      await agent.close();
    },
  };
}

/** The n-th access token `issueTokens` hands out (long enough to be treated as a secret). */
export function token(n: number): string {
  return `access-token-${n}-7c9e2b41d0`;
}

/** A Genesys ErrorBody as the Platform API sends it. */
export function errorBody(status: number, code: string, message: string, contextId = 'ctx-1234'): object {
  return { message, code, status, contextId, details: [], errors: [] };
}
