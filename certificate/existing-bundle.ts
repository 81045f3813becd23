import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { BUNDLE_FILE_NAMES, readBundleFiles, type BundleFileKey, type BundleFiles } from './artifacts.js';
import { opensslBase64 } from './base64.js';
import { describeCertificate, type CertificateDescription } from './describe.js';
import type { CertificateOptions } from './options.js';
import { decryptPrivateKeyPem, PrivateKeyDecryptError } from './private-key.js';

export type ExistingBundleCheck =
  | { usable: true; files: BundleFiles; description: CertificateDescription }
  | { usable: false; reason: string };

/** The format of an encrypted private key PEM: PKCS#8 (`ENCRYPTED PRIVATE KEY`) or openssl's traditional one. */
export function encryptedKeyFormat(keyPemEnc: string): CertificateOptions['keyFormat'] {
  return keyPemEnc.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') ? 'pkcs8' : 'traditional';
}

/**
 * Decides whether the bundle already in `dir` is one that `generateCertificateBundle(options,
 * password)` could have written: all four files present, the key decrypts with `password` and
 * belongs to the certificate, both base64 files match their PEM, and subject, key size and key
 * format are the ones asked for. Used to adopt the output of an attempt whose result was lost.
 * The reason never contains key material or the password.
 */
export async function checkExistingBundle(
  dir: string,
  options: CertificateOptions,
  password: string,
): Promise<ExistingBundleCheck> {
  const read = await readBundleFiles(dir);
  if ('missing' in read)
    return { usable: false, reason: `it is incomplete (missing ${read.missing.join(', ')})` };
  const { contents, files } = read;

  let description: CertificateDescription;
  let certificate: X509Certificate;
  try {
    description = describeCertificate(contents.cert);
    certificate = new X509Certificate(contents.cert);
  } catch {
    return { usable: false, reason: 'its cert.pem is not a readable certificate' };
  }
  let keyPem: string;
  try {
    keyPem = decryptPrivateKeyPem(contents.key, password);
  } catch (err) {
    if (err instanceof PrivateKeyDecryptError)
      return { usable: false, reason: `its key.pem.enc: ${err.message}` };
    throw err;
  }
  const key = createPrivateKey(keyPem);
  if (!certificate.checkPrivateKey(key)) {
    return { usable: false, reason: 'its key.pem.enc does not belong to its cert.pem' };
  }
  if (contents.certB64 !== opensslBase64(contents.cert) || contents.keyB64 !== opensslBase64(contents.key)) {
    return { usable: false, reason: 'its .b64 files do not match cert.pem / key.pem.enc' };
  }
  const keyBits = key.asymmetricKeyDetails?.modulusLength;
  const keyFormat = encryptedKeyFormat(contents.key);
  if (description.subject !== options.subject) {
    return { usable: false, reason: `its subject is ${description.subject}, not ${options.subject}` };
  }
  if (keyBits !== options.keyBits) {
    return { usable: false, reason: `its key has ${keyBits} bits, not ${options.keyBits}` };
  }
  if (keyFormat !== options.keyFormat) {
    return { usable: false, reason: `its key is in ${keyFormat} format, not ${options.keyFormat}` };
  }
  return { usable: true, files, description };
}

/**
 * The files of `dir`'s bundle when they are what a killed write of this password left (artifacts.ts places the
 * key first): an incomplete bundle whose `key.pem.enc` opens with `password`, and whose other files, where
 * present, belong to that key. Anything else (no key, a key that does not open, a certificate of another key)
 * was not written by this caller: undefined, and it must not be touched.
 */
export async function interruptedWrite(dir: string, password: string): Promise<string[] | undefined> {
  const read = await readBundleFiles(dir);
  if (!('missing' in read)) return undefined;
  const { present } = read;
  const keyPemEnc = present.key;
  if (keyPemEnc === undefined) return undefined;
  let key: KeyObject;
  try {
    key = createPrivateKey(decryptPrivateKeyPem(keyPemEnc, password));
  } catch {
    return undefined;
  }
  const cert = present.cert;
  if (cert !== undefined && !readsAs(() => new X509Certificate(cert).checkPrivateKey(key))) return undefined;
  const certB64 = present.certB64;
  if (certB64 !== undefined && (cert === undefined || certB64 !== opensslBase64(cert))) return undefined;
  const keyB64 = present.keyB64;
  if (keyB64 !== undefined && keyB64 !== opensslBase64(keyPemEnc)) return undefined;
  return (Object.keys(present) as BundleFileKey[]).map((k) => BUNDLE_FILE_NAMES[k]);
}

function readsAs(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
