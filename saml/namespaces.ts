/** XML namespaces and SAML 2.0 URNs shared by the Response builder and the emulator's verifier. */
export const SAML_PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const SAML_ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const XML_SCHEMA_NS = 'http://www.w3.org/2001/XMLSchema';
export const XML_SCHEMA_INSTANCE_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const NAMEID_FORMAT_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const SUBJECT_CONFIRMATION_BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
export const ATTRNAME_FORMAT_BASIC = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';
export const AUTHN_CONTEXT_UNSPECIFIED = 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified';

/** Attribute names Genesys Cloud reads from a PureEngage/generic IdP assertion (case-sensitive). */
export const ATTRIBUTE_EMAIL = 'email';
export const ATTRIBUTE_ORGANIZATION_NAME = 'OrganizationName';
export const ATTRIBUTE_SERVICE_NAME = 'ServiceName';
