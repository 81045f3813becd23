import { X509Certificate } from 'node:crypto';
import type { Document } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { buildSignedSamlResponse, type SamlResponseInput } from '../../saml/build-response.js';
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS, XMLDSIG_NS } from '../../saml/namespaces.js';
import {
  SamlRejectedError,
  verifySamlResponse,
  type SamlRejectionReason,
  type SamlTrust,
} from '../../emulator/saml/verify-response.js';
import { verifyEnvelopedSignature } from '../../emulator/saml/check-signature.js';
import { createTestSigningIdentity } from './saml-test-identity.js';
import {
  assertionOf,
  editXml,
  first,
  parseXml,
  removeSignatures,
  resign,
  responseOf,
  serialize,
  toBase64,
} from './saml-test-xml.js';

const idp = createTestSigningIdentity('trusted-idp');
const attacker = createTestSigningIdentity('attacker');
const ISSUER = 'https://idp.example.com/saml';
const NOW = new Date('2026-06-01T12:00:00Z');
const at = (seconds: number): Date => new Date(NOW.getTime() + seconds * 1000);

function build(overrides: Partial<SamlResponseInput> = {}): { xml: string; base64: string } {
  return buildSignedSamlResponse({
    issuer: ISSUER,
    subjectEmail: 'agent@example.com',
    orgName: 'acme-hybrid',
    serviceName: 'workspace',
    audience: 'urn:gc:acme',
    recipient: 'https://login.mypurecloud.com/saml',
    now: NOW,
    privateKeyPem: idp.privateKeyPem,
    certificatePem: idp.certificatePem,
    ...overrides,
  });
}

const trust = (overrides: Partial<SamlTrust> = {}): SamlTrust => ({
  certificates: [idp.certificateBody],
  issuerURI: ISSUER,
  now: at(1),
  ...overrides,
});

function rejection(base64: string, trustOverrides: Partial<SamlTrust> = {}): SamlRejectedError {
  try {
    verifySamlResponse(base64, trust(trustOverrides));
  } catch (error) {
    if (error instanceof SamlRejectedError) return error;
    throw error;
  }
  throw new Error('expected the response to be rejected, but it was accepted');
}

function expectRejected(
  base64: string,
  reason: SamlRejectionReason,
  trustOverrides: Partial<SamlTrust> = {},
): void {
  const error = rejection(base64, trustOverrides);
  expect({ reason: error.reason, message: error.message }).toMatchObject({ reason });
}

const tamper = (xml: string, edit: (document: Document) => void): string => toBase64(editXml(xml, edit));

describe('verifySamlResponse: genuine responses', () => {
  it('accepts an assertion-signed Response and returns the signed subject and attributes', () => {
    const verified = verifySamlResponse(build().base64, trust());
    expect(verified).toEqual({
      issuer: ISSUER,
      subjectNameId: 'agent@example.com',
      email: 'agent@example.com',
      attributes: {
        email: ['agent@example.com'],
        OrganizationName: ['acme-hybrid'],
        ServiceName: ['workspace'],
      },
      notOnOrAfter: '2026-06-01T12:05:00Z',
    });
  });

  it.each(['response', 'both'] as const)('accepts a Response signed as %s', (signWhat) => {
    expect(verifySamlResponse(build({ signWhat }).base64, trust()).email).toBe('agent@example.com');
  });

  it('accepts trusted certificates as PEM as well as bare base64 bodies', () => {
    expect(verifySamlResponse(build().base64, trust({ certificates: [idp.certificatePem] })).email).toBe(
      'agent@example.com',
    );
  });

  it('accepts a response signed with a backup certificate when several are trusted', () => {
    const signedByBackup = build({
      privateKeyPem: attacker.privateKeyPem,
      certificatePem: attacker.certificatePem,
    });
    const verified = verifySamlResponse(
      signedByBackup.base64,
      trust({ certificates: [idp.certificateBody, attacker.certificatePem] }),
    );
    expect(verified.subjectNameId).toBe('agent@example.com');
  });

  it('accepts an XML declaration and base64 wrapped over several lines', () => {
    const withDeclaration = toBase64(`<?xml version="1.0" encoding="UTF-8"?>\n${build().xml}`);
    const wrapped = withDeclaration.replace(/(.{76})/g, '$1\r\n');
    expect(verifySamlResponse(wrapped, trust()).email).toBe('agent@example.com');
  });

  it('accepts a bare signed Assertion as well as a whole Response', () => {
    const document = parseXml(build().xml);
    const bare = serialize(assertionOf(document) as unknown as Document);
    expect(verifySamlResponse(toBase64(bare), trust()).email).toBe('agent@example.com');
  });

  it('prefers the email attribute over the NameID', () => {
    const xml = editXml(build().xml, (document) => {
      const value = first(document, SAML_ASSERTION_NS, 'AttributeValue');
      value.textContent = 'other.address@example.com';
    });
    const verified = verifySamlResponse(toBase64(resign(xml, idp, { what: 'assertion' })), trust());
    expect(verified).toMatchObject({
      subjectNameId: 'agent@example.com',
      email: 'other.address@example.com',
    });
  });

  it('reads the whole signed NameID even when a comment splits it (CVE-2017-11427 style truncation)', () => {
    const signed = build({ subjectEmail: 'admin@example.com.evil.test' });
    const split = tamper(signed.xml, (document) => {
      const nameId = first(document, SAML_ASSERTION_NS, 'NameID');
      nameId.textContent = 'admin@example.com';
      nameId.appendChild(document.createComment(''));
      nameId.appendChild(document.createTextNode('.evil.test'));
    });
    expect(verifySamlResponse(split, trust()).subjectNameId).toBe('admin@example.com.evil.test');
  });
});

describe('verifySamlResponse: time window', () => {
  it('rejects an expired assertion', () => {
    expectRejected(build().base64, 'expired', { now: at(300 + 11) });
  });

  it('accepts an assertion expired by less than the 10 s clock skew', () => {
    expect(verifySamlResponse(build().base64, trust({ now: at(305) })).email).toBe('agent@example.com');
  });

  it('rejects an assertion that is not yet valid', () => {
    expectRejected(build().base64, 'not-yet-valid', { now: at(-11) });
  });

  it('accepts an assertion that starts within the clock skew', () => {
    expect(verifySamlResponse(build().base64, trust({ now: at(-5) })).email).toBe('agent@example.com');
  });

  it('honours a custom maxClockSkewSeconds', () => {
    expectRejected(build().base64, 'expired', { now: at(300), maxClockSkewSeconds: 0 });
  });

  it('checks the bearer SubjectConfirmationData window even when Conditions allow longer', () => {
    const xml = editXml(build({ validForSeconds: 3600 }).xml, (document) => {
      first(document, SAML_ASSERTION_NS, 'SubjectConfirmationData').setAttribute(
        'NotOnOrAfter',
        '2026-06-01T12:01:00Z',
      );
    });
    const base64 = toBase64(resign(xml, idp, { what: 'assertion' }));
    expectRejected(base64, 'expired', { now: at(120) });
    expect(verifySamlResponse(base64, trust({ now: at(30) })).notOnOrAfter).toBe('2026-06-01T12:01:00Z');
  });
});

describe('verifySamlResponse: trust', () => {
  it('rejects a NameID changed after signing', () => {
    const base64 = tamper(build().xml, (document) => {
      first(document, SAML_ASSERTION_NS, 'NameID').textContent = 'ceo@example.com';
    });
    const error = rejection(base64);
    expect(error.reason).toBe('bad-signature');
    expect(error.message).toMatch(/changed after signing/);
  });

  it('rejects an attribute changed after signing, in a response-signed document too', () => {
    for (const signWhat of ['assertion', 'response'] as const) {
      const base64 = tamper(build({ signWhat }).xml, (document) => {
        const values = document.getElementsByTagNameNS(SAML_ASSERTION_NS, 'AttributeValue');
        (values.item(1) as NonNullable<ReturnType<typeof values.item>>).textContent = 'another-org';
      });
      expectRejected(base64, 'bad-signature');
    }
  });

  it('rejects a response signed by a key whose certificate is not trusted', () => {
    const forged = build({ privateKeyPem: attacker.privateKeyPem, certificatePem: attacker.certificatePem });
    const error = rejection(forged.base64);
    expect(error.reason).toBe('untrusted-certificate');
    expect(error.message).toMatch(/not made with any certificate configured/);
  });

  it('does not trust a KeyInfo that names the trusted certificate over a signature made by another key', () => {
    const forged = build({ privateKeyPem: attacker.privateKeyPem, certificatePem: attacker.certificatePem });
    const base64 = tamper(forged.xml, (document) => {
      first(document, XMLDSIG_NS, 'X509Certificate').textContent = idp.certificateBody;
    });
    expectRejected(base64, 'bad-signature');
  });

  it('rejects a response whose Assertion Issuer is not the configured issuerURI', () => {
    const error = rejection(build().base64, { issuerURI: 'https://other-idp.example.com' });
    expect(error.reason).toBe('wrong-issuer');
    expect(error.message).toContain('https://idp.example.com/saml');
  });

  it('rejects a Response whose own Issuer names another IdP even if only the Assertion is signed', () => {
    const base64 = tamper(build().xml, (document) => {
      first(responseOf(document), SAML_ASSERTION_NS, 'Issuer').textContent = 'https://other-idp.example.com';
    });
    expectRejected(base64, 'wrong-issuer');
  });

  it('rejects an unsigned response', () => {
    expectRejected(tamper(build().xml, removeSignatures), 'unsigned');
  });

  it('rejects SHA-1 signatures', () => {
    const sha1 = resign(build().xml, idp, {
      what: 'assertion',
      signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
      digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
    });
    expectRejected(toBase64(sha1), 'bad-signature');
  });

  it('rejects comments inside the Signature (CVE-2025-29775 shape)', () => {
    const base64 = tamper(build().xml, (document) => {
      const digest = first(document, XMLDSIG_NS, 'DigestValue');
      digest.insertBefore(document.createComment('x'), digest.firstChild);
    });
    expectRejected(base64, 'malformed');
  });

  it('rejects a non-success Response status', () => {
    const base64 = tamper(build().xml, (document) => {
      first(document, SAML_PROTOCOL_NS, 'StatusCode').setAttribute(
        'Value',
        'urn:oasis:names:tc:SAML:2.0:status:Requester',
      );
    });
    expectRejected(base64, 'malformed');
  });

  it('rejects an assertion without a bearer SubjectConfirmation', () => {
    const xml = editXml(build().xml, (document) => {
      first(document, SAML_ASSERTION_NS, 'SubjectConfirmation').setAttribute(
        'Method',
        'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key',
      );
    });
    expectRejected(toBase64(resign(xml, idp, { what: 'assertion' })), 'malformed');
  });
});

describe('verifySamlResponse: signature wrapping', () => {
  /** An unsigned Assertion naming the attacker's chosen subject. */
  function evilAssertion(document: Document, id: string): ReturnType<Document['createElementNS']> {
    const evil = assertionOf(parseXml(build({ subjectEmail: 'ceo@example.com' }).xml));
    removeSignatures(evil);
    const imported = document.importNode(evil, true);
    imported.setAttribute('ID', id);
    return imported;
  }

  it('rejects an evil Assertion inserted before the signed one (XSW #1)', () => {
    const base64 = tamper(build().xml, (document) => {
      const signed = assertionOf(document);
      signed.parentNode?.insertBefore(evilAssertion(document, '_evil'), signed);
    });
    expectRejected(base64, 'wrapped');
  });

  it('rejects an evil Assertion inserted after the signed one', () => {
    const base64 = tamper(build().xml, (document) => {
      responseOf(document).appendChild(evilAssertion(document, '_evil'));
    });
    expectRejected(base64, 'wrapped');
  });

  it('rejects the signed Assertion moved into Extensions with an evil one, same ID, in its place (XSW #2)', () => {
    const base64 = tamper(build().xml, (document) => {
      const response = responseOf(document);
      const signed = assertionOf(document);
      const extensions = document.createElementNS(SAML_PROTOCOL_NS, 'samlp:Extensions');
      response.insertBefore(extensions, signed);
      response.replaceChild(evilAssertion(document, signed.getAttribute('ID') as string), signed);
      extensions.appendChild(signed);
    });
    expectRejected(base64, 'wrapped');
  });

  it('rejects the signed Assertion moved into the Signature Object with an evil one in its place (XSW #3)', () => {
    const base64 = tamper(build().xml, (document) => {
      const response = responseOf(document);
      const signed = assertionOf(document);
      const signature = first(signed, XMLDSIG_NS, 'Signature');
      const object = document.createElementNS(XMLDSIG_NS, 'ds:Object');
      // The evil Assertion takes the signed one's place; the signed one, with its signature, hides in ds:Object.
      const evil = evilAssertion(document, `${signed.getAttribute('ID') as string}-evil`);
      response.replaceChild(evil, signed);
      signed.removeChild(signature);
      object.appendChild(signed);
      signature.appendChild(object);
      evil.insertBefore(signature, first(evil, SAML_ASSERTION_NS, 'Subject'));
    });
    expectRejected(base64, 'wrapped');
  });

  it('rejects a signed Response wrapped inside an evil Response', () => {
    const base64 = tamper(build({ signWhat: 'response' }).xml, (document) => {
      const original = responseOf(document);
      const evil = document.createElementNS(SAML_PROTOCOL_NS, 'samlp:Response');
      evil.setAttribute('ID', '_evil-response');
      const extensions = document.createElementNS(SAML_PROTOCOL_NS, 'samlp:Extensions');
      evil.appendChild(extensions);
      evil.appendChild(evilAssertion(document, '_evil'));
      document.replaceChild(evil, original);
      extensions.appendChild(original);
    });
    expectRejected(base64, 'wrapped');
  });

  it('rejects a signature whose Reference points at an element other than the one it sits in', () => {
    const base64 = tamper(build().xml, (document) => {
      // Move the Assertion's signature up to the Response: it still verifies the Assertion's digest.
      const signature = first(assertionOf(document), XMLDSIG_NS, 'Signature');
      const response = responseOf(document);
      response.insertBefore(signature, first(response, SAML_PROTOCOL_NS, 'Status'));
    });
    expectRejected(base64, 'wrapped');
  });

  it('rejects duplicate IDs anywhere in the document', () => {
    const base64 = tamper(build().xml, (document) => {
      const decoy = document.createElementNS(SAML_PROTOCOL_NS, 'samlp:Extensions');
      decoy.setAttribute('ID', assertionOf(document).getAttribute('ID') as string);
      responseOf(document).insertBefore(decoy, assertionOf(document));
    });
    expectRejected(base64, 'wrapped');
  });
});

describe('verifySamlResponse: hostile or broken input', () => {
  it('rejects a DOCTYPE with entity declarations (billion laughs / XXE)', () => {
    const xml = build().xml;
    const laughs = `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${xml}`;
    const xxe = `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${xml.replace('agent@example.com<', '&x;<')}`;
    expectRejected(toBase64(laughs), 'malformed');
    expectRejected(toBase64(xxe), 'malformed');
  });

  it('rejects a processing instruction that would split a signed value in canonical form', () => {
    const base64 = tamper(build().xml, (document) => {
      first(document, SAML_ASSERTION_NS, 'NameID').appendChild(
        document.createProcessingInstruction('x', 'y'),
      );
    });
    expectRejected(base64, 'malformed');
  });

  it('rejects an EncryptedAssertion', () => {
    const base64 = tamper(build().xml, (document) => {
      const encrypted = document.createElementNS(SAML_ASSERTION_NS, 'saml:EncryptedAssertion');
      encrypted.appendChild(
        document.createElementNS('http://www.w3.org/2001/04/xmlenc#', 'xenc:EncryptedData'),
      );
      responseOf(document).replaceChild(encrypted, assertionOf(document));
    });
    expectRejected(base64, 'encrypted');
  });

  it.each([
    ['not base64', '***'],
    ['base64 of non-XML', toBase64('hello')],
    ['an unrelated XML document', toBase64('<html><body/></html>')],
    [
      'a Response without an Assertion',
      toBase64(`<samlp:Response xmlns:samlp="${SAML_PROTOCOL_NS}" ID="_r"/>`),
    ],
    ['an empty string', ''],
  ])('rejects %s as malformed', (_name, base64) => {
    expectRejected(base64, 'malformed');
  });

  it('names the misconfigured trust field', () => {
    expect(() => verifySamlResponse(build().base64, trust({ certificates: [] }))).toThrow(
      /trust\.certificates/,
    );
    expect(() => verifySamlResponse(build().base64, trust({ certificates: ['not a cert'] }))).toThrow(
      /trust\.certificates\[0\]/,
    );
    expect(() => verifySamlResponse(build().base64, trust({ issuerURI: ' ' }))).toThrow(/trust\.issuerURI/);
  });
});

describe('verifyEnvelopedSignature', () => {
  it('returns the canonical bytes it verified, not whatever sits at the same place in the document', () => {
    // Wrap at the DOM level the structural checks would refuse, to pin the second line of defence.
    const document = parseXml(build().xml);
    const signed = assertionOf(document);
    const signature = first(signed, XMLDSIG_NS, 'Signature');
    const extensions = document.createElementNS(SAML_PROTOCOL_NS, 'samlp:Extensions');
    const evil = document.importNode(
      assertionOf(parseXml(build({ subjectEmail: 'ceo@example.com' }).xml)),
      true,
    );
    removeSignatures(evil);
    evil.setAttribute('ID', '_evil');
    responseOf(document).replaceChild(evil, signed);
    responseOf(document).insertBefore(extensions, evil);
    extensions.appendChild(signed);
    const trusted = [{ certificate: new X509Certificate(idp.certificatePem), pem: idp.certificatePem }];
    const canonical = verifyEnvelopedSignature(signature, signed, serialize(document), trusted);
    expect(canonical).toContain('agent@example.com');
    expect(canonical).not.toContain('ceo@example.com');
    expect(canonical).not.toContain('Signature');
  });
});
