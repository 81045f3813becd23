/**
 * One HTTP exchange with Genesys Cloud over undici, and the translation of its outcome: a JSON body on
 * success, or a typed error (API error body, OAuth error body, or network failure).
 *
 * Retries: the run's retry layer is the Temporal activity retry policy (workflows/step-activities.ts), which
 * repeats a whole activity. Below it, and only for idempotent requests (GET, or a search that says so), a
 * transient failure (errors.ts: 5xx/408, 429, network) is retried here at once, a few times within seconds
 * (TRANSIENT_READ_RETRY), so that one lost read does not restart an activity of many reads. Writes are never
 * re-sent here: a write whose response was lost may have happened, and only the activity, which adopts what
 * exists before it creates, can tell.
 */
import { Agent, type Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import {
  REAL_CLOCK,
  retryBounded,
  type BoundedRetryPolicy,
  type Outcome,
  type RetryClock,
  type RetryVerdict,
} from './bounded-retry.js';
import {
  GenesysApiError,
  GenesysAuthError,
  GenesysNetworkError,
  isTransientKind,
  kindOfStatus,
  type GenesysErrorDetail,
  type GenesysNetworkFailure,
} from './errors.js';
import type { SecretScrubber } from './redact.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | readonly string[] | undefined;
export type Query = Record<string, QueryValue>;

export interface HttpRequest {
  origin: string;
  method: HttpMethod;
  /** Path without query string, e.g. `/api/v2/oauth/clients`. */
  path: string;
  query?: Query;
  headers: Record<string, string>;
  body?: string;
  /** Names the call in errors, e.g. `POST /api/v2/oauth/clients`. */
  operation: string;
  /**
   * A POST that only reads (a search) sets this, so that it gets the transient retry GETs get. Never set it on
   * a request that changes anything.
   */
  readOnly?: boolean;
  /** Scrubs secrets from anything the server or socket layer says before it reaches an error message. */
  scrubber: SecretScrubber;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One finished exchange as an observer sees it: the HTTP status, or `network-error` when none came back. */
export interface HttpExchange {
  method: HttpMethod;
  /** The request path (with ids); observers that label by it must template it. */
  path: string;
  status: number | 'network-error';
}

export interface HttpTransportOptions {
  timeoutMs: number;
  userAgent: string;
  /** Injected dispatcher (tests: undici MockAgent). The transport does not close a dispatcher it did not create. */
  dispatcher?: Dispatcher;
  /**
   * Called once per exchange (worker metrics). Injected so that purecloud/ stays free of Temporal and
   * metrics code; an observer that throws must not fail the request, so its errors are swallowed.
   */
  onResponse?: (exchange: HttpExchange) => void;
  /** Time and randomness of the transient retry (unit tests); the real ones otherwise. */
  retryClock?: RetryClock;
  /**
   * Awaited before every request: the worker's per-org request budget (activities/request-budget.ts).
   * Injected, like onResponse, so that purecloud/ knows nothing of pacing policy.
   */
  beforeRequest?: () => Promise<void>;
}

/**
 * The transient retry of idempotent requests: up to 4 tries, none started more than 10 s after the first,
 * full-jitter backoff from 250 ms, or the server's `Retry-After` when it fits. A 30 s timeout is tried once: the
 * window is over when it ends. What does not succeed in this window fails the activity, and Temporal's policy
 * takes over with its own (longer) backoff.
 */
export const TRANSIENT_READ_RETRY: BoundedRetryPolicy = {
  maxTries: 4,
  withinMs: 10_000,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
};

/** Spreads requests that were told the same `Retry-After` so they do not all come back in the same instant. */
const RETRY_AFTER_JITTER_MS = 250;

/** GETs are safe by definition (RFC 9110 §9.2.1); other methods only when the request says it only reads. */
export function isIdempotentRead(request: Pick<HttpRequest, 'method' | 'readOnly'>): boolean {
  return request.method === 'GET' || request.readOnly === true;
}

/**
 * Is this outcome of an idempotent request worth sending again at once? Transient statuses and network
 * failures are (errors.ts decides which kinds are transient); a 429 waits for its `Retry-After`.
 */
export function transientReadVerdict(outcome: Outcome<HttpResponse>, random: () => number): RetryVerdict {
  if (!outcome.ok) return { retry: outcome.error instanceof GenesysNetworkError };
  const { status, headers } = outcome.value;
  if (isSuccess(status) || !isTransientKind(kindOfStatus(status))) return { retry: false };
  const retryAfter = parseRetryAfter(headerValue(headers, 'retry-after'));
  if (retryAfter === undefined) return { retry: true };
  return { retry: true, afterMs: retryAfter * 1000 + Math.round(random() * RETRY_AFTER_JITTER_MS) };
}

/**
 * Encodes query parameters. Arrays become repeated parameters (`defaultRoleId=a&defaultRoleId=b`), the
 * swagger `collectionFormat: multi` that Genesys declares for such parameters.
 */
export function encodeQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(name, item);
    else params.append(name, String(value));
  }
  const encoded = params.toString();
  return encoded ? `?${encoded}` : '';
}

/** Keep-alive HTTP to the Genesys origins: one undici Agent, which keeps one connection pool per origin. */
export class HttpTransport {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private closed = false;

  constructor(private readonly options: HttpTransportOptions) {
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 120_000,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        connect: { timeout: Math.min(options.timeoutMs, 10_000) },
        connections: 8,
      });
  }

  /**
   * Sends one request and reads the whole body. Throws only GenesysNetworkError; HTTP statuses are returned.
   * An idempotent request is retried on transient failures (TRANSIENT_READ_RETRY); each try is one exchange
   * for `onResponse`.
   */
  async send(request: HttpRequest): Promise<HttpResponse> {
    if (!isIdempotentRead(request)) return this.sendOnce(request);
    const clock = this.options.retryClock ?? REAL_CLOCK;
    return retryBounded(
      () => this.sendOnce(request),
      (outcome) => (this.closed ? { retry: false } : transientReadVerdict(outcome, clock.random)),
      TRANSIENT_READ_RETRY,
      clock,
    );
  }

  private async sendOnce(request: HttpRequest): Promise<HttpResponse> {
    if (this.closed) {
      throw new GenesysNetworkError(
        request.operation,
        'other',
        undefined,
        'the Genesys client has been closed',
      );
    }
    await this.options.beforeRequest?.();
    try {
      const response = await this.dispatcher.request({
        origin: request.origin,
        method: request.method,
        path: request.path + encodeQuery(request.query),
        headers: { 'user-agent': this.options.userAgent, accept: 'application/json', ...request.headers },
        body: request.body,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      const text = await response.body.text();
      this.observe(request, response.statusCode);
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      this.observe(request, 'network-error');
      throw toNetworkError(request.operation, error, request.scrubber);
    }
  }

  private observe(request: HttpRequest, status: HttpExchange['status']): void {
    try {
      this.options.onResponse?.({ method: request.method, path: request.path, status });
    } catch {
      // Metrics are not worth a failed provisioning step.
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}

const NETWORK_FAILURES: Record<string, GenesysNetworkFailure> = {
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ECONNREFUSED: 'connection-refused',
  ECONNRESET: 'connection-reset',
  EPIPE: 'connection-reset',
  UND_ERR_SOCKET: 'connection-reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
};

function errorCode(error: unknown): string | undefined {
  // undici puts the code on the error itself; Node's connect errors may sit in `cause` or AggregateError.errors.
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const candidate = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof candidate.code === 'string' && candidate.code !== 'UND_ERR') return candidate.code;
    current = candidate.cause ?? candidate.errors?.[0];
  }
  return undefined;
}

function toNetworkError(operation: string, error: unknown, scrubber: SecretScrubber): GenesysNetworkError {
  const code = errorCode(error);
  const failure = (code && NETWORK_FAILURES[code]) || 'other';
  const detail = error instanceof Error ? error.message : String(error);
  return new GenesysNetworkError(operation, failure, code, scrubber.scrub(detail));
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `Retry-After` as whole seconds from `now`: either delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns undefined when absent or unparseable, so callers fall back to their own backoff.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringField(body: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = body?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function detailsOf(
  body: Record<string, unknown> | undefined,
  scrubber: SecretScrubber,
): GenesysErrorDetail[] {
  const raw = body?.details;
  if (!Array.isArray(raw)) return [];
  const details: GenesysErrorDetail[] = [];
  for (const item of raw) {
    if (!item || typeof item !== 'object') continue;
    const record = item as Record<string, unknown>;
    const detail: GenesysErrorDetail = {};
    for (const key of ['errorCode', 'fieldName', 'entityId', 'entityName'] as const) {
      const value = record[key];
      if (typeof value === 'string') detail[key] = scrubber.scrub(value);
    }
    details.push(detail);
  }
  return details;
}

function describeUnparsedBody(response: HttpResponse): string {
  // A non-JSON error body is typically a proxy's HTML page; its text is noise (and could echo the request).
  const type = headerValue(response.headers, 'content-type') ?? 'no content type';
  return response.text.trim() === '' ? 'empty response body' : `non-JSON response body (${type})`;
}

/** Builds the typed error for a failed Platform API response (Genesys ErrorBody). */
export function apiErrorFrom(
  response: HttpResponse,
  operation: string,
  scrubber: SecretScrubber,
): GenesysApiError {
  const body = parseJsonObject(response.text);
  const message = stringField(body, 'message');
  return new GenesysApiError({
    operation,
    status: response.status,
    code: stringField(body, 'code') ?? `http.${response.status}`,
    serverMessage: message ? scrubber.scrub(message) : describeUnparsedBody(response),
    contextId: stringField(body, 'contextId') ?? headerValue(response.headers, 'inin-correlation-id'),
    retryAfterSeconds: parseRetryAfter(headerValue(response.headers, 'retry-after')),
    details: detailsOf(body, scrubber),
  });
}

/** Builds the typed error for a failed token endpoint response (OAuth `{error, description, error_description}`). */
export function authErrorFrom(
  response: HttpResponse,
  operation: string,
  scrubber: SecretScrubber,
): GenesysAuthError {
  const body = parseJsonObject(response.text);
  const description =
    stringField(body, 'error_description') ??
    stringField(body, 'description') ??
    stringField(body, 'message') ??
    describeUnparsedBody(response);
  return new GenesysAuthError({
    operation,
    status: response.status,
    code: stringField(body, 'error') ?? stringField(body, 'code') ?? `http.${response.status}`,
    description: scrubber.scrub(description),
    contextId: stringField(body, 'contextId') ?? headerValue(response.headers, 'inin-correlation-id'),
    retryAfterSeconds: parseRetryAfter(headerValue(response.headers, 'retry-after')),
  });
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * Parses a success body as JSON. An empty body yields undefined (204, or Genesys' bodiless 2xx). A body that
 * is not JSON is a server fault: it becomes a GenesysApiError of kind 'server' (status kept as received).
 */
export function parseSuccessBody(response: HttpResponse, operation: string): unknown {
  if (response.text.trim() === '') return undefined;
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    throw new GenesysApiError({
      operation,
      status: response.status,
      kind: 'server',
      code: 'invalid.response.body',
      serverMessage: `the ${response.status} response body is not JSON (${headerValue(response.headers, 'content-type') ?? 'no content type'})`,
      contextId: headerValue(response.headers, 'inin-correlation-id'),
    });
  }
}
