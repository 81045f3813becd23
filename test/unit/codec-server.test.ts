import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCodecServer, type CodecServer } from '../../client/codec-server.js';
import { ENCODING_ENCRYPTED, EncryptionCodec } from '../../codec/encryption-codec.js';
import { parseKeyring } from '../../codec/keys.js';

const TOKEN = 'test-token-0123456789abcdefghij';
const UI_ORIGIN = 'http://localhost:8233';
const SECRET = 'saml-private-key-passphrase-0042';

type JsonPayload = { metadata: Record<string, string>; data: string };

function toJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}

function fromJson(payload: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(payload.data, 'base64'),
  };
}

describe('codec server', () => {
  const codec = new EncryptionCodec(parseKeyring(`k1:${randomBytes(32).toString('base64')}`, 'test'));
  let server: CodecServer;

  beforeAll(async () => {
    server = await startCodecServer({ port: 0, token: TOKEN, codec });
  });
  afterAll(async () => {
    await server.close();
  });

  function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(server.url + path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-namespace': 'default',
        authorization: `Bearer ${TOKEN}`,
        origin: UI_ORIGIN,
        ...headers,
      },
      body,
    });
  }

  it('listens on loopback by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('encodes and decodes payloads over HTTP in the Temporal codec protocol', async () => {
    const original = defaultPayloadConverter.toPayload({ message: SECRET });

    const encodeResponse = await post('/encode', JSON.stringify({ payloads: [toJson(original)] }));
    expect(encodeResponse.status).toBe(200);
    expect(encodeResponse.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(encodeResponse.headers.get('cache-control')).toBe('no-store');
    const encoded = (await encodeResponse.json()) as { payloads: JsonPayload[] };
    const encrypted = fromJson(encoded.payloads[0] as JsonPayload);
    expect(Buffer.from(encrypted.metadata?.[METADATA_ENCODING_KEY] ?? []).toString()).toBe(
      ENCODING_ENCRYPTED,
    );
    expect(JSON.stringify(encoded)).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 12));

    const decodeResponse = await post('/decode', JSON.stringify(encoded));
    expect(decodeResponse.status).toBe(200);
    const decoded = (await decodeResponse.json()) as { payloads: JsonPayload[] };
    expect(defaultPayloadConverter.fromPayload(fromJson(decoded.payloads[0] as JsonPayload))).toEqual({
      message: SECRET,
    });
  });

  it('hides secret values in what it decodes for the UI', async () => {
    const [encrypted] = await codec.encode([
      defaultPayloadConverter.toPayload({
        clientSecret: { value: SECRET },
        client: { name: 'WDE', secret: SECRET },
      }),
    ]);
    const response = await post('/decode', JSON.stringify({ payloads: [toJson(encrypted!)] }));
    const decoded = (await response.json()) as { payloads: JsonPayload[] };
    const shown = defaultPayloadConverter.fromPayload(fromJson(decoded.payloads[0] as JsonPayload));
    expect(JSON.stringify(shown)).not.toContain(SECRET);
    expect(shown).toMatchObject({ client: { name: 'WDE' } });
  });

  it('decodes what the codec encoded in-process, e.g. payloads from a fetched history', async () => {
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload('from history')]);

    const response = await post('/decode', JSON.stringify({ payloads: [toJson(encrypted as Payload)] }));

    const body = (await response.json()) as { payloads: JsonPayload[] };
    expect(defaultPayloadConverter.fromPayload(fromJson(body.payloads[0] as JsonPayload))).toBe(
      'from history',
    );
  });

  it('answers the CORS preflight of an allowed origin without a token', async () => {
    const response = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace,authorization',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'content-type, x-namespace, authorization',
    );
  });

  it('refuses a foreign origin with 403 and no CORS headers, preflight or not', async () => {
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    const request = await post('/decode', JSON.stringify({ payloads: [] }), {
      origin: 'https://evil.example',
    });

    for (const response of [preflight, request]) {
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('refuses a missing or wrong bearer token with 401', async () => {
    const body = JSON.stringify({ payloads: [] });
    const missing = await fetch(`${server.url}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: UI_ORIGIN },
      body,
    });
    const wrong = await post('/decode', body, { authorization: `Bearer ${TOKEN}x` });
    const wrongScheme = await post('/decode', body, { authorization: `Basic ${TOKEN}` });

    for (const response of [missing, wrong, wrongScheme]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('accepts a request without Origin (Temporal CLI) when the token is right', async () => {
    const response = await fetch(`${server.url}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ payloads: [] }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ payloads: [] });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers malformed bodies with 400 naming the problem', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{not json', /not valid JSON/],
      ['{"payload":[]}', /^body: Unrecognized key/],
      ['{"payloads":{}}', /^payloads: /],
      ['{"payloads":[{"data":"***"}]}', /^payloads\.0\.data: must be base64/],
      ['{"payloads":[{"metadata":{"encoding":42}}]}', /^payloads\.0\.metadata\.encoding: /],
    ];
    for (const [body, message] of cases) {
      const response = await post('/decode', body);
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
  });

  it('treats {} as no payloads, as protojson writes an empty list', async () => {
    const response = await post('/decode', '{}');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ payloads: [] });
  });

  it('answers a payload it cannot decrypt with 422 naming the key id', async () => {
    const foreign = new EncryptionCodec(parseKeyring(`other:${randomBytes(32).toString('base64')}`, 'test'));
    const [encrypted] = await foreign.encode([defaultPayloadConverter.toPayload(SECRET)]);

    const response = await post('/decode', JSON.stringify({ payloads: [toJson(encrypted as Payload)] }));

    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: string }).error).toContain('key id "other"');
  });

  it('refuses other paths, other methods, non-JSON bodies and oversized bodies', async () => {
    expect((await post('/nope', '{}')).status).toBe(404);
    expect((await fetch(`${server.url}/decode`, { headers: { origin: UI_ORIGIN } })).status).toBe(405);
    expect((await post('/decode', 'payloads', { 'content-type': 'text/plain' })).status).toBe(415);

    const small = await startCodecServer({ port: 0, token: TOKEN, codec, maxBodyBytes: 64 });
    try {
      const response = await fetch(`${small.url}/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ payloads: [{ data: 'A'.repeat(200) }] }),
      });
      expect(response.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});

describe('codec server with a codec of unknown error hygiene', () => {
  it('hides the message of errors that are not decryption errors', async () => {
    const leaky = {
      encode: async () => [],
      decode: async (): Promise<Payload[]> => {
        throw new Error(`cannot parse ${SECRET}`);
      },
    };
    const server = await startCodecServer({ port: 0, token: TOKEN, codec: leaky });
    try {
      const response = await fetch(`${server.url}/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ payloads: [{ data: '' }] }),
      });

      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({ error: 'decode failed' });
    } finally {
      await server.close();
    }
  });
});

describe('startCodecServer configuration', () => {
  const codec = new EncryptionCodec(parseKeyring(`k1:${randomBytes(32).toString('base64')}`, 'test'));

  it('requires a token unless insecureNoAuth is chosen', async () => {
    await expect(startCodecServer({ port: 0, codec })).rejects.toThrow(
      /token is required.*HYBRID_CODEC_SERVER_TOKEN/,
    );
  });

  it('allows insecureNoAuth only on a loopback host', async () => {
    await expect(startCodecServer({ port: 0, host: '0.0.0.0', insecureNoAuth: true, codec })).rejects.toThrow(
      /only allowed on a loopback host/,
    );

    const server = await startCodecServer({ port: 0, insecureNoAuth: true, codec });
    try {
      const response = await fetch(`${server.url}/encode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:8233' },
        body: JSON.stringify({ payloads: [] }),
      });
      expect(response.status).toBe(200);
      const foreign = await fetch(`${server.url}/encode`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'http://localhost:3000' },
        body: JSON.stringify({ payloads: [] }),
      });
      expect(foreign.status).toBe(403);
    } finally {
      await server.close();
    }
  });
});
