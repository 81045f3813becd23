import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { projectDataDir, readOrCreateSecretFile } from './local-secret-file.js';

/** Key entries given inline: `keyId:base64key[,keyId:base64key...]`. The first entry encrypts; all decrypt. */
export const KEY_ENV = 'HYBRID_CODEC_KEY';
/** Path of a file holding key entries (one per line or comma-separated). The first entry encrypts; all decrypt. */
export const KEY_FILE_ENV = 'HYBRID_CODEC_KEY_FILE';
/** AES-256 needs exactly 32 key bytes. */
export const KEY_BYTES = 32;

const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;
const GENERATE_HINT = 'generate a key with `openssl rand -base64 32`';

/**
 * One AES-256 key. The material is a `KeyObject`, which prints as `SecretKeyObject { type: 'secret' }`, so an
 * accidental log statement or error serialisation cannot leak the key bytes.
 */
export interface CodecKey {
  readonly id: string;
  readonly material: KeyObject;
}

export interface CodecKeyring {
  /** Encrypts every new payload. */
  readonly activeKey: CodecKey;
  /** Every key that may decrypt a stored payload, the active one included, by key id. */
  readonly keys: ReadonlyMap<string, CodecKey>;
  /** Where the keys came from, for messages (`HYBRID_CODEC_KEY`, or a file path); never key bytes. */
  readonly source: string;
}

/** Bad key configuration. The message names the variable or file and the fix, never key bytes. */
export class CodecKeyConfigError extends Error {
  override readonly name = 'CodecKeyConfigError';
}

export interface LoadKeyringOptions {
  env?: NodeJS.ProcessEnv;
  /** Key file created on first use when neither variable is set (default `<data dir>/codec.key`). */
  defaultKeyFile?: string;
}

/** The local key file used when neither `HYBRID_CODEC_KEY_FILE` nor `HYBRID_CODEC_KEY` is set. */
export function defaultKeyFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(projectDataDir(env), 'codec.key');
}

/**
 * Loads the keyring from `HYBRID_CODEC_KEY_FILE`, else `HYBRID_CODEC_KEY`, else the local default key file, which
 * is created with one fresh random key on first use so that a developer machine works without setup.
 */
export async function loadKeyring(options: LoadKeyringOptions = {}): Promise<CodecKeyring> {
  const env = options.env ?? process.env;
  const keyFile = env[KEY_FILE_ENV]?.trim();
  const inlineKeys = env[KEY_ENV]?.trim();

  if (keyFile && inlineKeys) {
    throw new CodecKeyConfigError(
      `Both ${KEY_FILE_ENV} and ${KEY_ENV} are set; unset one of them so that it is clear which key encrypts.`,
    );
  }
  if (keyFile) {
    const path = resolve(keyFile);
    return parseKeyring(await readKeyFile(path), `${KEY_FILE_ENV} (${path})`);
  }
  if (env[KEY_ENV] !== undefined) {
    return parseKeyring(env[KEY_ENV] ?? '', KEY_ENV);
  }
  const path = options.defaultKeyFile ?? defaultKeyFilePath(env);
  const text = await readOrCreateSecretFile(path, () => defaultKeyFileContent(generateKeyEntry()));
  return parseKeyring(text, `default key file ${path}`);
}

/**
 * Parses key entries `keyId:base64key`, separated by commas or newlines; blank lines and `#` comment lines are
 * ignored. `source` names where the text came from, so every error tells the operator what to fix.
 */
export function parseKeyring(text: string, source: string): CodecKeyring {
  const entries = text
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);

  if (entries.length === 0) {
    throw new CodecKeyConfigError(
      `${source} holds no key entries; expected one or more "keyId:base64key" entries (${GENERATE_HINT}).`,
    );
  }

  const keys = new Map<string, CodecKey>();
  entries.forEach((entry, index) => {
    const key = parseEntry(entry, `${source} entry ${index + 1}`);
    if (keys.has(key.id)) {
      throw new CodecKeyConfigError(
        `${source} lists key id "${key.id}" more than once; give every key its own id (e.g. "2026-11:...").`,
      );
    }
    keys.set(key.id, key);
  });

  const activeKey = keys.values().next().value as CodecKey;
  return { activeKey, keys, source };
}

/** A fresh key entry `local-<yyyymmdd>-<random>:<base64>` for a local key file. */
export function generateKeyEntry(now: Date = new Date()): string {
  const date = now.toISOString().slice(0, 10).replaceAll('-', '');
  const id = `local-${date}-${randomBytes(3).toString('hex')}`;
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

function defaultKeyFileContent(entry: string): string {
  return [
    '# Hybrid Provisioner payload codec keys (AES-256-GCM), created on first use.',
    '# One "keyId:base64key" per line. The FIRST line encrypts; every line decrypts.',
    '# To rotate: add a new first line and keep the old ones until no history needs them.',
    entry,
    '',
  ].join('\n');
}

function parseEntry(entry: string, where: string): CodecKey {
  const separator = entry.indexOf(':');
  if (separator <= 0) {
    throw new CodecKeyConfigError(`${where} is not of the form "keyId:base64key" (${GENERATE_HINT}).`);
  }
  const id = entry.slice(0, separator).trim();
  const encoded = entry.slice(separator + 1).trim();

  if (!KEY_ID_PATTERN.test(id)) {
    throw new CodecKeyConfigError(
      `${where} has an invalid key id; use 1-64 characters from A-Z a-z 0-9 . _ - starting with a letter or digit.`,
    );
  }
  if (!BASE64_PATTERN.test(encoded) || encoded.length % 4 !== 0) {
    throw new CodecKeyConfigError(
      `${where} (key id "${id}") is not valid base64; expected standard padded base64 of ${KEY_BYTES} bytes (${GENERATE_HINT}).`,
    );
  }
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== KEY_BYTES) {
    const length = bytes.length;
    bytes.fill(0);
    throw new CodecKeyConfigError(
      `${where} (key id "${id}") decodes to ${length} bytes; AES-256 needs exactly ${KEY_BYTES} (${GENERATE_HINT}).`,
    );
  }
  const material = createSecretKey(bytes);
  bytes.fill(0);
  return { id, material };
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new CodecKeyConfigError(
        `${KEY_FILE_ENV} points to ${path}, which does not exist; create it with a "keyId:base64key" line or unset ${KEY_FILE_ENV}.`,
      );
    }
    throw new CodecKeyConfigError(
      `${KEY_FILE_ENV} points to ${path}, which cannot be read (${code ?? 'error'}).`,
    );
  }
}
