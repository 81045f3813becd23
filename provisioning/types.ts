/**
 * The provisioning workflow's input, progress and result.
 *
 * These types cross the Temporal boundary (they are serialised into history), so they hold only plain data:
 * secrets travel as references (`{ env }`, `{ file }`) or, once the payload codec encrypts history, as values.
 * The workflow imports this file for types only.
 */
import type { SecretRef } from '../secrets/secret-ref.js';
import type { CertificateOptions } from '../certificate/options.js';

export type GrantType = 'SAML2-BEARER' | 'CLIENT-CREDENTIALS' | 'CODE' | 'TOKEN' | 'PASSWORD';
export type OnExisting = 'adopt' | 'fail';

/** Where and as whom the activities talk to Genesys Cloud. */
export interface GenesysTarget {
  /** A region host (`mypurecloud.com`), an SDK region key (`us_east_1`) or an http(s) URL (the emulator). */
  environment: string;
  clientId: SecretRef;
  clientSecret: SecretRef;
}

export interface OAuthClientWanted {
  name: string;
  grantType: GrantType;
  redirectUris: string[];
  /** Role names; only for CLIENT-CREDENTIALS clients. */
  roles: string[];
  description?: string;
  accessTokenValiditySeconds?: number;
  /** Division of the role grants: the home division's name, or '*' for all divisions; absent = home. */
  division?: string;
}

export interface IdentityProviderWanted {
  name: string;
  issuerURI: string;
  ssoTargetURI: string;
  autoProvisionUsers: boolean;
  disabled: boolean;
  sloURI?: string;
  relyingPartyIdentifier?: string;
  nameIdentifierFormat?: string;
}

export interface AdminWanted {
  name: string;
  email: string;
  /** Role names granted to the account (default: Admin). */
  roles: string[];
}

export interface ProvisionInput {
  org: string;
  target: GenesysTarget;
  oauthClients: OAuthClientWanted[];
  certificate: { options: CertificateOptions; password: SecretRef };
  identityProvider: IdentityProviderWanted;
  altocloud: { roles: string[]; permissions: string[] };
  admins: AdminWanted[];
  onExisting: OnExisting;
  /** Absolute directory on the worker's machine for the certificate bundle and the client secrets. */
  outputDir: string;
}

export type StepName =
  | 'preflight'
  | 'certificate'
  | `oauth-client:${string}`
  | 'identity-provider'
  | `altocloud-role:${string}`
  | `admin:${string}`;

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'compensating' | 'compensated';

export interface StepProgress {
  step: StepName;
  status: StepStatus;
  /** What the step did (created, adopted, unchanged) or why it failed. */
  detail?: string;
  startedAt?: string;
  endedAt?: string;
}

export type ProvisionStatus =
  'running' | 'completed' | 'failed' | 'compensating' | 'compensated' | 'cancelled';

export interface ProvisionProgress {
  org: string;
  status: ProvisionStatus;
  steps: StepProgress[];
  failure?: { step: string; message: string; type?: string };
}

/** created: this run made it. adopted: it existed and now matches the spec. unchanged: it already matched. */
export type Outcome = 'created' | 'adopted' | 'unchanged';

export interface OAuthClientOutcome {
  name: string;
  id: string;
  grantType: GrantType;
  outcome: Outcome;
  /** Path of the 0600 file holding the client secret, when this tool knows the secret. */
  secretFile?: string;
}

export interface ProvisionResult {
  org: string;
  status: 'completed';
  /**
   * The Genesys org as preflight read it: `thirdPartyOrgName` is the `orgName` of a SAML2 bearer exchange.
   * Absent in results of runs made before the handoff existed.
   */
  genesysOrg?: { id: string; thirdPartyOrgName: string; environment: string };
  oauthClients: OAuthClientOutcome[];
  identityProvider: {
    issuerURI: string;
    certificateSha256: string;
    notAfter: string;
    outcome: Outcome;
    /** Where Genesys Cloud sends users to sign in (absent in results of older runs). */
    ssoTargetURI?: string;
  };
  roles: { name: string; id: string; addedPermissions: string[] }[];
  admins: { email: string; id: string; outcome: Outcome }[];
  artifactsDir: string;
  certificateFiles: Record<'cert' | 'certB64' | 'key' | 'keyB64', string>;
}

/** What the org looked like before this run changed anything: read once, recorded in history. */
export interface OrgSnapshot {
  orgId: string;
  thirdPartyOrgName: string;
  homeDivisionId: string;
  /** Division ids by the name the spec uses ('*' stays '*'). */
  divisions: Record<string, string>;
  /** Every role the spec names, by name. */
  roles: Record<string, RoleSnapshot>;
  /** Non-deleted OAuth clients bearing a wanted name (never their secrets). */
  oauthClients: Record<string, OAuthClientSnapshot[]>;
  /** The PureEngage identity provider as it was, or null when the org had none. */
  pureEngage: PureEngageSnapshot | null;
  /** Wanted admin accounts that already existed, by email. */
  users: Record<string, { id: string; roleIds: string[] } | null>;
  /** Whether the output directory already held a certificate bundle. */
  bundleExisted: boolean;
}

export interface PermissionPolicy {
  domain: string;
  entityName: string;
  actionSet: string[];
  [extra: string]: unknown;
}

export interface RoleSnapshot {
  id: string;
  name: string;
  permissionPolicies: PermissionPolicy[];
}

export interface OAuthClientSnapshot {
  id: string;
  name: string;
  authorizedGrantType: string;
  description?: string;
  registeredRedirectUri: string[];
  roleDivisions: { roleId: string; divisionId: string }[];
  accessTokenValiditySeconds?: number;
  state?: string;
}

export interface PureEngageSnapshot {
  id?: string;
  name?: string;
  issuerURI?: string;
  ssoTargetURI?: string;
  sloURI?: string;
  relyingPartyIdentifier?: string;
  nameIdentifierFormat?: string;
  certificate?: string;
  certificates?: string[];
  autoProvisionUsers?: boolean;
  disabled?: boolean;
}
