import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS, XMLDSIG_NS } from '../../saml/namespaces.js';
import { ENVELOPED_SIGNATURE, EXCLUSIVE_C14N, RSA_SHA256, SHA256 } from '../../saml/xmldsig-algorithms.js';
import type { TestSigningIdentity } from './saml-test-identity.js';

/** Test-only DOM surgery on SAML documents, to build the tampered and wrapped variants an attacker would send. */

export function parseXml(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

export function serialize(document: Document): string {
  return new XMLSerializer().serializeToString(document);
}

export function toBase64(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}

export function first(document: Document | Element, namespace: string, localName: string): Element {
  const found = document.getElementsByTagNameNS(namespace, localName).item(0);
  if (found == null) throw new Error(`test document has no ${localName}`);
  return found;
}

export const assertionOf = (document: Document): Element => first(document, SAML_ASSERTION_NS, 'Assertion');
export const responseOf = (document: Document): Element => first(document, SAML_PROTOCOL_NS, 'Response');

/** Applies `edit` to the parsed document and returns the re-serialized XML. */
export function editXml(xml: string, edit: (document: Document) => void): string {
  const document = parseXml(xml);
  edit(document);
  return serialize(document);
}

export function removeSignatures(root: Document | Element): void {
  const signatures = Array.from(root.getElementsByTagNameNS(XMLDSIG_NS, 'Signature'));
  for (const signature of signatures) signature.parentNode?.removeChild(signature);
}

export interface SignOptions {
  what: 'assertion' | 'response';
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
}

/**
 * Drops existing signatures and signs again: lets a test craft content the builder would never
 * produce (odd attributes, weak algorithms) while keeping a cryptographically valid signature.
 */
export function resign(xml: string, identity: TestSigningIdentity, options: SignOptions): string {
  const unsigned = editXml(xml, removeSignatures);
  const response = `/*[local-name(.)='Response']`;
  const target = options.what === 'assertion' ? `${response}/*[local-name(.)='Assertion']` : response;
  const signer = new SignedXml({
    privateKey: identity.privateKeyPem,
    publicCert: identity.certificatePem,
    signatureAlgorithm: options.signatureAlgorithm ?? RSA_SHA256,
    canonicalizationAlgorithm: EXCLUSIVE_C14N,
  });
  signer.addReference({
    xpath: target,
    transforms: [ENVELOPED_SIGNATURE, EXCLUSIVE_C14N],
    digestAlgorithm: options.digestAlgorithm ?? SHA256,
  });
  signer.computeSignature(unsigned, {
    prefix: 'ds',
    location: { reference: `${target}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return signer.getSignedXml();
}
