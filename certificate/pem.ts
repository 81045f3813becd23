import { wrapLines } from './base64.js';

/** PEM as OpenSSL writes it: LF line endings, 64-character base64 lines, trailing newline. */
export function derToPem(der: Uint8Array, label: string): string {
  return `-----BEGIN ${label}-----\n${wrapLines(Buffer.from(der).toString('base64'), 64)}-----END ${label}-----\n`;
}

/**
 * Reads a certificate given as PEM (with BEGIN/END lines) or as the bare base64 body, on one line or
 * wrapped, and returns its DER bytes. Throws when neither form is present.
 */
export function certificateToDer(certPemOrBody: string): Buffer {
  const text = String(certPemOrBody ?? '').trim();
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  const body = (pem ? (pem[1] as string) : text).replace(/\s+/g, '');
  if (body === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    throw new Error('certificate must be a PEM certificate (-----BEGIN CERTIFICATE-----) or its base64 body');
  }
  return Buffer.from(body, 'base64');
}
