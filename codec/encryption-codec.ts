import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
// @temporalio/proto is CommonJS whose exports Node's ESM loader cannot detect, so a named import fails under
// tsx/node (vitest would hide that): take the default export.
import proto from '@temporalio/proto';
import { KEY_ENV, KEY_FILE_ENV, type CodecKey, type CodecKeyring } from './keys.js';

/** `encoding` metadata of a payload this codec produced. */
export const ENCODING_ENCRYPTED = 'binary/encrypted';
/** Metadata naming the key that encrypted the payload, so that rotated-out keys can still decrypt old history. */
export const METADATA_KEY_ID = 'encryption-key-id';

const PayloadProto = proto.temporal.api.common.v1.Payload;
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A payload could not be decrypted. The message names the key id and the fix, never key bytes or plaintext. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
  constructor(
    message: string,
    /** The key id recorded in the payload, if any. */
    readonly keyId?: string,
  ) {
    super(message);
  }
}

/**
 * Encrypts each payload with AES-256-GCM under the keyring's active key. The encrypted data is
 * `iv (12 bytes) || ciphertext || auth tag (16 bytes)` over the serialised original `Payload`, so its metadata
 * (encoding, message type) is hidden too and restored exactly on decode. This is the layout of the
 * samples-typescript encryption sample (WebCrypto appends the tag the same way).
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keyring: CodecKeyring) {}

  /** The id of the key new payloads are encrypted with. */
  get activeKeyId(): string {
    return this.keyring.activeKey.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => encryptPayload(payload, this.keyring.activeKey));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (metadataText(payload, METADATA_ENCODING_KEY) !== ENCODING_ENCRYPTED) return payload;
      return decryptPayload(payload, this.keyring);
    });
  }
}

function encryptPayload(payload: Payload, key: CodecKey): Payload {
  const plaintext = PayloadProto.encode(payload).finish();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key.material, iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    metadata: {
      [METADATA_ENCODING_KEY]: utf8(ENCODING_ENCRYPTED),
      [METADATA_KEY_ID]: utf8(key.id),
    },
    data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
  };
}

function decryptPayload(payload: Payload, keyring: CodecKeyring): Payload {
  const keyId = metadataText(payload, METADATA_KEY_ID);
  if (!keyId) {
    throw new PayloadDecryptionError(
      `Encrypted payload has no "${METADATA_KEY_ID}" metadata, so no key can be chosen to decrypt it.`,
    );
  }
  const key = keyring.keys.get(keyId);
  if (!key) {
    throw new PayloadDecryptionError(
      `Payload was encrypted with key id "${keyId}", which is not in the keyring from ${keyring.source} ` +
        `(known ids: ${[...keyring.keys.keys()].join(', ')}). Add that key as a "${keyId}:<base64 key>" entry ` +
        `after the active one in ${KEY_FILE_ENV} or ${KEY_ENV}.`,
      keyId,
    );
  }

  const data = payload.data ?? new Uint8Array();
  if (data.length < IV_BYTES + TAG_BYTES) {
    throw new PayloadDecryptionError(
      `Encrypted payload (key id "${keyId}") is ${data.length} bytes, too short to hold an IV and an auth tag; it was truncated or is not ours.`,
      keyId,
    );
  }
  const iv = data.subarray(0, IV_BYTES);
  const tag = data.subarray(data.length - TAG_BYTES);
  const ciphertext = data.subarray(IV_BYTES, data.length - TAG_BYTES);

  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv(CIPHER, key.material, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new PayloadDecryptionError(
      `Encrypted payload (key id "${keyId}") failed authentication: the ciphertext was modified, or the key ` +
        `configured under id "${keyId}" is not the key that encrypted it.`,
      keyId,
    );
  }
  return PayloadProto.decode(plaintext);
}

function metadataText(payload: Payload, key: string): string | undefined {
  const value = payload.metadata?.[key];
  return value ? Buffer.from(value).toString('utf8') : undefined;
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
