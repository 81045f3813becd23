/** XML-DSig algorithm URIs: what the builder signs with and what the verifier accepts. */
export const EXCLUSIVE_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const EXCLUSIVE_C14N_WITH_COMMENTS = 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments';
export const INCLUSIVE_C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const INCLUSIVE_C14N_WITH_COMMENTS = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments';
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const RSA_SHA512 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
export const SHA512 = 'http://www.w3.org/2001/04/xmlenc#sha512';

// SHA-1 (rsa-sha1, sha1 digests) and HMAC are deliberately absent: SHA-1 is collision-prone and
// HMAC would let anyone holding the "key" (here: a public certificate) forge signatures.
export const ACCEPTED_SIGNATURE_METHODS: ReadonlySet<string> = new Set([RSA_SHA256, RSA_SHA512]);
export const ACCEPTED_DIGEST_METHODS: ReadonlySet<string> = new Set([SHA256, SHA512]);
export const ACCEPTED_CANONICALIZATIONS: ReadonlySet<string> = new Set([
  EXCLUSIVE_C14N,
  EXCLUSIVE_C14N_WITH_COMMENTS,
  INCLUSIVE_C14N,
  INCLUSIVE_C14N_WITH_COMMENTS,
]);
export const ACCEPTED_TRANSFORMS: ReadonlySet<string> = new Set([
  ENVELOPED_SIGNATURE,
  ...ACCEPTED_CANONICALIZATIONS,
]);
