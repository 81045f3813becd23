import type { PermissionPolicy } from '../catalog.js';

/** Plain-JSON records of one emulated org. Everything here is serialisable as is (state file, control dump). */

export interface DivisionRecord {
  id: string;
  name: string;
  description: string;
}

export interface RoleRecord {
  id: string;
  name: string;
  description: string;
  defaultRoleId?: string;
  permissions: string[];
  permissionPolicies: PermissionPolicy[];
  default: boolean;
  base: boolean;
  dateCreated: string;
  dateModified: string;
}

export type ClientState = 'active' | 'disabled' | 'inactive';

export type GrantType = 'CODE' | 'TOKEN' | 'SAML2-BEARER' | 'PASSWORD' | 'CLIENT-CREDENTIALS';

export interface RoleDivision {
  roleId: string;
  divisionId: string;
}

export interface EntityRef {
  id: string;
  name?: string;
}

export interface ClientRecord {
  id: string;
  /** Only ever leaves the emulator in the create and regenerate-secret responses. */
  secret: string;
  name: string;
  description?: string;
  authorizedGrantType: GrantType;
  accessTokenValiditySeconds: number;
  registeredRedirectUri: string[];
  scope: string[];
  roleDivisions: RoleDivision[];
  state: ClientState;
  dateToDelete?: string;
  dateCreated: string;
  dateModified: string;
  createdBy?: EntityRef;
  modifiedBy?: EntityRef;
}

export type UserState = 'active' | 'inactive' | 'deleted';

export interface UserRecord {
  id: string;
  name: string;
  email: string;
  divisionId: string;
  state: UserState;
  title?: string;
  department?: string;
  addresses: Record<string, unknown>[];
  version: number;
  dateCreated: string;
  /** Invitations sent (`POST /users/{id}/invite`); absent = none. */
  invitationsSent?: number;
}

export interface GrantRecord {
  subjectId: string;
  roleId: string;
  divisionId: string;
  grantMadeAt: string;
}

/** SAML fields every identity provider model shares (SDK `SAMLProvider`); certificates without PEM armour. */
export interface SamlProviderFields {
  id: string;
  name: string;
  disabled: boolean;
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
}

/** The PureEngage identity provider singleton as stored. */
export interface PureEngageRecord extends SamlProviderFields {
  autoProvisionUsers?: boolean;
}

/** A generic identity provider (`POST /api/v2/identityproviders`, SDK `CustomProvider`) as stored. */
export interface CustomProviderRecord extends SamlProviderFields {
  endpointCompression?: boolean;
}

export interface OrgState {
  id: string;
  name: string;
  thirdPartyOrgName: string;
  version: number;
  homeDivision: DivisionRecord;
  roles: RoleRecord[];
  clients: ClientRecord[];
  users: UserRecord[];
  /** Role grants of users (OAuth clients keep theirs in `roleDivisions`). */
  userGrants: GrantRecord[];
  identityProvider?: PureEngageRecord;
  /** Generic identity providers, in creation order. */
  customIdentityProviders: CustomProviderRecord[];
}

export interface TokenRecord {
  token: string;
  orgId: string;
  clientId: string;
  /** Set for SAML2-bearer tokens: the user the token acts for. */
  userId?: string;
  issuedAt: number;
  expiresAt: number;
}
