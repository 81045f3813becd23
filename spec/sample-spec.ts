/**
 * The one sample spec the integration tests and the provisioning bench provision: two OAuth clients (the SAML2
 * bearer client and a client-credentials client), one Altocloud role, one admin, the certificate and the identity
 * provider, in the documented YAML form so that it goes through the real loader. Secrets are `env:` references;
 * `sampleSpecEnv` gives the values.
 *
 * It lives in spec/ rather than test/ because bench/ uses it too, and test/ imports bench/ (to test it): a
 * builder under test/ would make the two folders import each other.
 */

/** The variables the sample spec's `env:` references name. */
export const SAMPLE_SPEC_ENV = {
  clientId: 'T_CLIENT_ID',
  clientSecret: 'T_CLIENT_SECRET',
  keyPassword: 'T_KEY_PASSWORD',
} as const;

/** The certificate key password the sample spec's environment gives unless told otherwise. */
export const SAMPLE_KEY_PASSWORD = 'correct horse battery staple';

export interface SampleSpecOptions {
  /** The spec's `org` slug; also names the issuer URI and the admin's e-mail domain. */
  org: string;
  /** `environment`: the emulator's URL (or any region host). */
  environment: string;
  /** `output`: where the certificate bundle and client secret files go. */
  output: string;
  /** `certificate.days` (default 30). */
  certificateDays?: number;
  /** The `O=` of the certificate subject (default `Test`), to tell apart the certificates of different suites. */
  subjectOrganization?: string;
  /** `testUser.email`, for the SAML sign-in check of `verify` (default: no test user). */
  testUserEmail?: string;
  /** Extra YAML appended at top level (e.g. `onExisting: fail`). */
  extraYaml?: string;
}

/** The sample spec as YAML text. */
export function sampleSpecYaml(options: SampleSpecOptions): string {
  const { org } = options;
  return `
org: ${org}
environment: ${options.environment}
credentials: { clientId: env:${SAMPLE_SPEC_ENV.clientId}, clientSecret: env:${SAMPLE_SPEC_ENV.clientSecret} }
oauthClients:
  - { name: PureEngage WDE, grantType: SAML2-BEARER, redirectUris: [https://apps.mypurecloud.com] }
  - { name: Agent Pacing Service (ewt), grantType: CLIENT-CREDENTIALS, roles: [employee] }
certificate: { days: ${options.certificateDays ?? 30}, subject: "CN=PureEngage SAML,O=${options.subjectOrganization ?? 'Test'}", password: env:${SAMPLE_SPEC_ENV.keyPassword} }
identityProvider: { issuerURI: "http://www.genesys.com/pureengage/${org}", ssoTargetURI: http://example.com/target }
altocloud: { roles: [employee] }
admins: [{ name: Jane Admin, email: jane@${org}.example.com }]
output: ${options.output}
${options.testUserEmail === undefined ? '' : `testUser: { email: ${options.testUserEmail} }\n`}${options.extraYaml ?? ''}
`;
}

/** The environment the sample spec's references resolve in: the org's admin client and the key password. */
export function sampleSpecEnv(
  admin: { adminClientId: string; adminClientSecret: string },
  keyPassword: string = SAMPLE_KEY_PASSWORD,
): Record<string, string> {
  return {
    [SAMPLE_SPEC_ENV.clientId]: admin.adminClientId,
    [SAMPLE_SPEC_ENV.clientSecret]: admin.adminClientSecret,
    [SAMPLE_SPEC_ENV.keyPassword]: keyPassword,
  };
}
