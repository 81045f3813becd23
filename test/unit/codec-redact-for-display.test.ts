import { describe, expect, it } from 'vitest';
import { REDACTED_SECRET, redactPayloadForDisplay } from '../../codec/redact-for-display.js';

const json = (value: unknown) => ({
  metadata: { encoding: new Uint8Array(Buffer.from('json/plain')) },
  data: new Uint8Array(Buffer.from(JSON.stringify(value))),
});
const read = (p: { data?: Uint8Array | null }) => JSON.parse(Buffer.from(p.data!).toString()) as unknown;

describe('codec server display redaction', () => {
  it('hides secrets given as values and OAuth client secrets, and keeps everything else', () => {
    const input = {
      org: 'demo',
      target: {
        environment: 'mypurecloud.com',
        clientId: { env: 'ID' },
        clientSecret: { value: 's3cret-admin' },
      },
      certificate: { password: { value: 'key-password' } },
      clients: [{ name: 'WDE', secret: 'client-secret', id: 'abc' }],
      note: { value: 42 },
    };
    const shown = JSON.stringify(read(redactPayloadForDisplay(json(input))));
    expect(shown).not.toContain('s3cret-admin');
    expect(shown).not.toContain('key-password');
    expect(shown).not.toContain('client-secret');
    expect(read(redactPayloadForDisplay(json(input)))).toMatchObject({
      org: 'demo',
      target: { clientId: { env: 'ID' }, clientSecret: { value: REDACTED_SECRET } },
      clients: [{ name: 'WDE', id: 'abc', secret: REDACTED_SECRET }],
      note: { value: 42 },
    });
  });

  it('passes payloads of other encodings through untouched', () => {
    const binary = {
      metadata: { encoding: new Uint8Array(Buffer.from('binary/plain')) },
      data: new Uint8Array([1, 2]),
    };
    expect(redactPayloadForDisplay(binary)).toBe(binary);
  });
});
