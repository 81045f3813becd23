import { createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { CertificateOptionsError } from './errors.js';
import type { CertificateOptions } from './options.js';

/** openssl's password callback copies at most PEM_BUFSIZE (1024) bytes: a longer one gets truncated. */
const MAX_PASSWORD_BYTES = 1024;

/** Refuses passwords openssl would read differently (none, or more than it copies). */
export function checkKeyPassword(password: string): void {
  if (typeof password !== 'string' || password.length === 0) {
    throw new CertificateOptionsError(
      'password',
      'the key password is empty; give a password to encrypt the key',
    );
  }
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw new CertificateOptionsError(
      'password',
      `the key password is longer than ${MAX_PASSWORD_BYTES} bytes, which openssl would silently truncate; use a shorter one`,
    );
  }
}

/**
 * Encrypts an RSA key with AES-256-CBC under `password`:
 * - `traditional`: `-----BEGIN RSA PRIVATE KEY-----` with `Proc-Type: 4,ENCRYPTED` and
 *   `DEK-Info: AES-256-CBC,<IV>`, key from EVP_BytesToKey(MD5, salt = IV[0..8]), as `openssl rsa
 *   -aes256` writes with OpenSSL 1.1 (and OpenSSL 3 with `-traditional`). Written by node-forge.
 * - `pkcs8`: `-----BEGIN ENCRYPTED PRIVATE KEY-----`, PBES2 / PBKDF2-HMAC-SHA256 (2048 iterations,
 *   8-byte salt) / AES-256-CBC, as `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes with OpenSSL 3.
 */
export function encryptPrivateKey(
  privateKey: forge.pki.rsa.PrivateKey,
  password: string,
  format: CertificateOptions['keyFormat'],
): string {
  checkKeyPassword(password);
  if (format === 'pkcs8') {
    // Not forge: with a SHA-256 PRF forge also writes the optional PBKDF2 keyLength field, which
    // openssl does not, and it runs PBKDF2 in JavaScript. node:crypto is OpenSSL itself, so the
    // structure is exactly what `openssl pkcs8 -topk8 -v2 aes-256-cbc` produces.
    const key = createPrivateKey(forge.pki.privateKeyToPem(privateKey));
    return key.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: password,
    }) as string;
  }
  const pem = forge.pki.encryptRsaPrivateKey(privateKey, forge.util.encodeUtf8(password), {
    legacy: true,
    algorithm: 'aes256',
  });
  // forge takes the password as a byte string (hence the UTF-8 encoding above, which is what openssl
  // sees from a UTF-8 terminal or env var) and writes CRLF line ends; openssl writes LF.
  return pem.replace(/\r\n/g, '\n');
}

/** Wrong password, or not an encrypted private key at all. Never carries the password. */
export class PrivateKeyDecryptError extends Error {
  override readonly name = 'PrivateKeyDecryptError';
}

function kindOf(pem: string): 'traditional' | 'pkcs8' | 'unencrypted' | 'unknown' {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem)) return 'pkcs8';
  if (/-----BEGIN (RSA|EC|DSA) PRIVATE KEY-----/.test(pem)) {
    return /Proc-Type:\s*4,ENCRYPTED/.test(pem) ? 'traditional' : 'unencrypted';
  }
  if (/-----BEGIN PRIVATE KEY-----/.test(pem)) return 'unencrypted';
  return 'unknown';
}

/**
 * Decrypts a key written by `encryptPrivateKey` or by openssl (traditional PEM with any cipher
 * openssl offers, or PKCS#8 PBES1/PBES2) and returns it unencrypted, in memory only: PKCS#1 for a
 * traditional input, PKCS#8 for a PKCS#8 input. Decryption uses node:crypto (OpenSSL) rather than
 * forge: forge knows only part of what openssl writes (no scrypt, no ARIA or Camellia in PKCS#8),
 * and on a wrong password it returns null or throws an ASN.1 error depending on the garbage, where
 * OpenSSL fails one way.
 */
export function decryptPrivateKeyPem(keyPemEnc: string, password: string): string {
  const kind = kindOf(String(keyPemEnc ?? ''));
  if (kind === 'unknown') {
    throw new PrivateKeyDecryptError(
      'the key is not a PEM private key (no -----BEGIN ... PRIVATE KEY----- line)',
    );
  }
  if (kind === 'unencrypted') {
    throw new PrivateKeyDecryptError(
      'the key is not encrypted; expected a password-protected key (key.pem.enc)',
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyPemEnc, format: 'pem', passphrase: password });
  } catch {
    // OpenSSL's message ("bad decrypt") says nothing useful, and the password must not leak.
    throw new PrivateKeyDecryptError(
      'the private key could not be decrypted: wrong password, or a damaged key file',
    );
  }
  if (kind === 'pkcs8' || key.asymmetricKeyType !== 'rsa') {
    return key.export({ type: 'pkcs8', format: 'pem' }) as string;
  }
  return key.export({ type: 'pkcs1', format: 'pem' }) as string;
}
