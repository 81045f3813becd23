import { createPrivateKey } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import {
  SamlInputError,
  buildSignedSamlResponse,
  type SamlResponseInput,
} from '../../saml/build-response.js';
import {
  NAMEID_FORMAT_EMAIL,
  SAML_ASSERTION_NS,
  SAML_PROTOCOL_NS,
  STATUS_SUCCESS,
  SUBJECT_CONFIRMATION_BEARER,
  XMLDSIG_NS,
} from '../../saml/namespaces.js';
import { ENVELOPED_SIGNATURE, EXCLUSIVE_C14N, RSA_SHA256, SHA256 } from '../../saml/xmldsig-algorithms.js';
import { verifySamlResponse } from '../../emulator/saml/verify-response.js';
import { createTestSigningIdentity } from './saml-test-identity.js';
import { assertionOf, first, parseXml, responseOf } from './saml-test-xml.js';

const idp = createTestSigningIdentity('builder-idp');
const other = createTestSigningIdentity('other-idp');
const NOW = new Date('2026-03-15T08:30:00.123Z');

const input = (overrides: Partial<SamlResponseInput> = {}): SamlResponseInput => ({
  issuer: 'https://idp.example.com/saml',
  subjectEmail: 'agent@example.com',
  now: NOW,
  privateKeyPem: idp.privateKeyPem,
  certificatePem: idp.certificatePem,
  ...overrides,
});

const children = (parent: Element): string[] =>
  Array.from(parent.childNodes)
    .filter((node): node is Element => node.nodeType === 1)
    .map((element) => element.localName ?? '');

function inputError(overrides: Partial<SamlResponseInput>): SamlInputError {
  try {
    buildSignedSamlResponse(input(overrides));
  } catch (error) {
    if (error instanceof SamlInputError) return error;
    throw error;
  }
  throw new Error('expected the builder to refuse the input');
}

describe('buildSignedSamlResponse', () => {
  it('builds a Response with one bearer Assertion for the subject, valid for 300 s by default', () => {
    const { xml } = buildSignedSamlResponse(
      input({ audience: 'urn:gc:acme', recipient: 'https://login.mypurecloud.com/saml' }),
    );
    const document = parseXml(xml);
    const response = responseOf(document);
    const assertion = assertionOf(document);
    expect(response.getAttribute('Destination')).toBe('https://login.mypurecloud.com/saml');
    expect(children(response)).toEqual(['Issuer', 'Status', 'Assertion']);
    expect(first(response, SAML_PROTOCOL_NS, 'StatusCode').getAttribute('Value')).toBe(STATUS_SUCCESS);
    expect(children(assertion)).toEqual([
      'Issuer',
      'Signature',
      'Subject',
      'Conditions',
      'AuthnStatement',
      'AttributeStatement',
    ]);
    expect(assertion.getAttribute('IssueInstant')).toBe('2026-03-15T08:30:00Z');
    const nameId = first(assertion, SAML_ASSERTION_NS, 'NameID');
    expect([nameId.getAttribute('Format'), nameId.textContent]).toEqual([
      NAMEID_FORMAT_EMAIL,
      'agent@example.com',
    ]);
    expect(first(assertion, SAML_ASSERTION_NS, 'SubjectConfirmation').getAttribute('Method')).toBe(
      SUBJECT_CONFIRMATION_BEARER,
    );
    const confirmation = first(assertion, SAML_ASSERTION_NS, 'SubjectConfirmationData');
    expect(confirmation.getAttribute('NotOnOrAfter')).toBe('2026-03-15T08:35:00Z');
    expect(confirmation.getAttribute('Recipient')).toBe('https://login.mypurecloud.com/saml');
    const conditions = first(assertion, SAML_ASSERTION_NS, 'Conditions');
    expect([conditions.getAttribute('NotBefore'), conditions.getAttribute('NotOnOrAfter')]).toEqual([
      '2026-03-15T08:30:00Z',
      '2026-03-15T08:35:00Z',
    ]);
    expect(first(conditions, SAML_ASSERTION_NS, 'Audience').textContent).toBe('urn:gc:acme');
  });

  it('sends email, OrganizationName and ServiceName attributes, and only those given', () => {
    const verify = (overrides: Partial<SamlResponseInput>) =>
      verifySamlResponse(buildSignedSamlResponse(input(overrides)).base64, {
        certificates: [idp.certificatePem],
        issuerURI: 'https://idp.example.com/saml',
        now: NOW,
      }).attributes;
    expect(verify({ orgName: 'acme-hybrid', serviceName: 'workspace' })).toEqual({
      email: ['agent@example.com'],
      OrganizationName: ['acme-hybrid'],
      ServiceName: ['workspace'],
    });
    expect(verify({})).toEqual({ email: ['agent@example.com'] });
  });

  it('omits AudienceRestriction, Destination and Recipient when not given', () => {
    const document = parseXml(buildSignedSamlResponse(input()).xml);
    expect(document.getElementsByTagNameNS(SAML_ASSERTION_NS, 'AudienceRestriction').length).toBe(0);
    expect(responseOf(document).hasAttribute('Destination')).toBe(false);
    expect(first(document, SAML_ASSERTION_NS, 'SubjectConfirmationData').hasAttribute('Recipient')).toBe(
      false,
    );
  });

  it('signs the Assertion with exclusive C14N, RSA-SHA256 and a SHA-256 digest of its own ID', () => {
    const document = parseXml(buildSignedSamlResponse(input()).xml);
    const signatures = document.getElementsByTagNameNS(XMLDSIG_NS, 'Signature');
    expect(signatures.length).toBe(1);
    const signature = signatures.item(0) as Element;
    expect(signature.parentNode).toBe(assertionOf(document));
    expect(first(signature, XMLDSIG_NS, 'CanonicalizationMethod').getAttribute('Algorithm')).toBe(
      EXCLUSIVE_C14N,
    );
    expect(first(signature, XMLDSIG_NS, 'SignatureMethod').getAttribute('Algorithm')).toBe(RSA_SHA256);
    expect(first(signature, XMLDSIG_NS, 'DigestMethod').getAttribute('Algorithm')).toBe(SHA256);
    expect(
      Array.from(signature.getElementsByTagNameNS(XMLDSIG_NS, 'Transform')).map((t) =>
        t.getAttribute('Algorithm'),
      ),
    ).toEqual([ENVELOPED_SIGNATURE, EXCLUSIVE_C14N]);
    expect(first(signature, XMLDSIG_NS, 'Reference').getAttribute('URI')).toBe(
      `#${assertionOf(document).getAttribute('ID')}`,
    );
    expect(first(signature, XMLDSIG_NS, 'X509Certificate').textContent).toBe(idp.certificateBody);
  });

  it.each([
    ['response', ['Response']],
    ['both', ['Response', 'Assertion']],
  ] as const)('signs %s right after the Issuer', (signWhat, signedParents) => {
    const document = parseXml(buildSignedSamlResponse(input({ signWhat })).xml);
    const parents = Array.from(document.getElementsByTagNameNS(XMLDSIG_NS, 'Signature')).map(
      (signature) => (signature.parentNode as Element).localName,
    );
    expect(parents).toEqual(signedParents);
    expect(children(responseOf(document)).slice(0, 2)).toEqual(['Issuer', 'Signature']);
  });

  it('returns base64 of exactly the XML', () => {
    const { xml, base64 } = buildSignedSamlResponse(input());
    expect(Buffer.from(base64, 'base64').toString('utf8')).toBe(xml);
  });

  it('escapes markup in values so they survive signing and verification unchanged', () => {
    const orgName = 'A & B <"quoted"> \u00e9';
    const { base64 } = buildSignedSamlResponse(input({ orgName, issuer: 'urn:idp:a&b' }));
    const verified = verifySamlResponse(base64, {
      certificates: [idp.certificateBody],
      issuerURI: 'urn:idp:a&b',
      now: NOW,
    });
    expect(verified.attributes.OrganizationName).toEqual([orgName]);
  });

  it('honours validForSeconds and accepts a PKCS#1 key and a bare base64 certificate body', () => {
    const pkcs1 = createPrivateKey(idp.privateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
    const { xml } = buildSignedSamlResponse(
      input({ validForSeconds: 60, privateKeyPem: pkcs1, certificatePem: idp.certificateBody }),
    );
    expect(first(parseXml(xml), SAML_ASSERTION_NS, 'Conditions').getAttribute('NotOnOrAfter')).toBe(
      '2026-03-15T08:31:00Z',
    );
  });

  it('gives each Response and Assertion a fresh ID that cannot start with a digit', () => {
    const ids = [1, 2].flatMap(() => {
      const document = parseXml(buildSignedSamlResponse(input()).xml);
      return [responseOf(document).getAttribute('ID'), assertionOf(document).getAttribute('ID')];
    });
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id).toMatch(/^_[0-9a-f]{40}$/);
  });
});

describe('buildSignedSamlResponse input errors', () => {
  it.each([
    ['issuer', { issuer: '' }, /issuer must not be empty/],
    ['subjectEmail', { subjectEmail: 'not-an-email' }, /subjectEmail must be an email address/],
    ['validForSeconds', { validForSeconds: 0 }, /validForSeconds must be a positive whole number/],
    ['now', { now: new Date('nonsense') }, /now must be a valid Date/],
    ['orgName', { orgName: 'bad\u0001name' }, /orgName contains a control character/],
    ['certificatePem', { certificatePem: 'garbage' }, /certificatePem must be one X\.509 certificate/],
    [
      'certificatePem',
      { certificatePem: other.certificatePem },
      /certificatePem does not belong to privateKeyPem/,
    ],
  ] as const)('names %s and the fix', (field, overrides, message) => {
    const error = inputError(overrides as Partial<SamlResponseInput>);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('refuses an unusable private key without quoting any of it', () => {
    const encrypted = createPrivateKey(idp.privateKeyPem)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret-passphrase' })
      .toString();
    const truncated = idp.privateKeyPem.slice(0, 400);
    for (const privateKeyPem of [encrypted, truncated, 'not a key']) {
      const error = inputError({ privateKeyPem });
      expect(error.field).toBe('privateKeyPem');
      expect(error.message).toMatch(/unencrypted PKCS#1 .* or PKCS#8/);
      const keyLines = privateKeyPem
        .split('\n')
        .filter((line) => line.length > 20 && !line.startsWith('-----'));
      for (const line of keyLines) expect(error.message).not.toContain(line);
      expect(JSON.stringify(error)).not.toContain('MII');
      expect(String(error.stack)).not.toContain('secret-passphrase');
    }
  });
});
