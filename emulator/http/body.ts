import type { IncomingMessage } from 'node:http';
import { ApiError, OAuthError, badRequest } from '../errors.js';
import { RequestAbortedError } from './aborted-requests.js';
import type { BodyKind } from './router.js';

export const MAX_BODY_BYTES = 1024 * 1024;

const NO_BODY = Buffer.alloc(0);

/** Reads the whole body; past the limit it keeps draining (so keep-alive survives) but reports 413. */
export function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3), and Node's parser
  // reads it so. Most requests (every GET) are such: they skip the stream machinery (four listeners, flowing
  // mode, ticks until 'end'); Node's server discards the empty stream when the response ends.
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
    return Promise.resolve(NO_BODY);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    // A client that goes away mid-body is not the emulator's failure: a distinct error, logged as one line.
    req.on('error', (error) => reject(req.destroyed ? new RequestAbortedError(error.message) : error));
    req.on('aborted', () => reject(new RequestAbortedError('aborted')));
  });
}

export interface ParsedBody {
  json: unknown;
  form: URLSearchParams;
}

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/**
 * JSON routes take `application/json` (415 otherwise) and answer malformed JSON with 400 `bad.request`.
 * The token endpoint takes form fields (the SDK sends `application/x-www-form-urlencoded`); hand-written
 * clients often omit the header, so a missing one is read as a form too. Routes without a body ignore it.
 */
export function parseBody(kind: BodyKind, contentType: string | undefined, raw: Buffer): ParsedBody {
  const empty = { json: undefined, form: new URLSearchParams() };
  if (kind === 'none' || raw.length === 0) return empty;
  const type = mediaType(contentType);
  if (kind === 'form') {
    if (type !== undefined && type !== 'application/x-www-form-urlencoded') {
      throw new OAuthError(
        415,
        'invalid_request',
        `Content-Type ${type} is not supported; send application/x-www-form-urlencoded`,
      );
    }
    return { json: undefined, form: new URLSearchParams(raw.toString('utf8')) };
  }
  if (type !== 'application/json') {
    throw new ApiError(
      415,
      'unsupported.media.type',
      `Content-Type ${type ?? '(none)'} is not supported; send application/json`,
    );
  }
  try {
    return { json: JSON.parse(raw.toString('utf8')), form: new URLSearchParams() };
  } catch (err) {
    throw badRequest(`The request body is not valid JSON: ${(err as Error).message}`);
  }
}
