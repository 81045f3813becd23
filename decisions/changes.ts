/**
 * The changes provisioning makes, as data. Each resource's decision module (this folder) returns them from
 * the org's state and the wanted state; the activities carry them out, `plan` prints them and `verify`
 * reports them as drift. So the three can never disagree about what must change.
 *
 * Plain data, no imports but types: workflow code imports this folder too.
 */
import type { OAuthClientRequest, PureEngageProvider } from '../purecloud/types.js';

/** One name per resource across layers: step name prefix, activity file, decision module, drift kind. */
export type ResourceKind =
  'certificate' | 'oauth-client' | 'identity-provider' | 'role-permissions' | 'admin';

interface ChangeBase {
  /** The resource's name in the spec: the output folder, client name, provider name, role name or email. */
  name: string;
  /** Why, one human-readable line each (what `plan` and `verify` print). */
  reasons: string[];
}

/** Generate the certificate bundle and write it into the output folder. */
export interface CreateCertificateBundle extends ChangeBase {
  resource: 'certificate';
  action: 'create';
}

/** POST an OAuth client. The activity adds the run marker to `description` (idempotent create). */
export interface CreateOAuthClient extends ChangeBase {
  resource: 'oauth-client';
  action: 'create';
  request: OAuthClientRequest;
}

/** PUT the whole request model of an existing client (widened: nothing it had is taken away). */
export interface UpdateOAuthClient extends ChangeBase {
  resource: 'oauth-client';
  action: 'update';
  id: string;
  request: OAuthClientRequest;
}

/**
 * PUT the PureEngage provider's whole body (the API replaces the model). `body.certificate` is absent when
 * the certificate is yet to be generated (plan, before the certificate step).
 */
export interface PutIdentityProvider extends ChangeBase {
  resource: 'identity-provider';
  action: 'create' | 'update';
  body: PureEngageProvider;
}

/** Add permissions to a role (read, merge, PUT the complete policy set). */
export interface AddRolePermissions extends ChangeBase {
  resource: 'role-permissions';
  action: 'add-permissions';
  roleId: string;
  permissions: string[];
}

/**
 * POST a user, active. Always followed by {@link AddAdminRoles} (a new user's default roles are the org's
 * choice) and, when the spec says `invite`, {@link InviteAdmin}.
 */
export interface CreateAdmin extends ChangeBase {
  resource: 'admin';
  action: 'create';
  request: { name: string; email: string; divisionId: string; state: 'active' };
}

/** `POST /users/{id}/invite`: the activation e-mail. `userId` is null for a user still to be created. */
export interface InviteAdmin extends ChangeBase {
  resource: 'admin';
  action: 'invite';
  userId: string | null;
}

/** `PATCH /users/{id}` with `state: active`: an existing account that is inactive cannot sign in. */
export interface ActivateAdmin extends ChangeBase {
  resource: 'admin';
  action: 'activate';
  userId: string;
}

/** PUT the user's role list: what it holds plus `roleIds`. `userId` is null for a user still to be created. */
export interface AddAdminRoles extends ChangeBase {
  resource: 'admin';
  action: 'add-roles';
  userId: string | null;
  roleIds: string[];
}

export type Change =
  | CreateCertificateBundle
  | CreateOAuthClient
  | UpdateOAuthClient
  | PutIdentityProvider
  | AddRolePermissions
  | CreateAdmin
  | AddAdminRoles
  | InviteAdmin
  | ActivateAdmin;

/**
 * Why provisioning refuses to start, by kind: `invalid` (the spec names what the org lacks), `issuer-conflict`
 * (another identity provider has the issuer URI), `already-exists` (`onExisting: fail` forbids adopting).
 */
export interface Problem {
  kind: 'invalid' | 'issuer-conflict' | 'already-exists';
  message: string;
}

/** One managed resource: what must change, and what stops provisioning from changing it. */
export interface ResourceDecision {
  resource: ResourceKind;
  name: string;
  changes: Change[];
  problems: Problem[];
}

/** Whether a change brings the resource into existence (plan shows it as a create). */
export function isCreate(change: Change): boolean {
  return change.action === 'create';
}
