/**
 * Typed outcomes of Genesys Cloud calls. Callers (the Temporal activities) map these errors to retryable or
 * non-retryable failures, using `kind` and `retryAfterSeconds`; the client itself only retries idempotent
 * requests briefly on transient kinds (http.ts, TRANSIENT_READ_RETRY).
 *
 * Messages and `toJSON()` carry only what the server said about the failure (its error code and message,
 * already scrubbed of known secrets) and what we called; never request bodies, credentials or tokens.
 */

/** Coarse class of an HTTP failure; enough to choose between retrying, adopting and giving up. */
export type GenesysErrorKind =
  'bad-request' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'rate-limited' | 'server';

/**
 * The kinds that say nothing about the request itself, only about the moment: the server was overloaded or
 * failing (5xx, 408) or asked us to slow down (429). Sending the same request again later can succeed; every
 * other kind would fail the same way again. Network failures (GenesysNetworkError) are transient too.
 * purecloud/http.ts retries idempotent requests on these at once (briefly); activities/failures.ts makes them
 * the retryable Temporal failures, and its table of fatal kinds is typed as the complement of this one.
 */
export type TransientErrorKind = 'server' | 'rate-limited';

export function isTransientKind(kind: GenesysErrorKind): kind is TransientErrorKind {
  return kind === 'server' || kind === 'rate-limited';
}

/** One entry of the `details` array of a Genesys ErrorBody. */
export interface GenesysErrorDetail {
  errorCode?: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

/**
 * Maps an HTTP status to its kind. Statuses outside the named ones fall to the nearest meaning:
 * other 4xx → 'bad-request' (the request as sent cannot succeed), 408 and 5xx → 'server' (transient).
 */
export function kindOfStatus(status: number): GenesysErrorKind {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not-found';
    case 409:
    case 412:
      return 'conflict';
    case 429:
      return 'rate-limited';
    case 408:
      return 'server';
    default:
      return status >= 500 ? 'server' : 'bad-request';
  }
}

/** Root of every error this client throws. */
export abstract class GenesysError extends Error {
  /** What was called, e.g. `POST /api/v2/oauth/clients`; for configuration errors, the option name. */
  abstract readonly operation: string;
  abstract toJSON(): Record<string, unknown>;
}

/** A setting given to `createGenesysClient` is invalid; `field` names it. */
export class GenesysConfigurationError extends GenesysError {
  override readonly name = 'GenesysConfigurationError';
  readonly operation = 'configure';

  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid Genesys connection option \`${field}\`: ${problem}`);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, field: this.field, message: this.message };
  }
}

interface HttpErrorInit {
  operation: string;
  status: number;
  code: string;
  serverMessage: string;
  contextId?: string;
  retryAfterSeconds?: number;
  /** Overrides the kind derived from `status`, for failures the status alone misdescribes (a 200 with no JSON). */
  kind?: GenesysErrorKind;
}

/** The server answered with a non-success status. */
export abstract class GenesysHttpError extends GenesysError {
  readonly operation: string;
  readonly status: number;
  readonly kind: GenesysErrorKind;
  /** Genesys error code (`general.conflict`, …) or OAuth `error` (`invalid_client`, …). */
  readonly code: string;
  /** Correlation id from the body's `contextId` or the `ININ-Correlation-Id` header; quote it to Genesys support. */
  readonly contextId?: string;
  /** From `Retry-After` (seconds or HTTP date, converted to whole seconds from now). */
  readonly retryAfterSeconds?: number;

  protected constructor(init: HttpErrorInit) {
    const context = init.contextId ? ` (contextId ${init.contextId})` : '';
    super(`${init.operation} failed with ${init.status} ${init.code}: ${init.serverMessage}${context}`);
    this.operation = init.operation;
    this.status = init.status;
    this.kind = init.kind ?? kindOfStatus(init.status);
    this.code = init.code;
    this.contextId = init.contextId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      status: this.status,
      code: this.code,
      message: this.message,
      operation: this.operation,
      contextId: this.contextId,
      retryAfterSeconds: this.retryAfterSeconds,
    };
  }
}

/** A Platform API call (`/api/v2/...`) failed; fields come from the Genesys ErrorBody. */
export class GenesysApiError extends GenesysHttpError {
  override readonly name = 'GenesysApiError';
  /** The body's `message` alone (also embedded in `message`). */
  readonly serverMessage: string;
  readonly details: GenesysErrorDetail[];

  constructor(init: HttpErrorInit & { details?: GenesysErrorDetail[] }) {
    super(init);
    this.serverMessage = init.serverMessage;
    this.details = init.details ?? [];
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), details: this.details };
  }
}

/**
 * The OAuth token endpoint refused or failed (`POST /oauth/token`): bad client credentials, a rejected SAML
 * assertion, or the login service being unavailable. Fields come from the OAuth body
 * `{error, description, error_description}`; `code` is its `error`.
 */
export class GenesysAuthError extends GenesysHttpError {
  override readonly name = 'GenesysAuthError';
  readonly description: string;

  constructor(init: Omit<HttpErrorInit, 'serverMessage'> & { description: string }) {
    super({ ...init, serverMessage: init.description });
    this.description = init.description;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), description: this.description };
  }
}

export type GenesysNetworkFailure = 'timeout' | 'connection-refused' | 'connection-reset' | 'dns' | 'other';

/** No usable HTTP response: connection refused or reset, DNS failure, timeout, or a body cut short. */
export class GenesysNetworkError extends GenesysError {
  override readonly name = 'GenesysNetworkError';

  constructor(
    readonly operation: string,
    readonly failure: GenesysNetworkFailure,
    /** The low-level error code (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, …) when there is one. */
    readonly causeCode: string | undefined,
    detail: string,
  ) {
    super(`${operation} failed: ${failure}${causeCode ? ` (${causeCode})` : ''}: ${detail}`);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      failure: this.failure,
      causeCode: this.causeCode,
      message: this.message,
      operation: this.operation,
    };
  }
}
