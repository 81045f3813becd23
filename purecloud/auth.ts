/**
 * OAuth against the login origin: the token request itself, and the client-credentials token cache the
 * Platform API calls draw from.
 */
import { GenesysAuthError } from './errors.js';
import { authErrorFrom, isSuccess, type HttpTransport } from './http.js';
import type { SecretScrubber } from './redact.js';

export const TOKEN_PATH = '/oauth/token';

export interface IssuedToken {
  accessToken: string;
  /** Lifetime in seconds as the server stated it. */
  expiresIn: number;
}

export interface TokenRequest {
  transport: HttpTransport;
  loginOrigin: string;
  clientId: string;
  clientSecret: string;
  /** Form fields, e.g. `{ grant_type: 'client_credentials' }`. */
  form: Record<string, string>;
  /** Names the call in errors; the grant is part of it because two grants share the path. */
  operation: string;
  scrubber: SecretScrubber;
}

/** When `expires_in` is missing, assume the shortest lifetime Genesys allows (300 s), never forever. */
const FALLBACK_LIFETIME_SECONDS = 300;

/** The HTTP Basic credentials the SDK sends: base64 of `<clientId>:<clientSecret>`, unencoded (ApiClient.js). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

/** `POST /oauth/token` with Basic client authentication and a form body; one attempt, typed failure. */
export async function requestToken(request: TokenRequest): Promise<IssuedToken> {
  const authorization = basicAuthorization(request.clientId, request.clientSecret);
  const scrubber = request.scrubber.with(request.clientSecret, authorization.slice('Basic '.length));
  const response = await request.transport.send({
    origin: request.loginOrigin,
    method: 'POST',
    path: TOKEN_PATH,
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(request.form).toString(),
    operation: request.operation,
    scrubber,
  });
  if (!isSuccess(response.status)) throw authErrorFrom(response, request.operation, scrubber);

  let body: { access_token?: unknown; expires_in?: unknown } | undefined;
  try {
    body = JSON.parse(response.text) as typeof body;
  } catch {
    body = undefined;
  }
  const accessToken = body?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new GenesysAuthError({
      operation: request.operation,
      status: response.status,
      kind: 'server',
      code: 'invalid.token.response',
      description: 'the token response has no access_token',
    });
  }
  const expiresIn = Number(body?.expires_in);
  return {
    accessToken,
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : FALLBACK_LIFETIME_SECONDS,
  };
}

interface CachedToken {
  accessToken: string;
  /** Epoch ms after which the token is no longer handed out. */
  refreshAt: number;
}

/**
 * Client-credentials token, fetched on first use and reused until shortly before it expires.
 * Concurrent callers share one in-flight request; a failed request is not cached, so the next call tries
 * again (the retry policy stays with the caller).
 */
export class ClientCredentialsTokenCache {
  private cached?: CachedToken;
  private inFlight?: Promise<string>;

  constructor(
    private readonly transport: HttpTransport,
    private readonly loginOrigin: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly scrubber: SecretScrubber,
  ) {}

  /** Refresh a little before expiry so a token never dies mid-request: 10 % of its life, at most 60 s. */
  static refreshMarginMs(expiresInSeconds: number): number {
    return Math.min(60, expiresInSeconds * 0.1) * 1000;
  }

  async getToken(): Promise<string> {
    if (this.cached && Date.now() < this.cached.refreshAt) return this.cached.accessToken;
    this.inFlight ??= this.fetch().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /**
   * Drops `token` after the API rejected it with 401. Only the token that failed is dropped, so a burst of
   * 401s for one stale token triggers one refresh, not one per caller.
   */
  invalidate(token: string): void {
    if (this.cached?.accessToken === token) this.cached = undefined;
  }

  private async fetch(): Promise<string> {
    const issued = await requestToken({
      transport: this.transport,
      loginOrigin: this.loginOrigin,
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      form: { grant_type: 'client_credentials' },
      operation: `POST ${TOKEN_PATH} (client_credentials)`,
      scrubber: this.scrubber,
    });
    this.scrubber.addToken(issued.accessToken);
    const refreshIn = issued.expiresIn * 1000 - ClientCredentialsTokenCache.refreshMarginMs(issued.expiresIn);
    this.cached = { accessToken: issued.accessToken, refreshAt: Date.now() + refreshIn };
    return issued.accessToken;
  }
}
