import type { Document, Element } from '@xmldom/xmldom';
import { parseCertificate } from '../../saml/certificates.js';
import {
  ATTRIBUTE_EMAIL,
  SAML_ASSERTION_NS,
  SAML_PROTOCOL_NS,
  STATUS_SUCCESS,
  XMLDSIG_NS,
} from '../../saml/namespaces.js';
import { verifyEnvelopedSignature, type TrustedCertificate } from './check-signature.js';
import { checkValidityWindow } from './check-validity-window.js';
import { allIdValues, childrenNamed, descendantElementsNamed, idOf, isNamed, textOf } from './dom.js';
import { decodeBase64Xml, parseUntrustedXml } from './parse-untrusted-xml.js';
import { readAssertionClaims, type AssertionClaims } from './read-assertion.js';
import { SamlRejectedError, quote } from './rejection.js';

export { SamlRejectedError, type SamlRejectionReason } from './rejection.js';

/** What the relying party (the org's PureEngage identity provider) trusts. */
export interface SamlTrust {
  /** The IdP's configured certificates: PEM blocks or bare base64 DER bodies (primary plus backups). */
  certificates: string[];
  issuerURI: string;
  now?: Date;
  /** Default 10, the skew Genesys Cloud documents. */
  maxClockSkewSeconds?: number;
  /**
   * Audience values this relying party answers to. When given, every AudienceRestriction the assertion
   * carries must name one of them (SAML core §2.5.1.4); an assertion without one is accepted.
   */
  audiences?: string[];
  /** Recipient values accepted on bearer SubjectConfirmationData; a confirmation without one is accepted. */
  recipients?: string[];
}

export interface VerifiedAssertion {
  issuer: string;
  subjectNameId: string;
  /** The `email` attribute, else the NameID. */
  email: string;
  attributes: Record<string, string[]>;
  /** The earliest NotOnOrAfter of Conditions and bearer SubjectConfirmationData, as written. */
  notOnOrAfter?: string;
}

const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 10;
const P = SAML_PROTOCOL_NS;
const A = SAML_ASSERTION_NS;

/**
 * Verifies a base64 SAML 2.0 `<samlp:Response>` (or a bare `<saml:Assertion>`) as Genesys Cloud's
 * SAML2 bearer grant would, and returns the authenticated subject. Throws `SamlRejectedError` with
 * a `reason` for any document it refuses; throws `TypeError` when `trust` itself is misconfigured.
 *
 * Signature wrapping is resisted in layers: exactly one Assertion, placed directly in the Response;
 * IDs unique; every ds:Signature a direct child of the Response or the Assertion with its single
 * Reference pointing at that parent's own ID; and every claim is read from the canonical XML the
 * verified signature covers (xml-crypto `getSignedReferences()`), never from the received document.
 */
export function verifySamlResponse(base64Response: string, trust: SamlTrust): VerifiedAssertion {
  const { trusted, issuerURI, now, skewMs } = readTrust(trust);
  const xml = decodeBase64Xml(base64Response);
  const document = parseUntrustedXml(xml);
  const { root, assertion } = locateAssertion(document);

  const responseSignatures = root === assertion ? [] : childrenNamed(root, XMLDSIG_NS, 'Signature');
  const assertionSignatures = childrenNamed(assertion, XMLDSIG_NS, 'Signature');
  const allSignatures = descendantElementsNamed(document, XMLDSIG_NS, 'Signature');
  if (allSignatures.length !== responseSignatures.length + assertionSignatures.length) {
    throw new SamlRejectedError(
      'wrapped',
      'a Signature sits somewhere other than directly in the Response or Assertion',
    );
  }
  if (responseSignatures.length > 1 || assertionSignatures.length > 1) {
    throw new SamlRejectedError('wrapped', 'the Response or the Assertion carries more than one Signature');
  }
  if (allSignatures.length === 0) {
    throw new SamlRejectedError('unsigned', 'neither the Response nor its Assertion is signed');
  }

  // Every signature present must verify; the Assertion is then taken from signed bytes only.
  let signedAssertion: Element | undefined;
  let signedResponse: Element | undefined;
  const [responseSignature] = responseSignatures;
  const [assertionSignature] = assertionSignatures;
  if (responseSignature !== undefined) {
    signedResponse = signedElement(verifyEnvelopedSignature(responseSignature, root, xml, trusted), root);
    const inner = childrenNamed(signedResponse, A, 'Assertion');
    if (inner.length !== 1)
      throw new SamlRejectedError('wrapped', 'the signed Response does not hold exactly one Assertion');
    signedAssertion = inner[0];
  }
  if (assertionSignature !== undefined) {
    signedAssertion = signedElement(
      verifyEnvelopedSignature(assertionSignature, assertion, xml, trusted),
      assertion,
    );
  }
  if (signedAssertion === undefined)
    throw new SamlRejectedError('unsigned', 'the Assertion is not covered by a signature');

  if (root !== assertion) checkResponseEnvelope(signedResponse ?? root, issuerURI);
  const claims = readAssertionClaims(signedAssertion);
  if (claims.issuer !== issuerURI) {
    throw new SamlRejectedError(
      'wrong-issuer',
      `the Assertion Issuer ${quote(claims.issuer)} is not the identity provider's issuerURI ${quote(issuerURI)}`,
    );
  }
  checkAudienceAndRecipient(claims, trust);
  const notOnOrAfter = checkValidityWindow(claims, now, skewMs);
  const email = claims.attributes[ATTRIBUTE_EMAIL]?.find((value) => value !== '') ?? claims.nameId;
  return {
    issuer: claims.issuer,
    subjectNameId: claims.nameId,
    email,
    attributes: claims.attributes,
    ...(notOnOrAfter === undefined ? {} : { notOnOrAfter }),
  };
}

/**
 * RFC 7522 §3 (SAML 2.0 profile for OAuth 2.0 grants): the assertion names the authorization server in an
 * AudienceRestriction, and a bearer SubjectConfirmationData carries a Recipient. Checked only when present
 * and only when `trust` says what to expect: how strictly Genesys enforces them is unconfirmed (reference §7).
 */
function checkAudienceAndRecipient(claims: AssertionClaims, trust: SamlTrust): void {
  if (trust.audiences !== undefined) {
    for (const restriction of claims.audienceRestrictions) {
      if (!restriction.some((audience) => trust.audiences?.includes(audience))) {
        throw new SamlRejectedError(
          'wrong-audience',
          `the AudienceRestriction names ${restriction.map((a) => quote(a)).join(', ') || 'no Audience'}, not this org's token endpoint or relying party identifier`,
        );
      }
    }
  }
  if (trust.recipients !== undefined) {
    for (const confirmation of claims.bearerConfirmations) {
      if (confirmation.recipient !== undefined && !trust.recipients.includes(confirmation.recipient)) {
        throw new SamlRejectedError(
          'wrong-recipient',
          `the SubjectConfirmationData Recipient ${quote(confirmation.recipient)} is not the token endpoint`,
        );
      }
    }
  }
}

function readTrust(trust: SamlTrust): {
  trusted: TrustedCertificate[];
  issuerURI: string;
  now: Date;
  skewMs: number;
} {
  if (!Array.isArray(trust.certificates) || trust.certificates.length === 0) {
    throw new TypeError('trust.certificates must list at least one IdP certificate (PEM or base64 DER body)');
  }
  const trusted = trust.certificates.map((value, index) => {
    const certificate = parseCertificate(value, `trust.certificates[${index}]`);
    return { certificate, pem: certificate.toString() };
  });
  const issuerURI = typeof trust.issuerURI === 'string' ? trust.issuerURI.trim() : '';
  if (issuerURI === '')
    throw new TypeError("trust.issuerURI must be the identity provider's issuer (entity ID)");
  const now = trust.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw new TypeError('trust.now must be a valid Date');
  const skew = trust.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS;
  if (!Number.isFinite(skew) || skew < 0) {
    throw new TypeError('trust.maxClockSkewSeconds must be a number of seconds >= 0 (default 10)');
  }
  return { trusted, issuerURI, now, skewMs: skew * 1000 };
}

/** Finds the single Assertion and refuses the document shapes signature-wrapping attacks need. */
function locateAssertion(document: Document): { root: Element; assertion: Element } {
  const root = document.documentElement as Element;
  if (descendantElementsNamed(document, A, 'EncryptedAssertion').length > 0) {
    throw new SamlRejectedError(
      'encrypted',
      'encrypted assertions are not supported; send the Assertion unencrypted',
    );
  }
  const isResponse = isNamed(root, P, 'Response');
  if (!isResponse && !isNamed(root, A, 'Assertion')) {
    throw new SamlRejectedError(
      'malformed',
      `the document is <${root.tagName}>, expected a SAML 2.0 <samlp:Response> (or <saml:Assertion>)`,
    );
  }
  const responses = descendantElementsNamed(document, P, 'Response');
  const assertions = descendantElementsNamed(document, A, 'Assertion');
  if (assertions.length === 0) throw new SamlRejectedError('malformed', 'the Response contains no Assertion');
  if (assertions.length > 1 || responses.length > (isResponse ? 1 : 0)) {
    throw new SamlRejectedError(
      'wrapped',
      `the document holds ${assertions.length} Assertions and ${responses.length} Responses; exactly one of each is accepted`,
    );
  }
  const assertion = assertions[0] as Element;
  if (isResponse && assertion.parentNode !== root) {
    throw new SamlRejectedError('wrapped', 'the Assertion is not a direct child of the Response');
  }
  const ids = allIdValues(document);
  if (new Set(ids).size !== ids.length) {
    throw new SamlRejectedError('wrapped', 'the document holds several elements with the same ID');
  }
  return { root, assertion };
}

/**
 * Parses the canonical XML a verified signature covers and checks it is the very element the
 * signature sits in (same name and ID), so nothing else can be read in its place.
 */
function signedElement(canonicalXml: string, expected: Element): Element {
  const signed = parseUntrustedXml(canonicalXml, 'the signed content').documentElement as Element;
  const expectedId = idOf(expected);
  if (
    signed.namespaceURI !== expected.namespaceURI ||
    signed.localName !== expected.localName ||
    expectedId === undefined ||
    idOf(signed) !== expectedId
  ) {
    throw new SamlRejectedError(
      'wrapped',
      `the signature does not cover the <${expected.tagName}> it sits in`,
    );
  }
  return signed;
}

/** The Response's own Issuer (optional in SAML) must name the same IdP, and its status must be success. */
function checkResponseEnvelope(response: Element, issuerURI: string): void {
  const [issuer] = childrenNamed(response, A, 'Issuer');
  if (issuer !== undefined && textOf(issuer) !== issuerURI) {
    throw new SamlRejectedError(
      'wrong-issuer',
      `the Response Issuer ${quote(textOf(issuer))} is not the identity provider's issuerURI ${quote(issuerURI)}`,
    );
  }
  const [status] = childrenNamed(response, P, 'Status');
  const [code] = status === undefined ? [] : childrenNamed(status, P, 'StatusCode');
  const value = code?.getAttribute('Value');
  if (value != null && value !== STATUS_SUCCESS) {
    throw new SamlRejectedError('malformed', `the Response status is ${quote(value)}, not Success`);
  }
}
