import { createHash, createPrivateKey, sign } from 'node:crypto';
import forge from 'node-forge';
import { opensslBase64 } from './base64.js';
import { type CertificateOptions, validateCertificateOptions } from './options.js';
import { derToPem } from './pem.js';
import { keyGenerationSlots } from './key-generation-slots.js';
import { checkKeyPassword, encryptPrivateKey } from './private-key.js';
import { randomSerialNumber } from './serial.js';
import { formatSubject, parseSubject, toForgeAttributes } from './subject.js';

export { decryptPrivateKeyPem, PrivateKeyDecryptError } from './private-key.js';
export { describeCertificate, type CertificateDescription } from './describe.js';

export interface CertificateBundle {
  /** PEM with BEGIN/END, trailing newline. */
  certPem: string;
  /** == `openssl base64 -in cert.pem`. */
  certPemB64: string;
  /** Encrypted key PEM (traditional or PKCS#8, see CertificateOptions.keyFormat). */
  keyPemEnc: string;
  /** == `openssl base64 -in key.pem.enc`. */
  keyPemEncB64: string;
  /** Base64 DER on ONE line, no BEGIN/END (what the Genesys IdP PUT takes). */
  certificateBody: string;
  /** Hex lowercase SHA-256 over DER. */
  sha256Fingerprint: string;
  /** ISO-8601. */
  notBefore: string;
  notAfter: string;
  /** Uppercase hex, as `openssl x509 -noout -serial` prints it. */
  serialNumberHex: string;
  /** Comma form, e.g. `CN=PureEngage SAML,O=Example`. */
  subject: string;
}

const DAY_MS = 86_400_000;

/**
 * forge's generateKeyPair with a callback hands the work to node's `crypto.generateKeyPair`
 * (OpenSSL, on the libuv thread pool) when it runs on Node; that holds under ESM/tsx too, because
 * forge itself is loaded as CommonJS and finds `crypto`. Measured on this (loaded, 2-core) machine:
 * 0.1-0.7 s for RSA-2048 against 5-13 s for forge's pure-JavaScript path, and the event loop stays
 * free meanwhile. At most one generation per core at once (key-generation-slots.ts).
 */
export function generateRsaKeyPair(bits: number): Promise<forge.pki.rsa.KeyPair> {
  return keyGenerationSlots.run(
    () =>
      new Promise((resolve, reject) => {
        forge.pki.rsa.generateKeyPair({ bits, e: 0x10001 }, (err, keys) =>
          err ? reject(err) : resolve(keys),
        );
      }),
  );
}

/** The v3 extensions OpenSSL 3 `req -x509` adds by default (its `v3_ca` section), in its order. */
const CA_EXTENSIONS = [
  { name: 'subjectKeyIdentifier' },
  // keyid only: OpenSSL 3 writes `keyid:always,issuer` as just the key id for a self-signed cert.
  { name: 'authorityKeyIdentifier', keyIdentifier: true },
  { name: 'basicConstraints', cA: true, critical: true },
];

/** forge computes the TBSCertificate this way in `cert.sign`; its typings omit the function. */
const getTBSCertificate = (
  forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }
).getTBSCertificate;

/**
 * What forge's `cert.sign(key, sha256)` does, with the RSA operation done by node:crypto: forge
 * signs in JavaScript, which measured 300-700 ms for RSA-2048 on this machine (more than the key
 * generation) against 15-50 ms natively, and the signature bytes are the same (PKCS#1 v1.5 is
 * deterministic).
 */
function signWithSha256(cert: forge.pki.Certificate, privateKey: forge.pki.rsa.PrivateKey): void {
  cert.md = forge.md.sha256.create();
  cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption as string;
  cert.tbsCertificate = getTBSCertificate(cert);
  const tbsDer = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
  // The unencrypted PEM exists only in memory, to hand the key to OpenSSL.
  const key = createPrivateKey(forge.pki.privateKeyToPem(privateKey));
  cert.signature = sign('sha256', tbsDer, key).toString('binary');
}

/**
 * A self-signed X.509 certificate and its AES-256-encrypted private key, as `openssl req -new -x509
 * -nodes -days N` followed by `openssl rsa -aes256` would make them, plus the base64 forms PureEngage
 * takes. Nothing touches the disk; the unencrypted key lives only in memory here.
 */
export async function generateCertificateBundle(
  options: CertificateOptions,
  password: string,
): Promise<CertificateBundle> {
  const valid = validateCertificateOptions(options);
  checkKeyPassword(password);
  const keys = await generateRsaKeyPair(valid.keyBits);

  // X.509 times have whole seconds: drop the milliseconds so the ISO strings match the certificate.
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + valid.days * DAY_MS);
  const serial = randomSerialNumber();
  const attributes = parseSubject(valid.subject);

  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial.derHex;
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  // forge fills in fields on the arrays it is given, so subject and issuer each get their own.
  cert.setSubject(toForgeAttributes(attributes));
  cert.setIssuer(toForgeAttributes(attributes));
  cert.setExtensions(CA_EXTENSIONS.map((e) => ({ ...e })));
  signWithSha256(cert, keys.privateKey);

  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  const certPem = derToPem(der, 'CERTIFICATE');
  const keyPemEnc = encryptPrivateKey(keys.privateKey, password, valid.keyFormat);
  return {
    certPem,
    certPemB64: opensslBase64(certPem),
    keyPemEnc,
    keyPemEncB64: opensslBase64(keyPemEnc),
    certificateBody: der.toString('base64'),
    sha256Fingerprint: createHash('sha256').update(der).digest('hex'),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    serialNumberHex: serial.displayHex,
    subject: formatSubject(attributes),
  };
}
