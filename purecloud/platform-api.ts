/**
 * Authenticated Platform API calls (`https://api.<env>/api/v2/...`): bearer token from the cache, JSON in and
 * out, one token refresh on 401, and every other failure surfaced as a typed error.
 */
import type { ClientCredentialsTokenCache } from './auth.js';
import { GenesysApiError } from './errors.js';
import {
  apiErrorFrom,
  isSuccess,
  parseSuccessBody,
  type HttpMethod,
  type HttpTransport,
  type Query,
} from './http.js';
import type { SecretScrubber } from './redact.js';

export interface CallOptions {
  query?: Query;
  /** Serialized as JSON. */
  body?: unknown;
  /** A POST that changes nothing (a search): retried on transient failures like a GET (http.ts). */
  readOnly?: boolean;
}

/** Encodes one path segment (ids come from the server or from callers; never trust them to be URL-safe). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

export class PlatformApi {
  constructor(
    private readonly transport: HttpTransport,
    private readonly apiOrigin: string,
    private readonly tokens: ClientCredentialsTokenCache,
    private readonly scrubber: SecretScrubber,
  ) {}

  /** Calls and returns the parsed JSON body (undefined for an empty 2xx body). */
  async call<T>(method: HttpMethod, path: string, options: CallOptions = {}): Promise<T> {
    return (await this.send(method, path, options)) as T;
  }

  /** Like `call`, but a 404 yields null: the resource does not exist. */
  async callOrNull<T>(method: HttpMethod, path: string, options: CallOptions = {}): Promise<T | null> {
    try {
      return await this.call<T>(method, path, options);
    } catch (error) {
      if (error instanceof GenesysApiError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  /** For deletes: a 404 means the resource is already gone, which is what the caller wanted. */
  async callIgnoringNotFound(method: HttpMethod, path: string, options: CallOptions = {}): Promise<void> {
    await this.callOrNull<unknown>(method, path, options);
  }

  private async send(method: HttpMethod, path: string, options: CallOptions): Promise<unknown> {
    const operation = `${method} ${path}`;
    if (path.includes('//') || path.endsWith('/')) {
      // An empty id would silently address the collection instead of one entity (DELETE …/clients/ !).
      throw new TypeError(`${operation}: an id in the path is empty; pass the id of an existing entity`);
    }
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const attempt = async (token: string) =>
      this.transport.send({
        origin: this.apiOrigin,
        method,
        path,
        query: options.query,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body,
        operation,
        scrubber: this.scrubber,
        readOnly: options.readOnly,
      });

    const token = await this.tokens.getToken();
    let response = await attempt(token);
    if (response.status === 401) {
      // Tokens can be revoked or expire early (client edited, org limits); one fresh token is worth a try.
      // A 401 means the request was not processed, so re-sending a POST cannot duplicate anything.
      this.tokens.invalidate(token);
      response = await attempt(await this.tokens.getToken());
    }
    if (!isSuccess(response.status)) throw apiErrorFrom(response, operation, this.scrubber);
    return parseSuccessBody(response, operation);
  }
}
