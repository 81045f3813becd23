/**
 * The end-to-end proof that agents can sign in: sign a SAML Response for the test user with the provisioned
 * key, exchange it through the SAML2 Bearer client for a user token, and use that token. This is what the
 * PureEngage desktop does, so it catches what field-by-field checks cannot (a certificate that does not
 * match the key, a client that was deleted or whose secret changed).
 *
 * The key, the client secret and the token stay in memory: details name files and outcomes, never values.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { readClientSecret } from '../secrets/client-secret-file.js';
import { BUNDLE_FILE_NAMES } from '../certificate/artifacts.js';
import { decryptPrivateKeyPem } from '../certificate/bundle.js';
import { GenesysHttpError, type GenesysClient } from '../purecloud/index.js';
import { isTransientKind, kindOfStatus } from '../purecloud/errors.js';
import type { OrgState, ProvisionInput } from '../provisioning/types.js';
import { buildSignedSamlResponse } from '../saml/build-response.js';
import { resolveSecret } from '../secrets/secret-ref.js';

import type { VerificationCheck } from './types.js';
import { TOKEN_PATH } from '../purecloud/auth.js';

/**
 * A refusal the org answered (bad grant, unknown client); what purecloud/errors.ts calls transient (408, 429,
 * 5xx) and network errors are worth retrying: the one classification, not a second one here.
 */
function isRefusal(error: unknown): error is GenesysHttpError {
  return error instanceof GenesysHttpError && !isTransientKind(error.kind);
}

async function readOrNull(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

export async function samlBearerCheck(
  genesys: GenesysClient,
  input: ProvisionInput,
  state: OrgState,
  testUserEmail: string,
): Promise<VerificationCheck> {
  const name = `saml-bearer:${testUserEmail}`;
  const fail = (...details: string[]): VerificationCheck => ({ name, status: 'fail', details });

  const wanted = input.oauthClients.find((c) => c.grantType === 'SAML2-BEARER');
  if (!wanted) return fail('the spec names no SAML2-BEARER OAuth client to sign in through');
  const client = state.oauthClients[wanted.name]?.[0];
  if (!client) return fail(`the SAML2 Bearer client "${wanted.name}" does not exist in the org`);
  const secret = await readClientSecret(input.outputDir, wanted.name, client.id);
  if (!secret) {
    return fail(
      `no secret file for "${wanted.name}" (${client.id}) in ${input.outputDir}/oauth-clients: ` +
        'the client was not created by provisioning, or was replaced since',
    );
  }

  const certPem = await readOrNull(join(input.outputDir, BUNDLE_FILE_NAMES.cert));
  const keyPemEnc = await readOrNull(join(input.outputDir, BUNDLE_FILE_NAMES.key));
  if (!certPem || !keyPemEnc)
    return fail(`no certificate bundle (cert.pem, key.pem.enc) in ${input.outputDir}`);
  let privateKeyPem: string;
  try {
    privateKeyPem = decryptPrivateKeyPem(
      keyPemEnc,
      await resolveSecret(input.certificate.password, 'certificate.password'),
    );
  } catch (error) {
    return fail(`key.pem.enc cannot be decrypted with certificate.password (${(error as Error).name})`);
  }

  // RFC 7522 §3: the assertion names the token endpoint as its Audience and as the bearer Recipient.
  const tokenEndpoint = `${genesys.loginBaseUrl}${TOKEN_PATH}`;
  const saml = buildSignedSamlResponse({
    issuer: input.identityProvider.issuerURI,
    subjectEmail: testUserEmail,
    orgName: state.thirdPartyOrgName,
    audience: tokenEndpoint,
    recipient: tokenEndpoint,
    privateKeyPem,
    certificatePem: certPem,
  });
  let accessToken: string;
  try {
    const issued = await genesys.token.exchangeSaml2Bearer({
      clientId: client.id,
      clientSecret: secret.secret,
      orgName: state.thirdPartyOrgName,
      assertionBase64: saml.base64,
    });
    accessToken = issued.accessToken;
  } catch (error) {
    if (isRefusal(error)) return fail(`the SAML2 bearer exchange was refused: ${error.message}`);
    throw error;
  }

  const me = await request(`${genesys.apiBaseUrl}/api/v2/users/me`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
  const body = (await me.body.json().catch(() => ({}))) as { email?: string };
  if (isTransientKind(kindOfStatus(me.statusCode))) {
    throw new Error(`GET /api/v2/users/me answered ${me.statusCode}; will retry`);
  }
  if (me.statusCode !== 200) return fail(`token issued, but GET /api/v2/users/me answered ${me.statusCode}`);
  if ((body.email ?? '').toLowerCase() !== testUserEmail.toLowerCase()) {
    return fail(`token issued, but it belongs to ${body.email ?? 'an unknown user'}, not ${testUserEmail}`);
  }
  return {
    name,
    status: 'ok',
    details: [`signed in through "${wanted.name}" and read /api/v2/users/me as ${testUserEmail}`],
  };
}
