import { ApiError, OAuthError } from '../errors.js';
import { newAccessToken } from '../ids.js';
import type { HandlerResult, RequestContext, Route } from '../http/router.js';
import type { ClientRecord, OrgState, TokenRecord, UserRecord } from '../store/types.js';
import { trustedCertificates } from './identity-providers.js';
import { createUser, findUserByEmail } from './users.js';

const SAML2_BEARER = 'urn:ietf:params:oauth:grant-type:saml2-bearer';

/** `Authorization: Basic base64(id:secret)` → the client, or 401 invalid_client. */
function authenticateClient(req: RequestContext): { org: OrgState; client: ClientRecord } {
  const m = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m)
    throw new OAuthError(
      401,
      'invalid_client',
      'client authentication required: send Authorization: Basic base64(clientId:clientSecret)',
    );
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const id = colon < 0 ? decoded : decoded.slice(0, colon);
  const secret = colon < 0 ? '' : decoded.slice(colon + 1);
  const found = req.app.store.findClient(id);
  if (!found || found.client.secret !== secret)
    throw new OAuthError(401, 'invalid_client', 'authentication failed');
  if (found.client.state !== 'active') {
    throw new OAuthError(
      401,
      'invalid_client',
      `client is ${found.client.state}; only active clients can get tokens`,
    );
  }
  return found;
}

function issueToken(
  req: RequestContext,
  org: OrgState,
  client: ClientRecord,
  user?: UserRecord,
): HandlerResult {
  const now = req.app.now();
  const record: TokenRecord = {
    token: newAccessToken(),
    orgId: org.id,
    clientId: client.id,
    issuedAt: now,
    expiresAt: now + client.accessTokenValiditySeconds * 1000,
  };
  if (user) record.userId = user.id;
  // Expired tokens are dropped here so a long rehearsal does not accumulate them.
  for (const [key, t] of req.app.store.tokens) if (t.expiresAt <= now) req.app.store.tokens.delete(key);
  req.app.store.tokens.set(record.token, record);
  req.app.changed();
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    body: { access_token: record.token, token_type: 'bearer', expires_in: client.accessTokenValiditySeconds },
  };
}

function clientCredentials(req: RequestContext): HandlerResult {
  const { org, client } = authenticateClient(req);
  if (client.authorizedGrantType !== 'CLIENT-CREDENTIALS') {
    throw new OAuthError(
      400,
      'unauthorized_client',
      `client grant type ${client.authorizedGrantType} cannot use client_credentials`,
    );
  }
  return issueToken(req, org, client);
}

/** Creates the user a verified assertion names; a refusal of the user's data is the grant's refusal. */
function autoProvisionUser(org: OrgState, email: string, now: number): UserRecord {
  try {
    // A user who has just signed in is active (not waiting for an invitation).
    return createUser(org, { name: email, email, state: 'active' }, now);
  } catch (err) {
    if (err instanceof ApiError) {
      throw new OAuthError(
        400,
        'invalid_grant',
        `the asserted user ${email} cannot be auto-provisioned: ${err.message}`,
      );
    }
    throw err;
  }
}

/**
 * SAML2 bearer grant (reference §7): client of the named org with grant type SAML2-BEARER, an enabled PureEngage
 * IdP, a verified assertion from it, and a user with the asserted email (or auto-provisioning).
 */
async function saml2Bearer(req: RequestContext): Promise<HandlerResult> {
  const { org: clientOrg, client } = authenticateClient(req);
  const orgName = req.form.get('orgName');
  const assertion = req.form.get('assertion');
  if (!orgName)
    throw new OAuthError(
      400,
      'invalid_request',
      'orgName is required: the org short name (thirdPartyOrgName)',
    );
  if (!assertion)
    throw new OAuthError(
      400,
      'invalid_request',
      'assertion is required: the base64 SAML Response from the identity provider',
    );
  const org = req.app.store.findOrg(orgName);
  if (!org || org.thirdPartyOrgName.toLowerCase() !== orgName.toLowerCase()) {
    throw new OAuthError(401, 'invalid_client', `no organization has the short name ${orgName}`);
  }
  if (org.id !== clientOrg.id) {
    throw new OAuthError(400, 'unauthorized_client', `the client does not belong to organization ${orgName}`);
  }
  if (client.authorizedGrantType !== 'SAML2-BEARER') {
    throw new OAuthError(
      400,
      'unauthorized_client',
      `client grant type ${client.authorizedGrantType} cannot use the SAML2 bearer grant`,
    );
  }
  const idp = org.identityProvider;
  if (!idp)
    throw new OAuthError(400, 'invalid_grant', `organization ${orgName} has no PureEngage identity provider`);
  if (idp.disabled)
    throw new OAuthError(400, 'invalid_grant', `the PureEngage identity provider of ${orgName} is disabled`);
  const certificates = trustedCertificates(idp);
  if (certificates.length === 0 || !idp.issuerURI) {
    throw new OAuthError(
      400,
      'invalid_grant',
      'the PureEngage identity provider has no certificate or issuerURI configured',
    );
  }
  const verifier = await req.app.samlVerifier();
  if (!verifier)
    throw new OAuthError(400, 'invalid_grant', 'SAML verification is not available in this emulator build');
  let email: string;
  try {
    // RFC 7522 §3: Audience names the authorization server, Recipient the token endpoint. The emulator
    // accepts as audience its token endpoint URL or the IdP's relyingPartyIdentifier, and as recipient the
    // token endpoint URL; both are checked only when the assertion carries them (unconfirmed how strictly
    // Genesys checks them, reference §7; emulator/README.md).
    const tokenEndpoint = `http://${req.headers.host ?? '127.0.0.1'}${TOKEN_ENDPOINT_PATH}`;
    email = verifier.verifySamlResponse(assertion, {
      certificates,
      issuerURI: idp.issuerURI,
      now: new Date(req.app.now()),
      audiences: [tokenEndpoint, ...(idp.relyingPartyIdentifier ? [idp.relyingPartyIdentifier] : [])],
      recipients: [tokenEndpoint],
    }).email;
  } catch (err) {
    if (err instanceof verifier.SamlRejectedError) {
      throw new OAuthError(400, 'invalid_grant', `assertion rejected (${err.reason}): ${err.message}`);
    }
    throw err;
  }
  let user = findUserByEmail(org, email);
  if (user && user.state !== 'active') {
    throw new OAuthError(400, 'invalid_grant', `the user ${email} is ${user.state}`);
  }
  if (!user) {
    if (!idp.autoProvisionUsers) {
      throw new OAuthError(
        400,
        'invalid_grant',
        `no user with email ${email} exists and autoProvisionUsers is off`,
      );
    }
    // createUser grants the employee role, as for every user.
    user = autoProvisionUser(org, email, req.app.now());
  }
  return issueToken(req, org, client, user);
}

const TOKEN_ENDPOINT_PATH = '/oauth/token';

export const tokenRoutes: Route[] = [
  {
    method: 'POST',
    path: '/oauth/token',
    auth: 'none',
    body: 'form',
    handler: (req) => {
      const grantType = req.form.get('grant_type');
      if (!grantType) throw new OAuthError(400, 'invalid_request', 'grant_type is required');
      if (grantType === 'client_credentials') return clientCredentials(req);
      if (grantType === SAML2_BEARER) return saml2Bearer(req);
      throw new OAuthError(
        400,
        'unsupported_grant_type',
        `grant_type ${grantType} is not supported by the emulator`,
      );
    },
  },
];
