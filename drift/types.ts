/**
 * Desired state (the provisioning input) against actual state (read from the org): the shapes both the
 * diff engine and its callers (`hybrid plan`, the verification activity) share. Plain data only, so a
 * report can travel through Temporal history.
 */
import type { OAuthClientSnapshot, PureEngageSnapshot, RoleSnapshot } from '../provisioning/types.js';

/** What the org looks like now, as far as provisioning cares; read without changing anything. */
export interface OrgState {
  orgId: string;
  /** `Organization.thirdPartyOrgName`: the `orgName` of a SAML2 bearer exchange. */
  thirdPartyOrgName: string;
  homeDivision: { id: string; name: string };
  /** Every role the input names, by name; null when the org has no role of that name. */
  roles: Record<string, RoleSnapshot | null>;
  /** Non-deleted OAuth clients bearing each wanted name (configuration only, never secrets). */
  oauthClients: Record<string, OAuthClientSnapshot[]>;
  /** Every identity provider of the org, for the issuer-uniqueness check. */
  identityProviders: { id: string; name?: string; issuerURI?: string }[];
  /** The PureEngage identity provider, or null when the org has none. */
  pureEngage: PureEngageSnapshot | null;
  /** Wanted admin accounts by email; null when no such user exists. */
  users: Record<string, { id: string; roleIds: string[] } | null>;
  /** The certificate bundle in the input's output directory. */
  bundle: LocalBundleState;
}

export interface LocalBundleState {
  dir: string;
  /** Bundle file names that are not there (empty when the bundle is complete). */
  missing: string[];
  /** Base64 DER body of `cert.pem`, when that file is there and readable. */
  certificateBody: string | null;
}

export type DriftKind = 'certificate' | 'oauth-client' | 'identity-provider' | 'role-permissions' | 'admin';
export type DriftAction = 'create' | 'change' | 'none';

/** One resource provisioning manages: what it would do to it, and why. */
export interface DriftItem {
  kind: DriftKind;
  name: string;
  action: DriftAction;
  /** Each difference in one line; empty when the action is none. */
  details: string[];
}
