/**
 * Genesys Cloud Platform API model shapes, as in the official SDK's index.d.ts (purecloud-platform-client-v2),
 * trimmed to the fields this project reads or writes. Required/optional follows the SDK (`?` = optional).
 * Response types keep an index signature so fields we do not model survive a read-modify-write.
 */

/** `{ id, name, selfUri }` reference to another entity. */
export interface DomainEntityRef {
  id?: string;
  name?: string;
  selfUri?: string;
}

/** Paged listing envelope shared by every `*EntityListing`. */
export interface EntityListing<T> {
  entities?: T[];
  pageSize?: number;
  pageNumber?: number;
  total?: number;
  pageCount?: number;
  firstUri?: string;
  previousUri?: string;
  selfUri?: string;
  nextUri?: string;
  lastUri?: string;
}

// ── OAuth clients ────────────────────────────────────────────────────────────────────────────────────────

/** Hyphenated spellings of current SDKs; the legacy `SAML2BEARER`/`CLIENT_CREDENTIALS` may come back on reads. */
export type OAuthGrantType = 'CODE' | 'TOKEN' | 'SAML2-BEARER' | 'PASSWORD' | 'CLIENT-CREDENTIALS';
export type OAuthClientState = 'active' | 'disabled' | 'inactive';

export interface RoleDivision {
  roleId: string;
  /** `*` = all divisions. */
  divisionId: string;
}

export interface OAuthClientRequest {
  name: string;
  authorizedGrantType: OAuthGrantType;
  /** 300..172800, server default 86400. */
  accessTokenValiditySeconds?: number;
  description?: string;
  registeredRedirectUri?: string[];
  /** Deprecated; use roleDivisions. */
  roleIds?: string[];
  /** Only for grant types other than client credentials. */
  scope?: string[];
  /** Only for client credentials. */
  roleDivisions?: RoleDivision[];
  state?: OAuthClientState;
  /** ISO-8601. */
  dateToDelete?: string;
}

export interface OAuthClient {
  id: string;
  name: string;
  authorizedGrantType: string;
  accessTokenValiditySeconds?: number;
  description?: string;
  registeredRedirectUri?: string[];
  /** Present on create and regenerate-secret responses. */
  secret?: string;
  roleIds?: string[];
  scope?: string[];
  roleDivisions?: RoleDivision[];
  /** `deleted` appears on listings for clients removed but not yet purged. */
  state?: OAuthClientState | 'deleted';
  dateToDelete?: string;
  dateCreated?: string;
  dateModified?: string;
  createdBy?: DomainEntityRef;
  modifiedBy?: DomainEntityRef;
  selfUri?: string;
  [extra: string]: unknown;
}

// ── Identity providers ───────────────────────────────────────────────────────────────────────────────────

/** An entry of `GET /api/v2/identityproviders` (SDK `SAMLProvider`). */
export interface IdentityProvider {
  id?: string;
  name?: string;
  disabled?: boolean;
  issuerURI?: string;
  ssoTargetURI?: string;
  sloURI?: string;
  sloBinding?: string;
  relyingPartyIdentifier?: string;
  certificate?: string;
  certificates?: string[];
  nameIdentifierFormat?: string;
  ssoBinding?: string;
  signAuthnRequests?: boolean;
  providerName?: string;
  displayOnLogin?: boolean;
  metadataURL?: string;
  forceAuthn?: boolean;
  selfUri?: string;
  [extra: string]: unknown;
}

/** The PureEngage (Genesys Engage on-premises) SAML identity provider singleton. All fields optional (SDK). */
export interface PureEngageProvider {
  id?: string;
  name?: string;
  disabled?: boolean;
  issuerURI?: string;
  ssoTargetURI?: string;
  sloURI?: string;
  /** e.g. `HTTP Redirect`, `HTTP Post`. */
  sloBinding?: string;
  relyingPartyIdentifier?: string;
  /** Legacy single certificate. */
  certificate?: string;
  /** Base64 DER bodies (PEM armour may be accepted; see reference §8). */
  certificates?: string[];
  logoImageData?: string;
  nameIdentifierFormat?: string;
  ssoBinding?: string;
  signAuthnRequests?: boolean;
  providerName?: string;
  displayOnLogin?: boolean;
  metadataURL?: string;
  forceAuthn?: boolean;
  autoProvisionUsers?: boolean;
  selfUri?: string;
}

/**
 * A generic identity provider (SDK `CustomProvider`): `POST /api/v2/identityproviders`,
 * `GET|PUT|DELETE /api/v2/identityproviders/{providerId}`. All fields optional in the SDK.
 */
export interface CustomProvider {
  id?: string;
  name?: string;
  disabled?: boolean;
  issuerURI?: string;
  ssoTargetURI?: string;
  sloURI?: string;
  sloBinding?: string;
  relyingPartyIdentifier?: string;
  certificate?: string;
  certificates?: string[];
  logoImageData?: string;
  nameIdentifierFormat?: string;
  ssoBinding?: string;
  signAuthnRequests?: boolean;
  providerName?: string;
  displayOnLogin?: boolean;
  metadataURL?: string;
  forceAuthn?: boolean;
  endpointCompression?: boolean;
  selfUri?: string;
}

/** What `PUT /api/v2/identityproviders/pureengage` returns. */
export interface IdentityProviderRef {
  id: string;
  name?: string;
  disabled?: boolean;
  selfUri?: string;
}

// ── Roles and permissions ────────────────────────────────────────────────────────────────────────────────

export interface ResourceConditionValue {
  type?: 'USER' | 'QUEUE' | 'SCALAR' | 'VARIABLE';
  value?: string;
  [extra: string]: unknown;
}

export interface ResourceConditionNode {
  variableName?: string;
  conjunction?: 'AND' | 'OR';
  operator?: 'EQ' | 'IN' | 'GE' | 'GT' | 'LE' | 'LT';
  operands?: ResourceConditionValue[];
  terms?: ResourceConditionNode[];
}

export interface DomainPermissionPolicy {
  domain?: string;
  /** `*` allowed. */
  entityName?: string;
  policyName?: string;
  policyDescription?: string;
  /** `*` allowed. */
  actionSet?: string[];
  namedResources?: string[];
  allowConditions?: boolean;
  resourceConditionNode?: ResourceConditionNode;
}

export interface DomainOrganizationRole {
  id: string;
  name: string;
  description?: string;
  defaultRoleId?: string;
  permissions?: string[];
  unusedPermissions?: string[];
  permissionPolicies?: DomainPermissionPolicy[];
  userCount?: number;
  roleNeedsUpdate?: boolean;
  baseLicense?: string;
  addonLicenses?: string[];
  dateLicenseLastUpdated?: string;
  default?: boolean;
  base?: boolean;
  selfUri?: string;
  [extra: string]: unknown;
}

/** Body of `PUT /api/v2/authorization/roles/{id}`: replaces the whole permission set. */
export interface DomainOrganizationRoleUpdate {
  name: string;
  description?: string;
  /** Legacy flat `domain:entity:action` strings. */
  permissions?: string[];
  permissionPolicies?: DomainPermissionPolicy[];
}

export interface DomainPermission {
  domain?: string;
  entityType?: string;
  action?: string;
  label?: string;
  allowsConditions?: boolean;
  divisionAware?: boolean;
}

export interface DomainPermissionCollection {
  id?: string;
  name?: string;
  domain?: string;
  /** entity type → permissions of that entity. */
  permissionMap?: Record<string, DomainPermission[]>;
  selfUri?: string;
}

// ── Users and grants ─────────────────────────────────────────────────────────────────────────────────────

export interface Contact {
  address?: string;
  display?: string;
  mediaType?: string;
  type?: string;
  extension?: string;
  countryCode?: string;
  integration?: string;
}

export interface CreateUser {
  name: string;
  /** Also the username. */
  email: string;
  /** Required by the SDK model; the home division id from `authorization.homeDivision()`. */
  divisionId: string;
  department?: string;
  title?: string;
  password?: string;
  addresses?: Contact[];
  /** Absent: active when invites are sent, else inactive. */
  state?: 'active' | 'inactive';
}

export interface User {
  id: string;
  name?: string;
  email?: string;
  username?: string;
  /** `deleted` for soft-deleted users. */
  state?: string;
  division?: DomainEntityRef;
  title?: string;
  department?: string;
  addresses?: Contact[];
  primaryContactInfo?: Contact[];
  /** Required on later PATCH. */
  version?: number;
  selfUri?: string;
  [extra: string]: unknown;
}

/**
 * Body of `PATCH /api/v2/users/{id}` (SDK `UpdateUser`, trimmed): `version` is required and must be the
 * user's current one. `state: 'active'` restores a soft-deleted user.
 */
export interface UpdateUser {
  version: number;
  name?: string;
  email?: string;
  title?: string;
  department?: string;
  addresses?: Contact[];
  state?: 'active' | 'inactive';
}

export interface DomainRole {
  id?: string;
  name?: string;
}

export interface UserAuthorization {
  roles?: DomainRole[];
  unusedRoles?: DomainRole[];
  permissions?: string[];
  permissionPolicies?: Record<string, unknown>[];
}

export type GrantSubjectType = 'PC_USER' | 'PC_GROUP' | 'PC_OAUTH_CLIENT';

export interface RoleDivisionGrant {
  roleId: string;
  divisionId: string;
}

// ── Divisions and organization ───────────────────────────────────────────────────────────────────────────

export interface AuthzDivision {
  id: string;
  name?: string;
  description?: string;
  homeDivision?: boolean;
  objectCounts?: Record<string, number>;
  selfUri?: string;
}

export interface Organization {
  id: string;
  name?: string;
  /** The org "short name", used as `orgName` of the SAML2 bearer grant. */
  thirdPartyOrgName?: string;
  thirdPartyURI?: string;
  domain?: string;
  defaultLanguage?: string;
  defaultCountryCode?: string;
  features?: Record<string, boolean>;
  version?: number;
  state?: string;
  defaultSiteId?: string;
  supportURI?: string;
  voicemailEnabled?: boolean;
  productPlatform?: string;
  selfUri?: string;
  [extra: string]: unknown;
}
