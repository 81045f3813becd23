import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  ENCODING_ENCRYPTED,
  EncryptionCodec,
  METADATA_KEY_ID,
  PayloadDecryptionError,
} from '../../codec/encryption-codec.js';
import { parseKeyring } from '../../codec/keys.js';

const SECRET = 'client-secret-7f3a9c1e-do-not-leak';

function keyEntry(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

function codecFor(...entries: string[]): EncryptionCodec {
  return new EncryptionCodec(parseKeyring(entries.join('\n'), 'test keys'));
}

function jsonPayload(value: unknown): Payload {
  return defaultPayloadConverter.toPayload(value);
}

function text(bytes: Uint8Array | null | undefined): string {
  return Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
}

async function decodeError(codec: EncryptionCodec, payloads: Payload[]): Promise<PayloadDecryptionError> {
  const error: unknown = await codec.decode(payloads).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PayloadDecryptionError);
  return error as PayloadDecryptionError;
}

describe('EncryptionCodec', () => {
  it('restores the original payloads, metadata included, after an encode/decode round trip', async () => {
    const codec = codecFor(keyEntry('k1'));
    const originals = [
      jsonPayload({ secret: SECRET, n: 42 }),
      jsonPayload(null),
      jsonPayload(new Uint8Array([1, 2])),
    ];

    const decoded = await codec.decode(await codec.encode(originals));

    expect(decoded).toHaveLength(3);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      { secret: SECRET, n: 42 },
      null,
      new Uint8Array([1, 2]),
    ]);
    expect(text(decoded[0]?.metadata?.[METADATA_ENCODING_KEY])).toBe('json/plain');
  });

  it('stores neither the plaintext nor its original encoding in the encrypted payload', async () => {
    const codec = codecFor(keyEntry('k1'));

    const [encrypted] = await codec.encode([jsonPayload({ secret: SECRET })]);

    expect(text(encrypted?.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCODING_ENCRYPTED);
    expect(text(encrypted?.metadata?.[METADATA_KEY_ID])).toBe('k1');
    expect(Object.keys(encrypted?.metadata ?? {}).sort()).toEqual(
      [METADATA_ENCODING_KEY, METADATA_KEY_ID].sort(),
    );
    const raw = Buffer.from(encrypted?.data ?? new Uint8Array());
    expect(raw.includes(Buffer.from(SECRET))).toBe(false);
    expect(raw.includes(Buffer.from('json/plain'))).toBe(false);
  });

  it('uses a fresh IV for every payload, so equal plaintexts give different ciphertexts', async () => {
    const codec = codecFor(keyEntry('k1'));

    const [a, b] = await codec.encode([jsonPayload(SECRET), jsonPayload(SECRET)]);

    expect(Buffer.from(a?.data ?? []).equals(Buffer.from(b?.data ?? []))).toBe(false);
  });

  it('passes payloads with another encoding through decode unchanged', async () => {
    const codec = codecFor(keyEntry('k1'));
    const plain = jsonPayload({ from: 'an older, unencrypted history' });

    const [decoded] = await codec.decode([plain]);

    expect(decoded).toBe(plain);
  });

  it('encrypts with the first key and still decrypts payloads of a rotated-out key', async () => {
    const oldEntry = keyEntry('2026-10');
    const newEntry = keyEntry('2026-11');
    const before = codecFor(oldEntry);
    const afterRotation = codecFor(newEntry, oldEntry);

    const [oldPayload] = await before.encode([jsonPayload('written before rotation')]);
    const [newPayload] = await afterRotation.encode([jsonPayload('written after rotation')]);

    expect(text(newPayload?.metadata?.[METADATA_KEY_ID])).toBe('2026-11');
    expect(afterRotation.activeKeyId).toBe('2026-11');
    const decoded = await afterRotation.decode([oldPayload as Payload, newPayload as Payload]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      'written before rotation',
      'written after rotation',
    ]);
  });

  it('names the unknown key id and how to supply it, without any key material', async () => {
    const writerEntry = keyEntry('retired-key');
    const reader = codecFor(keyEntry('current-key'));
    const [encrypted] = await codecFor(writerEntry).encode([jsonPayload(SECRET)]);

    const error = await decodeError(reader, [encrypted as Payload]);

    expect(error.keyId).toBe('retired-key');
    expect(error.message).toContain('"retired-key"');
    expect(error.message).toContain('HYBRID_CODEC_KEY_FILE');
    expect(error.message).toContain('HYBRID_CODEC_KEY');
    expect(error.message).toContain('current-key');
    expect(error.message).not.toContain(writerEntry.split(':')[1]);
    expect(error.message).not.toContain(SECRET);
  });

  it('fails authentication when the same key id holds a different key', async () => {
    const [encrypted] = await codecFor(keyEntry('k1')).encode([jsonPayload(SECRET)]);

    const error = await decodeError(codecFor(keyEntry('k1')), [encrypted as Payload]);

    expect(error.message).toMatch(/key id "k1".*failed authentication/);
  });

  it('detects a flipped ciphertext bit instead of returning altered data', async () => {
    const codec = codecFor(keyEntry('k1'));
    const [encrypted] = await codec.encode([jsonPayload(SECRET)]);
    const data = Buffer.from(encrypted?.data ?? []);
    data[14] = (data[14] ?? 0) ^ 0x01;

    const error = await decodeError(codec, [{ ...encrypted, data }]);

    expect(error.message).toContain('the ciphertext was modified');
  });

  it('rejects a truncated payload and one without a key id', async () => {
    const codec = codecFor(keyEntry('k1'));
    const [encrypted] = await codec.encode([jsonPayload(SECRET)]);

    const truncated = await decodeError(codec, [{ ...encrypted, data: encrypted?.data?.subarray(0, 20) }]);
    expect(truncated.message).toContain('too short');

    const metadata = { ...encrypted?.metadata };
    delete metadata[METADATA_KEY_ID];
    const anonymous = await decodeError(codec, [{ ...encrypted, metadata }]);
    expect(anonymous.message).toContain(METADATA_KEY_ID);
  });
});
