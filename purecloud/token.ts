/** Token grants other than the client's own: the SAML2 bearer exchange on the login origin. */
import { requestToken, TOKEN_PATH, type IssuedToken } from './auth.js';
import type { HttpTransport } from './http.js';
import type { SecretScrubber } from './redact.js';

export const SAML2_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:saml2-bearer';

export interface Saml2BearerInput {
  /** A client whose grant type is SAML2-BEARER (not the provisioning client). */
  clientId: string;
  clientSecret: string;
  /** `Organization.thirdPartyOrgName`. */
  orgName: string;
  /** Base64 of the signed SAML Response (or assertion). */
  assertionBase64: string;
}

export interface TokenApi {
  /** Exchanges a signed SAML assertion for a user access token; failures are GenesysAuthError. */
  exchangeSaml2Bearer(input: Saml2BearerInput): Promise<IssuedToken>;
}

export function tokenApi(transport: HttpTransport, loginOrigin: string, scrubber: SecretScrubber): TokenApi {
  return {
    async exchangeSaml2Bearer(input) {
      const issued = await requestToken({
        transport,
        loginOrigin,
        clientId: input.clientId,
        clientSecret: input.clientSecret,
        form: { grant_type: SAML2_BEARER_GRANT, orgName: input.orgName, assertion: input.assertionBase64 },
        operation: `POST ${TOKEN_PATH} (saml2-bearer)`,
        scrubber: scrubber.with(input.assertionBase64),
      });
      // The user token is not ours to cache, but it must not leak through later errors either.
      scrubber.addToken(issued.accessToken);
      return issued;
    },
  };
}
