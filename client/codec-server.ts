import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { PayloadDecryptionError } from '../codec/encryption-codec.js';
import { redactPayloadForDisplay } from '../codec/redact-for-display.js';

/** Origins of the Web UI of `temporal server start-dev` (port 8233). */
export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:8233', 'http://127.0.0.1:8233'];
/** The UI batches payloads; 4 MiB matches the gRPC message limit, so any history payload fits. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

const ALLOWED_HEADERS = 'content-type, x-namespace, authorization';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export interface CodecServerOptions {
  port: number;
  /** Bind address (default 127.0.0.1: decoded payloads are secrets, so listen beyond loopback only on purpose). */
  host?: string;
  /** Browser origins allowed to call (default `DEFAULT_ALLOWED_ORIGINS`); requests with another `Origin` get 403. */
  allowedOrigins?: string[];
  /** Required as `Authorization: Bearer <token>` on every encode/decode. */
  token?: string;
  /**
   * Accept requests without a token. For a loopback-bound local demo only: the dev server's UI cannot send a
   * bearer token (see codec/README.md). Refused together with a non-loopback `host`.
   */
  insecureNoAuth?: boolean;
  codec: PayloadCodec;
  maxBodyBytes?: number;
}

export interface CodecServer {
  /** Base URL to give the UI (`--ui-codec-endpoint`) or the CLI (`--codec-endpoint`). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The Temporal codec server protocol (`POST /encode`, `POST /decode`, JSON payloads with base64 fields), called
 * by the Web UI straight from the browser, hence the CORS handling, and by the Temporal CLI.
 */
export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const host = options.host ?? '127.0.0.1';
  const authorize = bearerCheck(options, host);
  const allowedOrigins = new Set(options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Only our own safe messages reach the client; anything unexpected stays generic.
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.destroy(error instanceof Error ? error : undefined);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const origin = request.headers.origin;
    // Requests without Origin come from non-browser clients (Temporal CLI, curl); the bearer token guards them.
    if (origin !== undefined) {
      if (!allowedOrigins.has(origin)) {
        sendJson(response, 403, { error: `origin ${origin} is not allowed to use this codec server` });
        return;
      }
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Vary', 'Origin');
    }

    const path = new URL(request.url ?? '/', 'http://codec.invalid').pathname;
    const operation = path === '/encode' ? 'encode' : path === '/decode' ? 'decode' : undefined;
    if (!operation) {
      sendJson(response, 404, { error: 'not found; use POST /encode or POST /decode' });
      return;
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      });
      response.end();
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST, OPTIONS');
      sendJson(response, 405, { error: `${request.method ?? 'this method'} is not allowed; use POST` });
      return;
    }
    if (!authorize(request.headers.authorization)) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      sendJson(response, 401, { error: 'missing or wrong bearer token' });
      return;
    }
    if (!isJson(request.headers['content-type'])) {
      sendJson(response, 415, { error: 'content-type must be application/json' });
      return;
    }

    const body = await readBody(request, maxBodyBytes);
    if (body === 'too-large') {
      response.setHeader('Connection', 'close');
      sendJson(response, 413, { error: `request body exceeds ${maxBodyBytes} bytes` });
      return;
    }
    const parsed = parsePayloadsBody(body);
    if (!parsed.ok) {
      sendJson(response, 400, { error: parsed.error });
      return;
    }

    let converted: Payload[];
    try {
      converted = await options.codec[operation](parsed.payloads);
      if (operation === 'decode') converted = converted.map(redactPayloadForDisplay);
    } catch (error) {
      // Our decryption errors name the key id and the fix, never key bytes or plaintext, so they may be returned;
      // any other codec's message might quote payload content and stays generic.
      const message = error instanceof PayloadDecryptionError ? error.message : `${operation} failed`;
      sendJson(response, 422, { error: message });
      return;
    }
    response.setHeader('Cache-Control', 'no-store');
    sendJson(response, 200, { payloads: converted.map(payloadToJson) });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function bearerCheck(options: CodecServerOptions, host: string): (header: string | undefined) => boolean {
  if (options.insecureNoAuth) {
    if (options.token !== undefined) {
      throw new Error('startCodecServer: give either token or insecureNoAuth, not both.');
    }
    if (!LOOPBACK_HOSTS.has(host)) {
      throw new Error(
        `startCodecServer: insecureNoAuth is only allowed on a loopback host (127.0.0.1, ::1, localhost), not ${host}; ` +
          'set a token (HYBRID_CODEC_SERVER_TOKEN) to listen elsewhere.',
      );
    }
    return () => true;
  }
  if (!options.token) {
    throw new Error(
      'startCodecServer: a token is required (HYBRID_CODEC_SERVER_TOKEN or the generated token file); ' +
        'pass insecureNoAuth: true only for a loopback-bound local demo.',
    );
  }
  // Comparing digests keeps the comparison constant-time even when the lengths differ.
  const expected = sha256(options.token);
  return (header) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return match?.[1] !== undefined && timingSafeEqual(sha256(match[1]), expected);
  };
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
// protojson (the Temporal CLI's encoder) omits an empty repeated field, so `{}` means no payloads; unknown
// top-level keys are refused so that a misspelt `payloads` is a 400 rather than a silent empty reply.
const payloadsBody = z.strictObject({
  payloads: z
    .array(
      z.object({
        metadata: z.record(z.string(), base64).nullish(),
        data: base64.nullish(),
      }),
    )
    .default([]),
});

type ParsedBody = { ok: true; payloads: Payload[] } | { ok: false; error: string };

/** Parses the codec protocol body `{"payloads":[{"metadata":{"k":"<base64>"},"data":"<base64>"}]}`. */
export function parsePayloadsBody(body: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {
      ok: false,
      error: 'body is not valid JSON; expected {"payloads":[{"metadata":{...},"data":"..."}]}',
    };
  }
  const result = payloadsBody.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    return { ok: false, error: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  return {
    ok: true,
    payloads: result.data.payloads.map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
      ),
      data: Buffer.from(payload.data ?? '', 'base64'),
    })),
  };
}

function payloadToJson(payload: Payload): { metadata: Record<string, string>; data: string } {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [
        key,
        Buffer.from(value).toString('base64'),
      ]),
    ),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}

async function readBody(request: IncomingMessage, limit: number): Promise<string | 'too-large'> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return 'too-large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(text);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
