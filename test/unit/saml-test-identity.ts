import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A signing identity for tests: a fresh 2048-bit RSA key and a self-signed certificate for it. */
export interface TestSigningIdentity {
  privateKeyPem: string;
  certificatePem: string;
  /** The certificate's base64 DER body on one line, the form Genesys Cloud stores. */
  certificateBody: string;
}

/** Key from node:crypto (fast), self-signed X.509 from node-forge (as the provisioning tool does). */
export function createTestSigningIdentity(commonName = 'saml-test-idp'): TestSigningIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  certificate.serialNumber = `01${Date.now().toString(16)}`;
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const name = [{ name: 'commonName', value: commonName }];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.sign(
    forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey,
    forge.md.sha256.create(),
  );
  const certificatePem = forge.pki.certificateToPem(certificate);
  const certificateBody = forge.util.encode64(
    forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(),
  );
  return { privateKeyPem, certificatePem, certificateBody };
}
