import type { GrantType } from './types.js';

/** The API still answers with legacy spellings (SAML2BEARER, CLIENT_CREDENTIALS); we emit the hyphenated ones. */
const LEGACY: Record<string, GrantType> = {
  SAML2BEARER: 'SAML2-BEARER',
  CLIENT_CREDENTIALS: 'CLIENT-CREDENTIALS',
};

export function normaliseGrantType(value: string): string {
  const upper = value.toUpperCase();
  return LEGACY[upper] ?? upper;
}
