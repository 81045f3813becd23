import { X509Certificate } from 'node:crypto';

const PEM_CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads one X.509 certificate given either as a PEM block or as the bare base64 DER body, the form
 * Genesys Cloud stores in an identity provider's `certificates` (and Terraform passes on one line).
 * `field` names the setting in the error, which never repeats the value itself.
 */
export function parseCertificate(value: string, field: string): X509Certificate {
  const hint = `${field} must be one X.509 certificate: a PEM block (-----BEGIN CERTIFICATE-----) or its base64 DER body`;
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`${hint}; it is empty`);
  const pemBlocks = value.match(PEM_CERTIFICATE_BLOCK) ?? [];
  if (pemBlocks.length > 1) throw new TypeError(`${hint}; it holds ${pemBlocks.length} PEM blocks`);
  try {
    if (pemBlocks.length === 1) return new X509Certificate(pemBlocks[0] as string);
    const body = value.replace(/\s+/g, '');
    if (!BASE64_BODY.test(body)) throw new TypeError('not base64');
    return new X509Certificate(Buffer.from(body, 'base64'));
  } catch {
    throw new TypeError(`${hint}; it could not be decoded`);
  }
}

/** The base64 DER body of a certificate: what `<ds:X509Certificate>` and Genesys Cloud carry. */
export function certificateBody(certificate: X509Certificate): string {
  return certificate.raw.toString('base64');
}

/** True when both are the very same certificate (byte-equal DER), whatever armour they came in. */
export function isSameCertificate(a: X509Certificate, b: X509Certificate): boolean {
  return a.raw.equals(b.raw);
}
