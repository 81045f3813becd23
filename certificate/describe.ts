import { createHash, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { certificateToDer } from './pem.js';
import { formatSubject, subjectFromAsn1 } from './subject.js';

export interface CertificateDescription {
  /** Hex lowercase SHA-256 over the DER bytes. */
  sha256Fingerprint: string;
  /** ISO-8601. */
  notBefore: string;
  notAfter: string;
  /** Comma form, e.g. `CN=PureEngage SAML,O=Example`. */
  subject: string;
  /** Base64 DER on one line, no BEGIN/END: what the Genesys IdP PUT takes. */
  certificateBody: string;
}

function readTime(node: forge.asn1.Asn1 | undefined): string {
  if (node && typeof node.value === 'string') {
    if (node.type === forge.asn1.Type.UTCTIME) return forge.asn1.utcTimeToDate(node.value).toISOString();
    if (node.type === forge.asn1.Type.GENERALIZEDTIME) {
      return forge.asn1.generalizedTimeToDate(node.value).toISOString();
    }
  }
  throw new Error('certificate validity is neither UTCTime nor GeneralizedTime');
}

/**
 * Fingerprint, validity and subject of any X.509 certificate, given as PEM or as its base64 body.
 * node:crypto first checks it is a certificate at all; the fields are then read from the ASN.1
 * directly because forge's certificate parser refuses non-RSA keys.
 */
export function describeCertificate(certPemOrBody: string): CertificateDescription {
  const der = certificateToDer(certPemOrBody);
  try {
    new X509Certificate(der);
  } catch {
    throw new Error(
      'certificate could not be parsed as an X.509 certificate (DER inside the PEM/base64 is invalid)',
    );
  }
  const certificate = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  const tbs = (certificate.value as forge.asn1.Asn1[])[0] as forge.asn1.Asn1;
  const fields = tbs.value as forge.asn1.Asn1[];
  // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, validity, subject, ...
  const offset = fields[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const validity = (fields[3 + offset]?.value ?? []) as forge.asn1.Asn1[];
  const subject = fields[4 + offset] as forge.asn1.Asn1;
  return {
    sha256Fingerprint: createHash('sha256').update(der).digest('hex'),
    notBefore: readTime(validity[0]),
    notAfter: readTime(validity[1]),
    subject: formatSubject(subjectFromAsn1(subject)),
    certificateBody: der.toString('base64'),
  };
}
