/**
 * The provisioning workflow's input, progress and result.
 *
 * These types cross the Temporal boundary (they are serialised into history), so they hold only plain data:
 * secrets travel as references (`{ env }`, `{ file }`) or, once the payload codec encrypts history, as values.
 * The workflow imports this file for types only.
 */
import type { SecretRef } from '../secrets/secret-ref.js';
import type { CertificateOptions } from '../certificate/options.js';
import type { PureEngageProvider } from '../purecloud/types.js';

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
  /** OAuth scopes; only for clients that are not CLIENT-CREDENTIALS (SDK OAuthClientRequest.scope). */
  scopes?: string[];
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
  /**
   * Send the activation e-mail to an account this run creates (spec default true). Absent in inputs of
   * runs started before the field existed: read as true.
   */
  invite?: boolean;
}

/** A wanted admin account as the org has it: its roles and its state (`active`, `inactive`). */
export interface AdminSnapshot {
  id: string;
  roleIds: string[];
  /** Absent in snapshots recorded before the state was read: read as active. */
  state?: string;
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
  /**
   * How long each step keeps retrying transient failures (spec `retryBudget`); undos get twice as long.
   * Absent: workflows/step-activities.ts's default (30 minutes), as for runs started before it existed.
   */
  retryBudgetMs?: number;
}

export type StepName =
  | 'preflight'
  | 'certificate'
  | `oauth-client:${string}`
  | 'identity-provider'
  | `role-permissions:${string}`
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

/**
 * Where an org-level run is; the same words as the HybridStatus search attribute. A cancelled run compensates
 * like a failed one; `compensation-failed` means some change could not be undone and is left in the org.
 */
export type RunStatus = 'running' | 'completed' | 'compensating' | 'compensated' | 'compensation-failed';
export type ProvisionStatus = RunStatus;

/** The first step that failed and why: what the query, the failure message and the CLI report. */
export interface StepFailure {
  step: string;
  message: string;
  type?: string;
}

export interface ProvisionProgress {
  org: string;
  status: ProvisionStatus;
  steps: StepProgress[];
  failure?: StepFailure;
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

/**
 * What the org looks like, as far as provisioning cares: read by one reader (org-state/read-org-state.ts)
 * for the preflight snapshot, `plan` and `verify`, and judged by the pure decisions (decisions/). The
 * preflight's copy is recorded in workflow history: every later step and every undo derive from it.
 */
export interface OrgState {
  orgId: string;
  /** `Organization.thirdPartyOrgName`: the `orgName` of a SAML2 bearer exchange. */
  thirdPartyOrgName: string;
  homeDivision: { id: string; name: string };
  /** Every role the input names, by name; null when the org has no role of that name. */
  roles: Record<string, RoleSnapshot | null>;
  /** The wanted Altocloud permissions the org's permission catalog does not list. */
  permissionsNotInCatalog: string[];
  /** Non-deleted OAuth clients bearing each wanted name (configuration only, never secrets). */
  oauthClients: Record<string, OAuthClientSnapshot[]>;
  /** Every identity provider of the org, for the issuer-uniqueness rule. */
  identityProviders: { id: string; name?: string; issuerURI?: string }[];
  /** The PureEngage identity provider, or null when the org has none. */
  pureEngage: PureEngageSnapshot | null;
  /** Wanted admin accounts by email; null when no such user exists. */
  users: Record<string, AdminSnapshot | null>;
  /**
   * The org's employee role (`defaultRoleId: employee`): every user holds it and it cannot be removed, so
   * undoing an admin never takes it away. Absent in snapshots recorded before it was read.
   */
  employeeRoleId?: string;
  /** The provisioning client itself: its roles and what they permit (preflight's rights check). */
  provisioner?: ProvisionerRights;
  /** The certificate bundle in the input's output directory. */
  bundle: LocalBundleState;
}

/** What the provisioning client may do: read from its own client record and the roles it holds. */
export interface ProvisionerRights {
  clientId: string;
  /** The roles it holds (`roleDivisions` of `GET /api/v2/oauth/clients/{its id}`), by id, with their names. */
  roles: { id: string; name: string }[];
  /** Every permission policy of those roles, merged. */
  permissionPolicies: PermissionPolicy[];
  /** Legacy flat permission strings of those roles (`admin`, `domain:entity:action`). */
  permissions: string[];
}

export interface LocalBundleState {
  dir: string;
  /** Bundle file names that are not there (empty when the bundle is complete). */
  missing: string[];
  /** Base64 DER body of `cert.pem`, when that file is there and readable. */
  certificateBody: string | null;
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
  /** Scopes of a CODE, TOKEN or SAML2-BEARER client; the spec does not manage them, a PUT must keep them. */
  scope?: string[];
  /**
   * The deprecated mirror of `roleDivisions` (SDK `OAuthClient.roleIds`), and when the client is to be deleted
   * (ISO-8601): writable fields a PUT must keep. Absent when the API did not return them, as in snapshots
   * recorded before they were kept.
   */
  roleIds?: string[];
  dateToDelete?: string;
}

/**
 * The PureEngage provider as the API returns it (SDK-DTS `PureEngage` and its generic base), `selfUri` left
 * out: every field, so that a PUT built from it (the API replaces the whole model) loses nothing.
 */
export type PureEngageSnapshot = Omit<PureEngageProvider, 'selfUri'>;
