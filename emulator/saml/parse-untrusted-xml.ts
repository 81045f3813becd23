import { DOMParser, type Document, type Node } from '@xmldom/xmldom';
import {
  DOCUMENT_TYPE_NODE,
  ENTITY_NODE,
  ENTITY_REFERENCE_NODE,
  PROCESSING_INSTRUCTION_NODE,
  descendants,
} from './dom.js';
import { SamlRejectedError } from './rejection.js';

/** Far above any real Response (a few KB), low enough that a hostile body cannot tie up the parser. */
export const MAX_RESPONSE_BYTES = 512 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes the `assertion` form value: standard base64 of UTF-8 XML, line breaks allowed. */
export function decodeBase64Xml(base64: string): string {
  if (typeof base64 !== 'string' || base64.trim() === '') {
    throw new SamlRejectedError(
      'malformed',
      'the assertion is empty; send the base64 of a signed <samlp:Response>',
    );
  }
  const compact = base64.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new SamlRejectedError(
      'malformed',
      'the assertion is not valid base64 (standard alphabet with padding)',
    );
  }
  if ((compact.length / 4) * 3 > MAX_RESPONSE_BYTES) {
    throw new SamlRejectedError('malformed', `the assertion is larger than ${MAX_RESPONSE_BYTES} bytes`);
  }
  return Buffer.from(compact, 'base64')
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/**
 * Parses XML that an untrusted client sent. DTDs are refused outright (no DOCTYPE, no entity
 * declarations: no entity expansion, no external fetches), as are processing instructions, because
 * xml-crypto's canonicalizer renders those as text and so they could split a signed value.
 * Any parser warning or error rejects the document rather than being repaired.
 */
export function parseUntrustedXml(xml: string, what = 'the SAML document'): Document {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw new SamlRejectedError(
      'malformed',
      `${what} contains a DOCTYPE or ENTITY declaration, which is not allowed`,
    );
  }
  const problems: string[] = [];
  let document: Document;
  try {
    document = new DOMParser({
      onError: (level, message) => {
        problems.push(`${level}: ${message}`);
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(xml, 'text/xml');
  } catch {
    throw new SamlRejectedError('malformed', `${what} is not well-formed XML`);
  }
  if (problems.length > 0 || document.documentElement == null) {
    throw new SamlRejectedError('malformed', `${what} is not well-formed XML`);
  }
  for (const node of descendants(document)) {
    if (
      node.nodeType === DOCUMENT_TYPE_NODE ||
      node.nodeType === ENTITY_NODE ||
      node.nodeType === ENTITY_REFERENCE_NODE
    ) {
      throw new SamlRejectedError('malformed', `${what} contains a DTD or entity, which is not allowed`);
    }
    if (node.nodeType === PROCESSING_INSTRUCTION_NODE && !isXmlDeclaration(node, document)) {
      throw new SamlRejectedError(
        'malformed',
        `${what} contains a processing instruction, which is not allowed`,
      );
    }
  }
  return document;
}

/** xmldom keeps `<?xml version="1.0"?>` as a processing instruction; it is allowed as the first node only. */
function isXmlDeclaration(node: Node, document: Document): boolean {
  return node.nodeName.toLowerCase() === 'xml' && node === document.firstChild;
}
