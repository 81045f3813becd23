import forge from 'node-forge';
import { controlCharacterProblem, findControlCharacter } from '../text/control-characters.js';
import { CertificateOptionsError } from './errors.js';

/**
 * The distinguished-name attributes a subject may use, with the ASN.1 string type and length limit
 * that OpenSSL 3 applies to each (crypto/asn1/tbl_standard.h): most are UTF8String (`string_mask =
 * utf8only`), but countryName is a 2-character PrintableString and emailAddress an IA5String.
 */
interface AttributeType {
  shortName: string;
  aliases: readonly string[];
  oid: string;
  tag: number;
  maxLength: number;
}

const { UTF8, PRINTABLESTRING, IA5STRING } = forge.asn1.Type;

const ATTRIBUTE_TYPES: readonly AttributeType[] = [
  { shortName: 'CN', aliases: ['commonName'], oid: '2.5.4.3', tag: UTF8, maxLength: 64 },
  { shortName: 'O', aliases: ['organizationName'], oid: '2.5.4.10', tag: UTF8, maxLength: 64 },
  { shortName: 'OU', aliases: ['organizationalUnitName'], oid: '2.5.4.11', tag: UTF8, maxLength: 64 },
  { shortName: 'C', aliases: ['countryName'], oid: '2.5.4.6', tag: PRINTABLESTRING, maxLength: 2 },
  { shortName: 'ST', aliases: ['stateOrProvinceName'], oid: '2.5.4.8', tag: UTF8, maxLength: 128 },
  { shortName: 'L', aliases: ['localityName'], oid: '2.5.4.7', tag: UTF8, maxLength: 128 },
  {
    shortName: 'emailAddress',
    aliases: ['E', 'email'],
    oid: '1.2.840.113549.1.9.1',
    tag: IA5STRING,
    maxLength: 128,
  },
];

const KNOWN_TYPES = ATTRIBUTE_TYPES.map((t) => t.shortName).join(', ');
const EXAMPLE = 'e.g. "CN=PureEngage SAML,O=Example" or "/CN=PureEngage SAML/O=Example"';

export interface SubjectAttribute {
  shortName: string;
  value: string;
}

function findType(name: string): AttributeType | undefined {
  const wanted = name.toLowerCase();
  return ATTRIBUTE_TYPES.find(
    (t) => t.shortName.toLowerCase() === wanted || t.aliases.some((a) => a.toLowerCase() === wanted),
  );
}

/** Splits on `separator` where it is not escaped by a backslash; keeps the escapes for a later pass. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + (text[i + 1] as string);
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function checkValue(type: AttributeType, value: string): void {
  const where = `--subject: ${type.shortName}`;
  if (value === '') throw new CertificateOptionsError('subject', `${where} has an empty value (${EXAMPLE})`);
  const control = findControlCharacter(value);
  if (control !== undefined) {
    throw new CertificateOptionsError('subject', `${where} ${controlCharacterProblem(control)}`);
  }
  if (type.shortName === 'C' && !/^[A-Za-z]{2}$/.test(value)) {
    throw new CertificateOptionsError(
      'subject',
      `${where} must be a two-letter country code such as "US" (got "${value}")`,
    );
  }
  const length = [...value].length;
  if (length > type.maxLength) {
    throw new CertificateOptionsError(
      'subject',
      `${where} is ${length} characters long; openssl allows at most ${type.maxLength}`,
    );
  }
  if (type.tag === IA5STRING && !/^[\u0020-\u007e]*$/.test(value)) {
    throw new CertificateOptionsError('subject', `${where} must be plain ASCII (an email address)`);
  }
}

/**
 * Parses a subject written as comma-separated RDNs (`CN=PureEngage SAML,O=Example`) or in openssl's
 * `-subj` form (`/CN=PureEngage SAML/O=Example`). Attributes keep the order written, as `openssl req
 * -subj` does. A backslash escapes the separator (`\,` or `\/`). Multi-valued RDNs (`+`) are not
 * supported: a `+` is part of the value.
 */
export function parseSubject(subject: string): SubjectAttribute[] {
  if (typeof subject !== 'string' || subject.trim() === '') {
    throw new CertificateOptionsError('subject', `--subject must name at least one attribute (${EXAMPLE})`);
  }
  const text = subject.trim();
  const rdns = text.startsWith('/') ? splitUnescaped(text.slice(1), '/') : splitUnescaped(text, ',');
  return rdns.map((rdn) => {
    const [rawName = '', ...rest] = splitUnescaped(rdn, '=');
    if (rest.length === 0) {
      throw new CertificateOptionsError(
        'subject',
        `--subject: "${rdn.trim()}" is not of the form TYPE=VALUE (${EXAMPLE})`,
      );
    }
    const name = unescape(rawName).trim();
    const type = findType(name);
    if (!type) {
      throw new CertificateOptionsError(
        'subject',
        `--subject: unknown attribute type "${name}"; use one of ${KNOWN_TYPES}`,
      );
    }
    const value = unescape(rest.join('=')).trim();
    checkValue(type, value);
    return { shortName: type.shortName, value };
  });
}

/** The canonical comma form, e.g. `CN=PureEngage SAML,O=Example`; `parseSubject` reads it back. */
export function formatSubject(attributes: readonly SubjectAttribute[]): string {
  return attributes.map((a) => `${a.shortName}=${a.value.replace(/[\\,]/g, '\\$&')}`).join(',');
}

/** The attributes as node-forge writes them, with the string type openssl would choose. */
export function toForgeAttributes(attributes: readonly SubjectAttribute[]): forge.pki.CertificateField[] {
  return attributes.map((a) => {
    const type = findType(a.shortName);
    if (!type)
      throw new CertificateOptionsError('subject', `--subject: unknown attribute type "${a.shortName}"`);
    return { type: type.oid, value: a.value, valueTagClass: type.tag as forge.asn1.Class };
  });
}

/**
 * Reads a Name (RDNSequence) that forge parsed out of DER. Attribute types this module does not
 * write keep forge's short name, or the OID when forge does not know it either.
 */
export function subjectFromAsn1(name: forge.asn1.Asn1): SubjectAttribute[] {
  const attributes: SubjectAttribute[] = [];
  for (const rdn of name.value as forge.asn1.Asn1[]) {
    for (const typeAndValue of rdn.value as forge.asn1.Asn1[]) {
      const [typeNode, valueNode] = typeAndValue.value as forge.asn1.Asn1[];
      if (!typeNode || !valueNode || typeof valueNode.value !== 'string') continue;
      const oid = forge.asn1.derToOid(typeNode.value as string);
      const known = ATTRIBUTE_TYPES.find((t) => t.oid === oid)?.shortName;
      const forgeName = (forge.pki.oids as Record<string, string | undefined>)[oid];
      // forge keeps string values as raw bytes: UTF8String needs decoding, the others are ASCII.
      const value = valueNode.type === UTF8 ? forge.util.decodeUtf8(valueNode.value) : valueNode.value;
      attributes.push({ shortName: known ?? forgeName ?? oid, value });
    }
  }
  return attributes;
}
