import type { X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { isSameCertificate, parseCertificate } from '../../saml/certificates.js';
import { XMLDSIG_NS } from '../../saml/namespaces.js';
import {
  ACCEPTED_CANONICALIZATIONS,
  ACCEPTED_DIGEST_METHODS,
  ACCEPTED_SIGNATURE_METHODS,
  ACCEPTED_TRANSFORMS,
} from '../../saml/xmldsig-algorithms.js';
import { COMMENT_NODE, childrenNamed, descendantElementsNamed, descendants, idOf, textOf } from './dom.js';
import { SamlRejectedError, quote } from './rejection.js';

/** A certificate the relying party configured, with the PEM form xml-crypto verifies with. */
export interface TrustedCertificate {
  certificate: X509Certificate;
  pem: string;
}

/**
 * Verifies the enveloped `signature` that must cover exactly its `parent` element, and returns the
 * canonical XML of what it signed: the only bytes the caller may read claims from (xml-crypto's
 * `getSignedReferences()`, read only after `checkSignature` returned true, never after a throw).
 *
 * The certificate in the document's KeyInfo is never trusted. Each trusted certificate is tried
 * (the one KeyInfo names first, as a shortcut). Classification when none verifies:
 * - `bad-signature`: the signed content no longer matches its digest (edited after signing), or the
 *   SignatureValue fails although KeyInfo names a trusted certificate (SignedInfo or value altered);
 * - `untrusted-certificate`: the content is intact but was signed by a key none of the trusted
 *   certificates holds (KeyInfo names another certificate, or none).
 */
export function verifyEnvelopedSignature(
  signature: Element,
  parent: Element,
  xml: string,
  trusted: readonly TrustedCertificate[],
): string {
  const what = `the signature on <${parent.tagName}>`;
  checkSignatureShape(signature, parent, what);
  const keyInfoCertificate = certificateFromKeyInfo(signature);
  const ordered = [...trusted].sort(
    (a, b) => Number(isNamedBy(b, keyInfoCertificate)) - Number(isNamedBy(a, keyInfoCertificate)),
  );
  for (const candidate of ordered) {
    const verifier = new SignedXml({ publicCert: candidate.pem, getCertFromKeyInfo: () => null });
    // xmldom 0.9 node; xml-crypto walks it with its own xpath at runtime (its DOM-lib typings resolve to any here).
    verifier.loadSignature(signature);
    let valid: boolean;
    try {
      valid = verifier.checkSignature(xml);
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (message.startsWith('invalid signature: the signature value')) continue; // another key signed it
      if (message.includes('multiple elements with the same value for the ID')) {
        throw new SamlRejectedError('wrapped', 'the document holds several elements with the same ID');
      }
      throw new SamlRejectedError('bad-signature', `${what} could not be verified`);
    }
    if (!valid) {
      // Digests are keyless: a mismatch means the content changed after signing, whatever the key.
      throw new SamlRejectedError(
        'bad-signature',
        `${what} does not match the content: it was changed after signing`,
      );
    }
    const signed = verifier.getSignedReferences();
    if (signed.length !== 1 || signed[0] === undefined) {
      throw new SamlRejectedError('wrapped', `${what} must sign exactly one element`);
    }
    return signed[0];
  }
  if (keyInfoCertificate !== undefined && trusted.some((t) => isNamedBy(t, keyInfoCertificate))) {
    throw new SamlRejectedError('bad-signature', `${what} is not valid for the trusted certificate it names`);
  }
  throw new SamlRejectedError(
    'untrusted-certificate',
    `${what} was not made with any certificate configured for this identity provider`,
  );
}

function isNamedBy(candidate: TrustedCertificate, keyInfoCertificate: X509Certificate | undefined): boolean {
  return keyInfoCertificate !== undefined && isSameCertificate(candidate.certificate, keyInfoCertificate);
}

/**
 * The shape SAML's XML-DSig profile requires: one SignedInfo, one Reference whose URI is `#` + the
 * parent's own ID (so the signature covers the element it sits in, nothing elsewhere), and only
 * accepted algorithms. Comments inside the signature are refused: they once let a DigestValue be
 * read differently by the verifier and the canonicalizer (CVE-2025-29775).
 */
function checkSignatureShape(signature: Element, parent: Element, what: string): void {
  if (descendants(signature).some((node) => node.nodeType === COMMENT_NODE)) {
    throw new SamlRejectedError('malformed', `${what} contains XML comments, which are not allowed there`);
  }
  const signedInfos = childrenNamed(signature, XMLDSIG_NS, 'SignedInfo');
  if (signedInfos.length !== 1) {
    throw new SamlRejectedError('malformed', `${what} must have exactly one SignedInfo`);
  }
  const signedInfo = signedInfos[0] as Element;
  const parentId = idOf(parent);
  if (parentId === undefined) {
    throw new SamlRejectedError('malformed', `<${parent.tagName}> is signed but has no ID attribute`);
  }
  const references = childrenNamed(signedInfo, XMLDSIG_NS, 'Reference');
  if (references.length !== 1) {
    throw new SamlRejectedError(
      'wrapped',
      `${what} must reference exactly one element, not ${references.length}`,
    );
  }
  const uri = (references[0] as Element).getAttribute('URI') ?? '';
  if (uri !== `#${parentId}`) {
    throw new SamlRejectedError(
      'wrapped',
      `${what} references ${quote(uri)} instead of its own element's ID`,
    );
  }
  requireAlgorithm(signedInfo, 'CanonicalizationMethod', ACCEPTED_CANONICALIZATIONS, what);
  requireAlgorithm(signedInfo, 'SignatureMethod', ACCEPTED_SIGNATURE_METHODS, what);
  requireAlgorithm(references[0] as Element, 'DigestMethod', ACCEPTED_DIGEST_METHODS, what);
  for (const transform of descendantElementsNamed(references[0] as Element, XMLDSIG_NS, 'Transform')) {
    const algorithm = transform.getAttribute('Algorithm') ?? '';
    if (!ACCEPTED_TRANSFORMS.has(algorithm)) {
      throw new SamlRejectedError(
        'bad-signature',
        `${what} uses the unsupported transform ${quote(algorithm)}`,
      );
    }
  }
}

function requireAlgorithm(
  parent: Element,
  localName: string,
  accepted: ReadonlySet<string>,
  what: string,
): void {
  const methods = childrenNamed(parent, XMLDSIG_NS, localName);
  const algorithm = methods.length === 1 ? ((methods[0] as Element).getAttribute('Algorithm') ?? '') : '';
  if (!accepted.has(algorithm)) {
    throw new SamlRejectedError(
      'bad-signature',
      `${what} uses ${localName} ${quote(algorithm)}; accepted: ${[...accepted].join(', ')}`,
    );
  }
}

/** The certificate KeyInfo names, used only to explain a failure and to try that trusted cert first. */
function certificateFromKeyInfo(signature: Element): X509Certificate | undefined {
  const [keyInfo] = childrenNamed(signature, XMLDSIG_NS, 'KeyInfo');
  if (keyInfo === undefined) return undefined;
  const [element] = descendantElementsNamed(keyInfo, XMLDSIG_NS, 'X509Certificate');
  if (element === undefined) return undefined;
  try {
    return parseCertificate(textOf(element), 'KeyInfo X509Certificate');
  } catch {
    return undefined;
  }
}
