/**
 * The two error shapes the emulator speaks: the Platform API's ErrorBody (`/api/v2/...`) and the OAuth
 * error body of the login host (`/oauth/token`). Handlers throw these; the server serialises them and adds
 * the correlation id, so no handler ever writes an error body by hand.
 */

export interface ErrorDetail {
  errorCode?: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

/** Wire shape of a Platform API error (SDK model `ErrorBody`). */
export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  contextId: string;
  details: ErrorDetail[];
  errors: ErrorBody[];
  entityId?: string;
  entityName?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: {
      messageParams?: Record<string, string>;
      details?: ErrorDetail[];
      entityId?: string;
      entityName?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(contextId: string): ErrorBody {
    const body: ErrorBody = {
      message: this.message,
      code: this.code,
      status: this.status,
      contextId,
      details: this.extra.details ?? [],
      errors: [],
    };
    if (this.extra.messageParams) {
      body.messageParams = this.extra.messageParams;
      body.messageWithParams = this.message;
    }
    if (this.extra.entityId) body.entityId = this.extra.entityId;
    if (this.extra.entityName) body.entityName = this.extra.entityName;
    return body;
  }
}

/** A 400 that names the offending field and says how to fix it. */
export function invalidField(fieldName: string, message: string, code = 'invalid.value'): ApiError {
  return new ApiError(400, code, message, { details: [{ errorCode: code, fieldName }] });
}

export function notFound(what: string, id?: string): ApiError {
  const message = id === undefined ? `${what} was not found` : `${what} ${id} was not found`;
  return new ApiError(404, 'not.found', message, id === undefined ? {} : { entityId: id });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'bad.request', message);
}

export function conflict(message: string): ApiError {
  return new ApiError(409, 'general.conflict', message);
}

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'temporarily_unavailable'
  | 'server_error';

/** OAuth 2 error of the token endpoint: `{error, description, error_description}` as the login host sends it. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  toBody(): { error: string; description: string; error_description: string } {
    return { error: this.error, description: this.description, error_description: this.description };
  }
}

/**
 * The token endpoint never answers in the Platform API's shape: a failure raised by shared code (body
 * parsing, size limit, unknown method, an injected fault, a validation shared with `/api/v2`) is restated
 * as the nearest OAuth error, keeping its status and headers (`Retry-After`).
 */
export function asOAuthError(err: ApiError): OAuthError {
  const code: OAuthErrorCode =
    err.status === 401
      ? 'invalid_client'
      : err.status === 429 || err.status === 503
        ? 'temporarily_unavailable'
        : err.status >= 500
          ? 'server_error'
          : 'invalid_request';
  return new OAuthError(err.status, code, err.message, err.extra.headers);
}
