import { createPrivateKey, randomBytes, type KeyObject, type X509Certificate } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { parseCertificate } from './certificates.js';
import {
  ATTRIBUTE_EMAIL,
  ATTRIBUTE_ORGANIZATION_NAME,
  ATTRIBUTE_SERVICE_NAME,
  ATTRNAME_FORMAT_BASIC,
  AUTHN_CONTEXT_UNSPECIFIED,
  NAMEID_FORMAT_EMAIL,
  SAML_ASSERTION_NS,
  SAML_PROTOCOL_NS,
  STATUS_SUCCESS,
  SUBJECT_CONFIRMATION_BEARER,
  XML_SCHEMA_INSTANCE_NS,
  XML_SCHEMA_NS,
} from './namespaces.js';
import { escapeXmlAttribute as attr, escapeXmlText as text, hasForbiddenXmlCharacter } from './xml-text.js';
import { ENVELOPED_SIGNATURE, EXCLUSIVE_C14N, RSA_SHA256, SHA256 } from './xmldsig-algorithms.js';

export interface SamlResponseInput {
  issuer: string;
  subjectEmail: string;
  /** Sent as the `OrganizationName` attribute (the org's short name, `thirdPartyOrgName`). */
  orgName?: string;
  /** Sent as the `ServiceName` attribute. */
  serviceName?: string;
  /** The AudienceRestriction's Audience; without it Conditions carry only the validity window. */
  audience?: string;
  /** Response `Destination` and SubjectConfirmationData `Recipient`. */
  recipient?: string;
  /** Default 300. */
  validForSeconds?: number;
  now?: Date;
  /** Unencrypted PKCS#1 or PKCS#8 PEM RSA key, in memory only. */
  privateKeyPem: string;
  /** The certificate of that key: a PEM block or its base64 DER body; published in KeyInfo. */
  certificatePem: string;
  /** Default 'assertion'. */
  signWhat?: 'assertion' | 'response' | 'both';
}

export interface SignedSamlResponse {
  /** The signed `<samlp:Response>` document. */
  xml: string;
  /** base64 of `xml` as UTF-8: the value of the SAML2 bearer grant's `assertion` form field. */
  base64: string;
}

/** Bad builder input. The message names the field and the fix; it never repeats key material. */
export class SamlInputError extends TypeError {
  override readonly name = 'SamlInputError';
  constructor(
    readonly field: keyof SamlResponseInput,
    message: string,
  ) {
    super(`${field} ${message}`);
  }
}

const DEFAULT_VALID_FOR_SECONDS = 300;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

/**
 * Builds a SAML 2.0 `<samlp:Response>` holding one bearer `<saml:Assertion>` for `subjectEmail`, signed
 * with XML-DSig (enveloped, exclusive C14N, RSA-SHA256, SHA-256 digests, KeyInfo with the certificate):
 * what an IdP posts and what Genesys Cloud's SAML2 bearer grant takes as `assertion`.
 */
export function buildSignedSamlResponse(input: SamlResponseInput): SignedSamlResponse {
  const checked = checkInput(input);
  const unsigned = responseXml(checked);
  const signWhat = input.signWhat ?? 'assertion';
  let xml = unsigned;
  // Assertion first: with 'both', the Response signature then covers the Assertion's signature too.
  if (signWhat === 'assertion' || signWhat === 'both') xml = sign(xml, 'assertion', checked);
  if (signWhat === 'response' || signWhat === 'both') xml = sign(xml, 'response', checked);
  return { xml, base64: Buffer.from(xml, 'utf8').toString('base64') };
}

interface CheckedInput {
  issuer: string;
  subjectEmail: string;
  attributes: Array<[name: string, value: string]>;
  audience?: string;
  recipient?: string;
  issueInstant: Date;
  notOnOrAfter: Date;
  privateKey: KeyObject;
  certificatePem: string;
}

function checkInput(input: SamlResponseInput): CheckedInput {
  const issuer = requiredText(input, 'issuer', 'the IdP entity ID the org trusts (its issuerURI)');
  const subjectEmail = requiredText(input, 'subjectEmail', 'the Genesys Cloud user email');
  if (!EMAIL_SHAPE.test(subjectEmail)) {
    throw new SamlInputError('subjectEmail', 'must be an email address like agent@example.com');
  }
  const orgName = optionalText(input, 'orgName');
  const serviceName = optionalText(input, 'serviceName');
  const attributes: Array<[string, string]> = [[ATTRIBUTE_EMAIL, subjectEmail]];
  if (orgName !== undefined) attributes.push([ATTRIBUTE_ORGANIZATION_NAME, orgName]);
  if (serviceName !== undefined) attributes.push([ATTRIBUTE_SERVICE_NAME, serviceName]);

  const validForSeconds = input.validForSeconds ?? DEFAULT_VALID_FOR_SECONDS;
  if (!Number.isInteger(validForSeconds) || validForSeconds <= 0) {
    throw new SamlInputError('validForSeconds', 'must be a positive whole number of seconds (default 300)');
  }
  const issueInstant = input.now ?? new Date();
  if (!(issueInstant instanceof Date) || Number.isNaN(issueInstant.getTime())) {
    throw new SamlInputError('now', 'must be a valid Date (or be left out for the current time)');
  }
  const certificate = readCertificate(input.certificatePem);
  const privateKey = readPrivateKey(input.privateKeyPem);
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new SamlInputError(
      'certificatePem',
      'does not belong to privateKeyPem; give the certificate of that key',
    );
  }
  return {
    issuer,
    subjectEmail,
    attributes,
    audience: optionalText(input, 'audience'),
    recipient: optionalText(input, 'recipient'),
    issueInstant,
    notOnOrAfter: new Date(issueInstant.getTime() + validForSeconds * 1000),
    privateKey,
    certificatePem: certificate.toString(),
  };
}

type TextField = 'issuer' | 'subjectEmail' | 'orgName' | 'serviceName' | 'audience' | 'recipient';

function requiredText(input: SamlResponseInput, field: TextField, what: string): string {
  const value = optionalText(input, field);
  if (value === undefined) throw new SamlInputError(field, `is required: ${what}`);
  return value;
}

function optionalText(input: SamlResponseInput, field: TextField): string | undefined {
  const value: unknown = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new SamlInputError(field, 'must be a string');
  const trimmed = value.trim();
  if (trimmed === '') throw new SamlInputError(field, 'must not be empty; leave it out instead');
  if (hasForbiddenXmlCharacter(trimmed)) {
    throw new SamlInputError(field, 'contains a control character that XML cannot carry; remove it');
  }
  return trimmed;
}

function readCertificate(value: string): X509Certificate {
  try {
    return parseCertificate(value, 'certificatePem');
  } catch (error) {
    throw new SamlInputError('certificatePem', (error as Error).message.replace(/^certificatePem /, ''));
  }
}

function readPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    if (typeof pem !== 'string' || !pem.includes('-----BEGIN')) throw new Error('not PEM');
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // Node's own message is dropped on purpose: the key never reaches an error text.
    throw new SamlInputError(
      'privateKeyPem',
      'must be an unencrypted PKCS#1 (BEGIN RSA PRIVATE KEY) or PKCS#8 (BEGIN PRIVATE KEY) PEM; decrypt it first',
    );
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new SamlInputError(
      'privateKeyPem',
      `must be an RSA key for RSA-SHA256, not ${key.asymmetricKeyType}`,
    );
  }
  return key;
}

/** SAML IDs are xs:ID: they must not start with a digit, hence the underscore. */
function newSamlId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}

/** xs:dateTime in UTC without milliseconds, as most IdPs write it. */
function samlInstant(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function responseXml(input: CheckedInput): string {
  const issued = samlInstant(input.issueInstant);
  const destination = input.recipient === undefined ? '' : ` Destination="${attr(input.recipient)}"`;
  return (
    `<samlp:Response xmlns:samlp="${SAML_PROTOCOL_NS}" xmlns:saml="${SAML_ASSERTION_NS}"` +
    ` ID="${newSamlId()}" Version="2.0" IssueInstant="${issued}"${destination}>` +
    `<saml:Issuer>${text(input.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${STATUS_SUCCESS}"/></samlp:Status>` +
    assertionXml(input) +
    `</samlp:Response>`
  );
}

function assertionXml(input: CheckedInput): string {
  const assertionId = newSamlId();
  const issued = samlInstant(input.issueInstant);
  const expires = samlInstant(input.notOnOrAfter);
  const recipient = input.recipient === undefined ? '' : ` Recipient="${attr(input.recipient)}"`;
  const audience =
    input.audience === undefined
      ? ''
      : `<saml:AudienceRestriction><saml:Audience>${text(input.audience)}</saml:Audience></saml:AudienceRestriction>`;
  const attributes = input.attributes
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${attr(name)}" NameFormat="${ATTRNAME_FORMAT_BASIC}">` +
        `<saml:AttributeValue xsi:type="xs:string">${text(value)}</saml:AttributeValue></saml:Attribute>`,
    )
    .join('');
  return (
    `<saml:Assertion xmlns:xs="${XML_SCHEMA_NS}" xmlns:xsi="${XML_SCHEMA_INSTANCE_NS}"` +
    ` ID="${assertionId}" Version="2.0" IssueInstant="${issued}">` +
    `<saml:Issuer>${text(input.issuer)}</saml:Issuer>` +
    `<saml:Subject>` +
    `<saml:NameID Format="${NAMEID_FORMAT_EMAIL}">${text(input.subjectEmail)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="${SUBJECT_CONFIRMATION_BEARER}">` +
    `<saml:SubjectConfirmationData NotOnOrAfter="${expires}"${recipient}/>` +
    `</saml:SubjectConfirmation>` +
    `</saml:Subject>` +
    `<saml:Conditions NotBefore="${issued}" NotOnOrAfter="${expires}">${audience}</saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${issued}" SessionIndex="${assertionId}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>${AUTHN_CONTEXT_UNSPECIFIED}</saml:AuthnContextClassRef></saml:AuthnContext>` +
    `</saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`
  );
}

const RESPONSE_XPATH = `/*[local-name(.)='Response' and namespace-uri(.)='${SAML_PROTOCOL_NS}']`;
const ASSERTION_XPATH = `${RESPONSE_XPATH}/*[local-name(.)='Assertion' and namespace-uri(.)='${SAML_ASSERTION_NS}']`;
const ISSUER_STEP = `/*[local-name(.)='Issuer' and namespace-uri(.)='${SAML_ASSERTION_NS}']`;

/**
 * Signs the Response or its Assertion in place. The schema puts `<ds:Signature>` right after the
 * element's `<saml:Issuer>`; the Reference uses the element's existing `ID`.
 */
function sign(xml: string, what: 'assertion' | 'response', input: CheckedInput): string {
  const target = what === 'assertion' ? ASSERTION_XPATH : RESPONSE_XPATH;
  const signer = new SignedXml({
    privateKey: input.privateKey,
    publicCert: input.certificatePem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXCLUSIVE_C14N,
  });
  signer.addReference({
    xpath: target,
    transforms: [ENVELOPED_SIGNATURE, EXCLUSIVE_C14N],
    digestAlgorithm: SHA256,
  });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${target}${ISSUER_STEP}`, action: 'after' },
  });
  return signer.getSignedXml();
}
